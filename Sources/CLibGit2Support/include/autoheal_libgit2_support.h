#ifndef AUTOHEAL_LIBGIT2_SUPPORT_H
#define AUTOHEAL_LIBGIT2_SUPPORT_H

/* While on, libgit2's start-up loading of the system CA bundle is skipped (see tls_deferral.c).
   autoheal turns it on only around git_libgit2_init. */
void autoheal_defer_system_certificates(int on);

#endif
