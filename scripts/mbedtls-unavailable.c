/*
 * mbedTLS's TLS and X.509 that have no TLS, linked into autoheal instead of libmbedtls and libmbedx509
 * by scripts/static-libgit2.sh (mbedTLS's crypto library, libmbedcrypto, is linked as it is).
 *
 * libgit2 uses TLS only for https:// remotes. autoheal never talks to a remote — every git read and
 * write is local — yet every autoheal process loaded and relocated mbedTLS's three shared libraries,
 * about 0.3 ms of each start. libgit2's start-up configures TLS (config defaults, a cipher list, the
 * random generator, seeded from mbedTLS's entropy sources) and loads the system CA bundle; here the
 * configuration and the seeding succeed and do nothing,
 * a TLS session can never be set up (mbedtls_ssl_setup fails, so an https:// remote fails in libgit2
 * with an error), and every other call fails too.
 *
 * Built twice: without AUTOHEAL_CA_LOADERS for the TLS calls, and with it for the two CA-bundle
 * loaders alone, in their own archive member. autoheal defines those two itself (its start-up skip of
 * the CA bundle, Sources/CLibGit2Support/tls_deferral.c), so the member is linked only into programs
 * that do not, such as the static-link test's.
 */
#include <stddef.h>
#include <string.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>

#define UNAVAILABLE MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE

#ifdef AUTOHEAL_CA_LOADERS

int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) {
    (void)chain; (void)path;
    return UNAVAILABLE;
}

int mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path) {
    (void)chain; (void)path;
    return UNAVAILABLE;
}

#else

/* What libgit2's start-up calls: it must succeed. libgit2 reads back two fields of the configuration
   (the CA chain and the random generator's state, to free them), so those are kept as mbedTLS keeps
   them, and structures start zeroed as mbedTLS's own initialisers leave them. */
void mbedtls_ssl_config_init(mbedtls_ssl_config *conf) { memset(conf, 0, sizeof *conf); }
int mbedtls_ssl_config_defaults(mbedtls_ssl_config *conf, int endpoint, int transport, int preset) {
    (void)conf; (void)endpoint; (void)transport; (void)preset;
    return 0;
}
void mbedtls_ssl_config_free(mbedtls_ssl_config *conf) { (void)conf; }
void mbedtls_ssl_conf_min_version(mbedtls_ssl_config *conf, int major, int minor) { (void)conf; (void)major; (void)minor; }
void mbedtls_ssl_conf_authmode(mbedtls_ssl_config *conf, int authmode) { (void)conf; (void)authmode; }
/* Any name is "known", so libgit2 finds its cipher list non-empty; no cipher is ever used. */
int mbedtls_ssl_get_ciphersuite_id(const char *name) { (void)name; return 1; }
void mbedtls_ssl_conf_ciphersuites(mbedtls_ssl_config *conf, const int *ciphersuites) { (void)conf; (void)ciphersuites; }
void mbedtls_ssl_conf_rng(mbedtls_ssl_config *conf, int (*f_rng)(void *, unsigned char *, size_t), void *p_rng) {
    conf->f_rng = f_rng;
    conf->p_rng = p_rng;
}
void mbedtls_ssl_conf_ca_chain(mbedtls_ssl_config *conf, mbedtls_x509_crt *ca_chain, mbedtls_x509_crl *ca_crl) {
    conf->ca_chain = ca_chain;
    conf->ca_crl = ca_crl;
}
void mbedtls_x509_crt_init(mbedtls_x509_crt *crt) { memset(crt, 0, sizeof *crt); }
void mbedtls_x509_crt_free(mbedtls_x509_crt *crt) { (void)crt; }

/* A session: never set up. */
void mbedtls_ssl_init(mbedtls_ssl_context *ssl) { memset(ssl, 0, sizeof *ssl); }
int mbedtls_ssl_setup(mbedtls_ssl_context *ssl, const mbedtls_ssl_config *conf) { (void)ssl; (void)conf; return UNAVAILABLE; }
void mbedtls_ssl_free(mbedtls_ssl_context *ssl) { (void)ssl; }
int mbedtls_ssl_set_hostname(mbedtls_ssl_context *ssl, const char *hostname) { (void)ssl; (void)hostname; return UNAVAILABLE; }
void mbedtls_ssl_set_bio(mbedtls_ssl_context *ssl, void *p_bio, mbedtls_ssl_send_t *f_send, mbedtls_ssl_recv_t *f_recv,
                         mbedtls_ssl_recv_timeout_t *f_recv_timeout) {
    (void)ssl; (void)p_bio; (void)f_send; (void)f_recv; (void)f_recv_timeout;
}
int mbedtls_ssl_handshake(mbedtls_ssl_context *ssl) { (void)ssl; return UNAVAILABLE; }
int mbedtls_ssl_read(mbedtls_ssl_context *ssl, unsigned char *buf, size_t len) { (void)ssl; (void)buf; (void)len; return UNAVAILABLE; }
int mbedtls_ssl_write(mbedtls_ssl_context *ssl, const unsigned char *buf, size_t len) { (void)ssl; (void)buf; (void)len; return UNAVAILABLE; }
int mbedtls_ssl_close_notify(mbedtls_ssl_context *ssl) { (void)ssl; return UNAVAILABLE; }
uint32_t mbedtls_ssl_get_verify_result(const mbedtls_ssl_context *ssl) { (void)ssl; return (uint32_t)-1; }
const mbedtls_x509_crt *mbedtls_ssl_get_peer_cert(const mbedtls_ssl_context *ssl) { (void)ssl; return NULL; }
/* The random generator libgit2 sets up at start-up, for TLS only: seeding it gathered entropy from
   every source mbedTLS has (HAVEGE's timing loops among them, about 2 % of a small `link`) for
   sessions that can never be set up. Here seeding succeeds without gathering anything, and drawing
   from the generator fails, so it can never hand out unseeded bytes. libmbedcrypto's generator and
   entropy members are then never linked. */
void mbedtls_entropy_init(mbedtls_entropy_context *ctx) { memset(ctx, 0, sizeof *ctx); }
void mbedtls_entropy_free(mbedtls_entropy_context *ctx) { (void)ctx; }
int mbedtls_entropy_func(void *data, unsigned char *output, size_t len) {
    (void)data;
    if (output && len) memset(output, 0, len);
    return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
}
void mbedtls_ctr_drbg_init(mbedtls_ctr_drbg_context *ctx) { memset(ctx, 0, sizeof *ctx); }
int mbedtls_ctr_drbg_seed(mbedtls_ctr_drbg_context *ctx, int (*f_entropy)(void *, unsigned char *, size_t),
                          void *p_entropy, const unsigned char *custom, size_t len) {
    (void)ctx; (void)f_entropy; (void)p_entropy; (void)custom; (void)len;
    return 0;
}
int mbedtls_ctr_drbg_random(void *p_rng, unsigned char *output, size_t output_len) {
    (void)p_rng;
    if (output && output_len) memset(output, 0, output_len);
    return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
}
void mbedtls_ctr_drbg_free(mbedtls_ctr_drbg_context *ctx) { (void)ctx; }

int mbedtls_x509_crt_verify_info(char *buf, size_t size, const char *prefix, uint32_t flags) {
    (void)prefix; (void)flags;
    if (buf && size) buf[0] = '\0';
    return 0;
}

#endif
