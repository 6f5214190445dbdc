#ifndef AUTOHEAL_LIBGIT2_SUPPORT_H
#define AUTOHEAL_LIBGIT2_SUPPORT_H

/* While on, libgit2's start-up loading of the system CA bundle is skipped (see tls_deferral.c).
   autoheal turns it on only around git_libgit2_init. */
void autoheal_defer_system_certificates(int on);

/* One 0-context hunk from xdiff: 0-based first line and line count in the old and the new buffer. A
   negative return stops the diff. */
typedef int (*autoheal_hunk_fn)(long old_start, long old_count, long new_start, long new_count, void *payload);

/* What autoheal_xdiff_hunks() returns when libgit2's xdiff cannot be called directly. */
#define AUTOHEAL_XDIFF_UNAVAILABLE (-2)

/* 1 when libgit2's xdiff was linked in (static libgit2) and its interface is the one expected. */
int autoheal_xdiff_available(void);

/* Diffs two buffers with libgit2's xdiff as git_diff_buffers() would with 0 context lines, the indent
   heuristic and, when asked, all whitespace ignored, and calls `hunk` for each hunk (see xdiff_hunks.c).
   Returns 0; -1 when xdiff fails (out of memory) or `hunk` stops it; AUTOHEAL_XDIFF_UNAVAILABLE when
   xdiff cannot be called directly. */
int autoheal_xdiff_hunks(const char *old_data, long old_size, const char *new_data, long new_size,
                         int ignore_whitespace, autoheal_hunk_fn hunk, void *payload);

/* Makes libgit2 see a shallow clone as git does: the commits listed in `$GIT_DIR/shallow` (`ids`, `count`
   raw 20-byte SHA-1s) read without their `parent` lines, so history ends there instead of at a missing
   object (libgit2 1.5 has no shallow support). `repository` is a git_repository*, `objects_dir` its
   object directory. Returns 0 (also when it was installed already), or a libgit2 error code (the
   repository is then left as it was). See shallow_odb.c. */
int autoheal_install_shallow_view(void *repository, const char *objects_dir, const unsigned char *ids, unsigned long count);

#endif
