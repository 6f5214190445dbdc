/*
 * libssh2 that has no SSH, linked into autoheal instead of libssh2 (and the OpenSSL libcrypto it
 * needs) by scripts/static-libgit2.sh.
 *
 * libgit2 uses libssh2 only for ssh:// remotes. autoheal never talks to a remote — every git read and
 * write is local — yet every autoheal process paid for libssh2: libgit2's start-up calls libssh2_init(),
 * which initialises OpenSSL (reading its configuration and error strings), about 0.45 ms of each
 * start, and libcrypto made up much of the binary. Here libssh2_init() succeeds and does nothing; a
 * session can never be created, so an SSH remote fails in libgit2 with "failed to initialize SSH
 * session", and every other call fails too.
 */
#include <stddef.h>
#include <libssh2.h>

static char unavailable_message[] = "SSH is not available in autoheal (it works on local repositories only)";

int libssh2_init(int flags) { (void)flags; return 0; }
void libssh2_exit(void) {}

LIBSSH2_SESSION *libssh2_session_init_ex(LIBSSH2_ALLOC_FUNC((*alloc)), LIBSSH2_FREE_FUNC((*release)),
                                         LIBSSH2_REALLOC_FUNC((*relocate)), void *abstract) {
    (void)alloc; (void)release; (void)relocate; (void)abstract;
    return NULL;
}

int libssh2_session_last_error(LIBSSH2_SESSION *session, char **message, int *length, int want_buf) {
    (void)session; (void)want_buf;
    if (message) *message = unavailable_message;
    if (length) *length = (int)(sizeof unavailable_message - 1);
    return LIBSSH2_ERROR_SOCKET_NONE;
}

/* Everything below needs a session, which never exists: each call fails. */
#define FAIL return LIBSSH2_ERROR_SOCKET_NONE

void **libssh2_session_abstract(LIBSSH2_SESSION *session) { (void)session; return NULL; }
int libssh2_session_handshake(LIBSSH2_SESSION *session, libssh2_socket_t sock) { (void)session; (void)sock; FAIL; }
int libssh2_session_free(LIBSSH2_SESSION *session) { (void)session; FAIL; }
int libssh2_session_disconnect_ex(LIBSSH2_SESSION *session, int reason, const char *description, const char *lang) {
    (void)session; (void)reason; (void)description; (void)lang; FAIL;
}
int libssh2_session_method_pref(LIBSSH2_SESSION *session, int method_type, const char *prefs) {
    (void)session; (void)method_type; (void)prefs; FAIL;
}
void libssh2_session_set_blocking(LIBSSH2_SESSION *session, int blocking) { (void)session; (void)blocking; }
const char *libssh2_session_hostkey(LIBSSH2_SESSION *session, size_t *len, int *type) {
    (void)session; (void)len; (void)type; return NULL;
}
const char *libssh2_hostkey_hash(LIBSSH2_SESSION *session, int hash_type) { (void)session; (void)hash_type; return NULL; }

char *libssh2_userauth_list(LIBSSH2_SESSION *session, const char *username, unsigned int username_len) {
    (void)session; (void)username; (void)username_len; return NULL;
}
int libssh2_userauth_authenticated(LIBSSH2_SESSION *session) { (void)session; return 0; }
int libssh2_userauth_password_ex(LIBSSH2_SESSION *session, const char *username, unsigned int username_len,
                                 const char *password, unsigned int password_len,
                                 LIBSSH2_PASSWD_CHANGEREQ_FUNC((*passwd_change_cb))) {
    (void)session; (void)username; (void)username_len; (void)password; (void)password_len; (void)passwd_change_cb; FAIL;
}
int libssh2_userauth_publickey(LIBSSH2_SESSION *session, const char *username, const unsigned char *pubkeydata,
                               size_t pubkeydata_len, LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign_callback)),
                               void **abstract) {
    (void)session; (void)username; (void)pubkeydata; (void)pubkeydata_len; (void)sign_callback; (void)abstract; FAIL;
}
int libssh2_userauth_publickey_fromfile_ex(LIBSSH2_SESSION *session, const char *username, unsigned int username_len,
                                           const char *publickey, const char *privatekey, const char *passphrase) {
    (void)session; (void)username; (void)username_len; (void)publickey; (void)privatekey; (void)passphrase; FAIL;
}
int libssh2_userauth_publickey_frommemory(LIBSSH2_SESSION *session, const char *username, size_t username_len,
                                          const char *publickeyfiledata, size_t publickeyfiledata_len,
                                          const char *privatekeyfiledata, size_t privatekeyfiledata_len,
                                          const char *passphrase) {
    (void)session; (void)username; (void)username_len; (void)publickeyfiledata; (void)publickeyfiledata_len;
    (void)privatekeyfiledata; (void)privatekeyfiledata_len; (void)passphrase; FAIL;
}
int libssh2_userauth_keyboard_interactive_ex(LIBSSH2_SESSION *session, const char *username, unsigned int username_len,
                                             LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*response_callback))) {
    (void)session; (void)username; (void)username_len; (void)response_callback; FAIL;
}

