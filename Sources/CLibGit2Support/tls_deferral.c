/*
 * Deferral of the system CA bundle that libgit2 loads at start-up.
 *
 * Debian's libgit2 is built with mbedTLS, and git_libgit2_init() parses the whole system CA bundle
 * (/etc/ssl/certs/ca-certificates.crt, ~140 certificates) with mbedTLS's constant-time base64 decoder:
 * about 6 ms, more than half of what a short autoheal command costs. autoheal never talks to a remote
 * (every git read and write is local), so it has no use for those certificates.
 *
 * The two mbedTLS loaders libgit2 calls are defined here. The executable's definitions come first
 * in the dynamic linker's lookup, so libgit2's calls reach these. While deferral is on they load
 * nothing and report success; otherwise they forward to mbedTLS unchanged (found with RTLD_NEXT),
 * so an explicit GIT_OPT_SET_SSL_CERT_LOCATIONS still works. With a libgit2 built against OpenSSL
 * nothing calls them and nothing changes.
 *
 * This matters where mbedTLS is a shared library: a plain `swift build`. The `make` builds link a
 * stand-in without TLS instead (scripts/mbedtls-unavailable.c); there these definitions are the only
 * CA loaders, and forwarding finds none and reports failure, which libgit2 takes as "no certificates".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>

#include "autoheal_libgit2_support.h"

static atomic_int deferring = 0;

void autoheal_defer_system_certificates(int on) {
    atomic_store(&deferring, on);
}

typedef int (*parse_fn)(void *chain, const char *location);

static int forward(const char *symbol, void *chain, const char *location) {
    parse_fn next = (parse_fn)dlsym(RTLD_NEXT, symbol);
    return next ? next(chain, location) : -1;
}

__attribute__((visibility("default")))
int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (atomic_load(&deferring)) return 0;
    return forward("mbedtls_x509_crt_parse_file", chain, path);
}

__attribute__((visibility("default")))
int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    if (atomic_load(&deferring)) return 0;
    return forward("mbedtls_x509_crt_parse_path", chain, path);
}
