/*
 * A shallow clone as git sees it, for libgit2 1.5.
 *
 * A shallow clone (`git clone --depth N`, CI's default checkout) lists in `$GIT_DIR/shallow` the
 * commits whose parents were not fetched. git treats them as root commits (a "graft" with no parents);
 * libgit2 1.5 does not, and every walk, ancestry check or merge base that reaches one fails on the
 * missing parent. This installs, as the repository's object database, one backend wrapping the
 * repository's own database: every call is passed through, except that reading one of the listed
 * commits returns it without its `parent` lines. The object keeps its id (libgit2 does not re-hash
 * what it reads: autoheal turns strict hash verification off), so the whole of libgit2 — revwalks,
 * git_graph_descendant_of, diffs against the first parent — sees the history git shows.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "autoheal_libgit2_support.h"

typedef struct {
    git_odb_backend parent;
    git_odb *inner;
    unsigned char *ids; /* sorted, 20 bytes each */
    size_t count;
} shallow_backend;

static int compare_ids(const void *a, const void *b) { return memcmp(a, b, GIT_OID_RAWSZ); }

static int is_boundary(const shallow_backend *b, const git_oid *id) {
    return b->count > 0 && bsearch(id->id, b->ids, b->count, GIT_OID_RAWSZ, compare_ids) != NULL;
}

/* The commit's bytes without the header's `parent` lines, in memory libgit2 frees. */
static int copy_object(void **out, size_t *len, shallow_backend *b, const git_oid *id, git_odb_object *obj) {
    const char *data = git_odb_object_data(obj);
    size_t size = git_odb_object_size(obj);
    char *copy = git_odb_backend_data_alloc(&b->parent, size + 1);
    if (!copy) return -1;
    size_t n = 0, i = 0;
    int rewrite = git_odb_object_type(obj) == GIT_OBJECT_COMMIT && is_boundary(b, id);
    int in_header = 1;
    while (i < size) {
        const char *nl = memchr(data + i, '\n', size - i);
        size_t end = nl ? (size_t)(nl - data) + 1 : size;
        if (in_header && end - i == 1) in_header = 0;
        if (!(rewrite && in_header && end - i >= 7 && memcmp(data + i, "parent ", 7) == 0)) {
            memcpy(copy + n, data + i, end - i);
            n += end - i;
        }
        if (!rewrite || !in_header) { /* the rest as it is */
            memcpy(copy + n, data + end, size - end);
            n += size - end;
            break;
        }
        i = end;
    }
    copy[n] = 0;
    *out = copy;
    *len = n;
    return 0;
}

static int sb_read(void **out, size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *id) {
    shallow_backend *b = (shallow_backend *)backend;
    git_odb_object *obj;
    int error = git_odb_read(&obj, b->inner, id);
    if (error < 0) return error;
    *type = git_odb_object_type(obj);
    error = copy_object(out, len, b, id, obj);
    git_odb_object_free(obj);
    return error;
}

static int sb_read_prefix(git_oid *full, void **out, size_t *len, git_object_t *type, git_odb_backend *backend,
                          const git_oid *prefix, size_t hex_len) {
    shallow_backend *b = (shallow_backend *)backend;
    git_odb_object *obj;
    int error = git_odb_read_prefix(&obj, b->inner, prefix, hex_len);
    if (error < 0) return error;
    git_oid_cpy(full, git_odb_object_id(obj));
    *type = git_odb_object_type(obj);
    error = copy_object(out, len, b, full, obj);
    git_odb_object_free(obj);
    return error;
}

static int sb_read_header(size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *id) {
    shallow_backend *b = (shallow_backend *)backend;
    if (is_boundary(b, id)) { /* its size without the parent lines */
        void *data;
        int error = sb_read(&data, len, type, backend, id);
        if (error == 0) git_odb_backend_data_free(backend, data);
        return error;
    }
    return git_odb_read_header(len, type, b->inner, id);
}

static int sb_write(git_odb_backend *backend, const git_oid *id, const void *data, size_t len, git_object_t type) {
    (void)id;
    git_oid written;
    return git_odb_write(&written, ((shallow_backend *)backend)->inner, data, len, type);
}

static int sb_exists(git_odb_backend *backend, const git_oid *id) {
    return git_odb_exists(((shallow_backend *)backend)->inner, id);
}

static int sb_exists_prefix(git_oid *out, git_odb_backend *backend, const git_oid *prefix, size_t hex_len) {
    return git_odb_exists_prefix(out, ((shallow_backend *)backend)->inner, prefix, hex_len);
}

static int sb_refresh(git_odb_backend *backend) { return git_odb_refresh(((shallow_backend *)backend)->inner); }

static int sb_foreach(git_odb_backend *backend, git_odb_foreach_cb cb, void *payload) {
    return git_odb_foreach(((shallow_backend *)backend)->inner, cb, payload);
}

static void sb_free(git_odb_backend *backend) {
    shallow_backend *b = (shallow_backend *)backend;
    git_odb_free(b->inner);
    free(b->ids);
    free(b);
}

int autoheal_install_shallow_view(void *repository, const char *objects_dir, const unsigned char *ids, unsigned long count) {
    git_repository *repo = repository;
    git_odb *inner = NULL, *outer = NULL, *current = NULL;
    git_odb_backend *first = NULL;
    /* Installed already (the view is asked for by each user of it). */
    if (git_repository_odb(&current, repo) == 0) {
        int ours = git_odb_num_backends(current) == 1 && git_odb_get_backend(&first, current, 0) == 0 && first->free == sb_free;
        git_odb_free(current);
        if (ours) return 0;
    }
    int error = git_odb_open(&inner, objects_dir);
    if (error < 0) return error;
    shallow_backend *b = calloc(1, sizeof *b);
    if (!b) { git_odb_free(inner); return -1; }
    b->ids = malloc(count ? count * GIT_OID_RAWSZ : 1);
    if (!b->ids) { free(b); git_odb_free(inner); return -1; }
    if (count) memcpy(b->ids, ids, count * GIT_OID_RAWSZ);
    qsort(b->ids, count, GIT_OID_RAWSZ, compare_ids);
    b->count = count;
    b->inner = inner;
    git_odb_init_backend(&b->parent, GIT_ODB_BACKEND_VERSION);
    b->parent.read = sb_read;
    b->parent.read_prefix = sb_read_prefix;
    b->parent.read_header = sb_read_header;
    b->parent.write = sb_write;
    b->parent.exists = sb_exists;
    b->parent.exists_prefix = sb_exists_prefix;
    b->parent.refresh = sb_refresh;
    b->parent.foreach = sb_foreach;
    b->parent.free = sb_free;
    if ((error = git_odb_new(&outer)) < 0) { sb_free(&b->parent); return error; }
    if ((error = git_odb_add_backend(outer, &b->parent, 1000)) < 0) { sb_free(&b->parent); git_odb_free(outer); return error; }
    error = git_repository_set_odb(repo, outer);
    git_odb_free(outer); /* the repository holds its own reference */
    return error;
}
