/*
 * GSSAPI (Kerberos) that always fails, linked into the release binary instead of MIT Kerberos's
 * libgssapi_krb5 by scripts/static-libgit2.sh.
 *
 * libgit2 calls GSSAPI only to answer an HTTP "Negotiate" (SPNEGO) challenge from a remote. autoheal
 * never talks to a remote — every git read and write is local — yet the shared Kerberos libraries
 * (libgssapi_krb5 and the six it needs) were loaded and relocated by every autoheal process: about
 * 0.45 ms of each start. Should libgit2 ever ask, each call reports GSS_S_FAILURE, and libgit2 fails
 * that authentication with an error, as if no Kerberos ticket were available.
 *
 * The types are spelled without <gssapi.h> (which the -dev package would bring): every parameter is a
 * pointer or a 32-bit status, the same in the ABI.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t OM_uint32;
#define GSS_S_FAILURE ((OM_uint32)13 << 16)

/* The name type libgit2 passes to gss_import_name; no real OID is needed when every call fails. */
void *GSS_C_NT_HOSTBASED_SERVICE = NULL;

static OM_uint32 unavailable(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return GSS_S_FAILURE;
}

OM_uint32 gss_import_name(OM_uint32 *minor, void *name, void *type, void *out) {
    (void)name; (void)type; (void)out;
    return unavailable(minor);
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *cred, void *context, void *target, void *mech,
                               OM_uint32 flags, OM_uint32 time, void *bindings, void *input, void *actual_mech,
                               void *output, OM_uint32 *ret_flags, OM_uint32 *time_rec) {
    (void)cred; (void)context; (void)target; (void)mech; (void)flags; (void)time; (void)bindings;
    (void)input; (void)actual_mech; (void)output; (void)ret_flags; (void)time_rec;
    return unavailable(minor);
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void *mechs) {
    (void)mechs;
    return unavailable(minor);
}

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech, OM_uint32 *context, void *out) {
    (void)status; (void)type; (void)mech; (void)out;
    if (context) *context = 0;
    return unavailable(minor);
}

/* Releases succeed: nothing was ever allocated. */
static OM_uint32 released(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return 0;
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void *context, void *token) {
    (void)context; (void)token;
    return released(minor);
}

OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer) {
    (void)buffer;
    return released(minor);
}

OM_uint32 gss_release_name(OM_uint32 *minor, void *name) {
    (void)name;
    return released(minor);
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor, void *set) {
    (void)set;
    return released(minor);
}
