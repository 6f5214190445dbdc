/*
 * Hunks straight from libgit2's xdiff, for the line tracer.
 *
 * The tracer needs only the 0-context hunk ranges between two buffers, thousands of times per `link`.
 * libgit2's public route to them, git_diff_buffers(), first SHA-1s both buffers (with the collision-
 * detecting SHA-1, about a quarter of the diff's cost) and builds a patch object around xdiff. Git's own
 * blame calls xdiff directly and takes the ranges from a hunk callback; this does the same.
 *
 * xdl_diff() is not part of libgit2's API: the shared library hides it, while Debian's static archive
 * (libgit2.a, which `make` links) has it as an ordinary symbol. So it is referenced weakly here, and
 * used only when it was linked in and the running libgit2 is the series whose xdiff interface the
 * declarations below describe (1.5: its xdiff.h, synced from git). Otherwise autoheal_xdiff_hunks()
 * reports that it cannot run and the caller uses git_diff_buffers(), which gives the same hunks.
 */
#include <stddef.h>

#include "autoheal_libgit2_support.h"

/* The parts of libgit2 1.5's xdiff interface used here (src/libgit2/xdiff/xdiff.h). */
typedef struct { char *ptr; long size; } ah_mmfile;
typedef struct {
    unsigned long flags;
    void **ignore_regex;
    size_t ignore_regex_nr;
    char **anchors;
    size_t anchors_nr;
} ah_xpparam;
typedef struct {
    void *priv;
    int (*out_hunk)(void *, long, long, long, long, const char *, long);
    int (*out_line)(void *, void *, int);
} ah_xdemitcb;
typedef struct {
    long ctxlen;
    long interhunkctxlen;
    unsigned long flags;
    void *find_func;
    void *find_func_priv;
    autoheal_hunk_fn hunk_func;
} ah_xdemitconf;

/* The flags libgit2 passes for GIT_DIFF_IGNORE_WHITESPACE (all four whitespace flags) and
   GIT_DIFF_INDENT_HEURISTIC. */
#define AH_XDF_WHITESPACE_FLAGS ((1UL << 1) | (1UL << 2) | (1UL << 3) | (1UL << 4))
#define AH_XDF_INDENT_HEURISTIC (1UL << 23)

extern int xdl_diff(ah_mmfile *, ah_mmfile *, const ah_xpparam *, const ah_xdemitconf *, ah_xdemitcb *)
    __attribute__((weak));
extern int git_libgit2_version(int *major, int *minor, int *rev);

int autoheal_xdiff_available(void) {
    int major = 0, minor = 0, rev = 0;
    git_libgit2_version(&major, &minor, &rev);
    return xdl_diff != NULL && major == 1 && minor == 5;
}

int autoheal_xdiff_hunks(const char *old_data, long old_size, const char *new_data, long new_size,
                         int ignore_whitespace, autoheal_hunk_fn hunk, void *payload) {
    if (!autoheal_xdiff_available()) return AUTOHEAL_XDIFF_UNAVAILABLE;
    ah_mmfile a = { (char *)old_data, old_size };
    ah_mmfile b = { (char *)new_data, new_size };
    ah_xpparam params = { 0 };
    params.flags = AH_XDF_INDENT_HEURISTIC | (ignore_whitespace ? AH_XDF_WHITESPACE_FLAGS : 0);
    ah_xdemitconf config = { 0 };
    config.hunk_func = hunk;
    ah_xdemitcb callback = { 0 };
    callback.priv = payload;
    return xdl_diff(&a, &b, &params, &config, &callback) < 0 ? -1 : 0;
}
