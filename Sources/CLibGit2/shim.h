#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: fixed-signature wrappers for the options
   autoheal sets. */
static inline int autoheal_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

static inline int autoheal_git_set_ssl_cert_file(const char *file) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, NULL);
}