LIBSSH2_AGENT *libssh2_agent_init(LIBSSH2_SESSION *session) { (void)session; return NULL; }
int libssh2_agent_connect(LIBSSH2_AGENT *agent) { (void)agent; FAIL; }
int libssh2_agent_disconnect(LIBSSH2_AGENT *agent) { (void)agent; FAIL; }
void libssh2_agent_free(LIBSSH2_AGENT *agent) { (void)agent; }
int libssh2_agent_list_identities(LIBSSH2_AGENT *agent) { (void)agent; FAIL; }
int libssh2_agent_get_identity(LIBSSH2_AGENT *agent, struct libssh2_agent_publickey **store,
                               struct libssh2_agent_publickey *prev) {
    (void)agent; (void)store; (void)prev; FAIL;
}
int libssh2_agent_userauth(LIBSSH2_AGENT *agent, const char *username, struct libssh2_agent_publickey *identity) {
    (void)agent; (void)username; (void)identity; FAIL;
}

LIBSSH2_KNOWNHOSTS *libssh2_knownhost_init(LIBSSH2_SESSION *session) { (void)session; return NULL; }
void libssh2_knownhost_free(LIBSSH2_KNOWNHOSTS *hosts) { (void)hosts; }
int libssh2_knownhost_readfile(LIBSSH2_KNOWNHOSTS *hosts, const char *filename, int type) {
    (void)hosts; (void)filename; (void)type; FAIL;
}
int libssh2_knownhost_checkp(LIBSSH2_KNOWNHOSTS *hosts, const char *host, int port, const char *key, size_t keylen,
                             int typemask, struct libssh2_knownhost **knownhost) {
    (void)hosts; (void)host; (void)port; (void)key; (void)keylen; (void)typemask; (void)knownhost; FAIL;
}

LIBSSH2_CHANNEL *libssh2_channel_open_ex(LIBSSH2_SESSION *session, const char *channel_type, unsigned int channel_type_len,
                                         unsigned int window_size, unsigned int packet_size, const char *message,
                                         unsigned int message_len) {
    (void)session; (void)channel_type; (void)channel_type_len; (void)window_size; (void)packet_size; (void)message;
    (void)message_len; return NULL;
}
int libssh2_channel_process_startup(LIBSSH2_CHANNEL *channel, const char *request, unsigned int request_len,
                                    const char *message, unsigned int message_len) {
    (void)channel; (void)request; (void)request_len; (void)message; (void)message_len; FAIL;
}
ssize_t libssh2_channel_read_ex(LIBSSH2_CHANNEL *channel, int stream_id, char *buf, size_t buflen) {
    (void)channel; (void)stream_id; (void)buf; (void)buflen; FAIL;
}
ssize_t libssh2_channel_write_ex(LIBSSH2_CHANNEL *channel, int stream_id, const char *buf, size_t buflen) {
    (void)channel; (void)stream_id; (void)buf; (void)buflen; FAIL;
}
void libssh2_channel_set_blocking(LIBSSH2_CHANNEL *channel, int blocking) { (void)channel; (void)blocking; }
int libssh2_channel_close(LIBSSH2_CHANNEL *channel) { (void)channel; FAIL; }
int libssh2_channel_free(LIBSSH2_CHANNEL *channel) { (void)channel; FAIL; }
