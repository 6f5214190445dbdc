#!/bin/sh
# Prepares a build that links Debian's libgit2 statically (`make` builds all link it so): writes
# DIR/libgit2.pc and DIR/libautoheal-git2.so, a linker script under a name no other directory on the
# linker's path holds (another pkg-config file may put /usr/lib first), so that
# `PKG_CONFIG_PATH=DIR swift build …` links libgit2.a and, of the
# shared libraries libgit2 needs, every one that has a static archive (libssh2, OpenSSL's libcrypto,
# http-parser, PCRE2, zlib). mbedTLS stays shared, so autoheal's skip of libgit2's CA-bundle parse can
# interpose on it (Sources/CLibGit2Support), and so does libc. Kerberos has no archive; its GSSAPI,
# which libgit2 uses only to authenticate to a remote over HTTP, is replaced by one whose every call
# fails (scripts/gssapi-unavailable.c), since autoheal never talks to a remote.
#
# Why: each autoheal process then loads 13 shared libraries fewer; `autoheal --version` and a one-line
# `link --fix` start about 3 ms sooner (of 9 and 18 ms), and hooks call the binary. The cost: a security
# update of those Debian packages reaches autoheal only when it is rebuilt (`make install`).
#
# Without libgit2.a (another distribution), DIR is emptied and the build links libgit2 dynamically.
#   scripts/static-libgit2.sh DIR
set -eu
dir=$1
mkdir -p "$dir"
rm -f "$dir/libgit2.pc" "$dir/libgit2.so" "$dir/libautoheal-git2.so" "$dir/libgssapi-unavailable.a"
libdir=$(pkg-config --variable=libdir libgit2)
if [ ! -f "$libdir/libgit2.a" ] || ! command -v readelf >/dev/null; then
    echo "static-libgit2: no $libdir/libgit2.a (or no readelf); linking libgit2 dynamically" >&2
    exit 0
fi

# A C compiler for the GSSAPI stand-in (without one, or without `ar`, Kerberos stays linked, shared).
cc=""
for c in "${CC:-}" cc gcc clang; do
    if [ -n "$c" ] && command -v "$c" >/dev/null; then cc=$c; break; fi
done
here=$(cd "$(dirname "$0")" && pwd)

# The shared libraries a library needs (its DT_NEEDED entries).
needed() { readelf -d "$1" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'; }

inputs="$libdir/libgit2.a"
seen=" "
todo=$(needed "$libdir/libgit2.so")
while [ -n "$todo" ]; do
    next=""
    for soname in $todo; do
        case "$seen" in *" $soname "*) continue ;; esac
        seen="$seen$soname "
        base=${soname%%.so*}
        case "$base" in
            libc | libm | libpthread | libdl | librt | libresolv) continue ;;
            libmbed*) inputs="$inputs $libdir/$soname" ;;
            libgssapi_krb5)
                # An archive, not an object: the linker may read the script twice, and takes an
                # archive's members only once.
                if [ -n "$cc" ] && command -v ar >/dev/null \
                    && "$cc" -c -O2 -fPIC -o "$dir/gssapi-unavailable.o" "$here/gssapi-unavailable.c" \
                    && ar rcs "$dir/libgssapi-unavailable.a" "$dir/gssapi-unavailable.o"; then
                    inputs="$inputs $dir/libgssapi-unavailable.a"
                else
                    inputs="$inputs $libdir/$soname"
                fi
                ;;
            *)
                if [ -f "$libdir/$base.a" ]; then
                    inputs="$inputs $libdir/$base.a"
                    next="$next $(needed "$libdir/$soname")"
                else
                    inputs="$inputs $libdir/$soname"
                fi
                ;;
        esac
    done
    todo=$next
done

cat > "$dir/libautoheal-git2.so" <<EOF
/* Written by scripts/static-libgit2.sh: libgit2 linked statically, with the libraries it needs. */
GROUP ( $inputs )
EOF
cat > "$dir/libgit2.pc" <<EOF
Name: libgit2
Description: libgit2 linked statically through $dir/libgit2.so (scripts/static-libgit2.sh)
Version: $(pkg-config --modversion libgit2)
Cflags: $(pkg-config --cflags libgit2)
Libs: -L$dir -lautoheal-git2
EOF
echo "static-libgit2: $inputs" >&2
