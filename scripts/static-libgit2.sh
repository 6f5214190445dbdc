#!/bin/sh
# Prepares a build that links Debian's libgit2 statically (`make` builds all link it so): writes
# DIR/libgit2.pc and DIR/libautoheal-git2.so, a linker script under a name no other directory on the
# linker's path holds (another pkg-config file may put /usr/lib first), so that
# `PKG_CONFIG_PATH=DIR swift build …` links libgit2.a and, of the libraries libgit2 needs, every one
# that has a static archive (http-parser, PCRE2, zlib, mbedTLS's crypto); libc stays shared. Three
# libraries libgit2 needs only to talk to remotes, which autoheal never does (every git read and write
# is local), are replaced by stand-ins whose calls fail: Kerberos's GSSAPI, for HTTP authentication
# (scripts/gssapi-unavailable.c); libssh2, for ssh:// remotes, with the OpenSSL it would pull in
# (scripts/ssh-unavailable.c); and mbedTLS's TLS and X.509, for https:// remotes
# (scripts/mbedtls-unavailable.c). Without a C compiler, `ar`, a library's header or (for mbedTLS) its
# crypto archive, the real library is linked, shared.
#
# SQLite is linked the same way from its archive when it is there (DIR/sqlite3.pc,
# DIR/libautoheal-sqlite3.so), and for the release link the C++ runtime (DIR/cxx/libstdc++.so).
#
# Why: an autoheal process then loads only libc, libm, libstdc++ and libgcc, and skips OpenSSL's and
# mbedTLS's start-up; libgit2's own xdiff can be called directly (the line tracer does). The cost: a
# security update of those Debian packages reaches autoheal only when it is rebuilt (`make install`).
#
# Without libgit2.a (another distribution), DIR is emptied and the build links libgit2 dynamically.
#   scripts/static-libgit2.sh DIR
set -eu
dir=$1
mkdir -p "$dir"
rm -f "$dir/libgit2.pc" "$dir/libgit2.so" "$dir/libautoheal-git2.so" "$dir/libgssapi-unavailable.a" "$dir/libssh-unavailable.a" \
    "$dir/libmbedtls-unavailable.a" "$dir/sqlite3.pc" "$dir/libautoheal-sqlite3.so"
rm -rf "$dir/cxx"
libdir=$(pkg-config --variable=libdir libgit2)
if [ ! -f "$libdir/libgit2.a" ] || ! command -v readelf >/dev/null; then
    echo "static-libgit2: no $libdir/libgit2.a (or no readelf); linking libgit2 dynamically" >&2
    exit 0
fi

# A C compiler for the stand-ins.
cc=""
for c in "${CC:-}" cc gcc clang; do
    if [ -n "$c" ] && command -v "$c" >/dev/null; then cc=$c; break; fi
done
here=$(cd "$(dirname "$0")" && pwd)

# Compiles scripts/SOURCE.c with FLAGS into DIR/OBJECT.o. Fails without a C compiler or the header.
#   compile OBJECT SOURCE [FLAGS]
compile() {
    [ -n "$cc" ] && "$cc" -c -O2 -fPIC ${3:-} -o "$dir/$1.o" "$here/$2.c" 2>/dev/null
}

# Archives DIR/OBJECT.o files as DIR/libNAME.a — an archive, not objects: the linker may read the
# linker script twice, and takes an archive's members only once. Fails without `ar`.
#   archive NAME OBJECT...
archive() {
    name=$1
    shift
    command -v ar >/dev/null || return 1
    (cd "$dir" && ar rcs "lib$name.a" $(for o in "$@"; do printf '%s.o ' "$o"; done))
}

# scripts/NAME-unavailable.c as DIR/libNAME-unavailable.a.
stand_in() {
    compile "$1-unavailable" "$1-unavailable" && archive "$1-unavailable" "$1-unavailable"
}

# mbedTLS without TLS: libmbedtls and libmbedx509 replaced, libmbedcrypto linked from its archive. Two
# members, so that the CA-bundle loaders come from the stand-in only where the program has none of its
# own (autoheal has; see scripts/mbedtls-unavailable.c). Without the archive, a compiler, `ar` or the
# headers, mbedTLS stays shared.
mbedtls_static=""
if [ -f "$libdir/libmbedcrypto.a" ] \
    && compile mbedtls-unavailable mbedtls-unavailable \
    && compile mbedtls-ca-unavailable mbedtls-unavailable -DAUTOHEAL_CA_LOADERS \
    && archive mbedtls-unavailable mbedtls-unavailable mbedtls-ca-unavailable; then
    mbedtls_static="$dir/libmbedtls-unavailable.a $libdir/libmbedcrypto.a"
fi

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
            libmbed*)
                if [ -z "$mbedtls_static" ]; then
                    inputs="$inputs $libdir/$soname"
                elif [ "$base" = libmbedcrypto ]; then
                    inputs="$inputs $mbedtls_static"
                fi
                ;;
            libgssapi_krb5)
                if stand_in gssapi; then inputs="$inputs $dir/libgssapi-unavailable.a"; else inputs="$inputs $libdir/$soname"; fi
                ;;
            libssh2)
                # Without it, libssh2's own needs (OpenSSL's libcrypto) are not linked either.
                if stand_in ssh; then
                    inputs="$inputs $dir/libssh-unavailable.a"
                elif [ -f "$libdir/$base.a" ]; then
                    inputs="$inputs $libdir/$base.a"
                    next="$next $(needed "$libdir/$soname")"
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

# Writes DIR/PACKAGE.pc (the pkg-config name) and the linker script it names,
# DIR/libautoheal-PACKAGE.so (without a leading "lib"), which links INPUTS; libdir too, so that this
# script still finds Debian's files when DIR is on PKG_CONFIG_PATH.
#   link_statically PACKAGE NAME LIBDIR INPUTS
link_statically() {
    lib=autoheal-${1#lib}
    cat > "$dir/lib$lib.so" <<EOF
/* Written by scripts/static-libgit2.sh: $2 linked statically, with the libraries it needs. */
GROUP ( $4 )
EOF
    cat > "$dir/$1.pc" <<EOF
libdir=$3
Name: $2
Description: $2 linked statically through $dir/lib$lib.so (scripts/static-libgit2.sh)
Version: $(pkg-config --modversion "$1")
Cflags: $(pkg-config --cflags "$1")
Libs: -L$dir -l$lib
EOF
    echo "static-libgit2: $4" >&2
}

# The linker script is named libautoheal-git2.so, not libgit2.so, so no other -L on the link line can
# shadow it.
link_statically libgit2 libgit2 "$libdir" "$inputs"

# SQLite too, when its archive is there: one shared library fewer to load and relocate in every process.
sqlite_libdir=$(pkg-config --variable=libdir sqlite3 2>/dev/null || true)
if [ -n "$sqlite_libdir" ] && [ -f "$sqlite_libdir/libsqlite3.a" ]; then
    link_statically sqlite3 SQLite "$sqlite_libdir" "$sqlite_libdir/libsqlite3.a -lm"
fi

# The C++ runtime, for the release link only (`make release` adds -L DIR/cxx): the Swift runtime,
# linked statically there, needs libstdc++, which the Swift driver names as -lstdc++. DIR/cxx/libstdc++.so
# is a linker script naming libstdc++.a, found before the shared library, so an autoheal process neither
# loads libstdc++.so nor runs its start-up (its locale set-up, its symbol binding): about 0.6 ms of
# `autoheal --version` and 1.5 ms of a small `link`. Not for test builds: they load Foundation's shared
# libraries, which load libstdc++.so themselves, and two copies of the C++ runtime must not meet.
if [ -n "$cc" ]; then
    cxx_archive=$("$cc" -print-file-name=libstdc++.a 2>/dev/null || true)
    case "$cxx_archive" in
        /*)
            if [ -f "$cxx_archive" ]; then
                mkdir -p "$dir/cxx"
                printf '/* Written by scripts/static-libgit2.sh: the C++ runtime linked statically. */\nINPUT ( %s )\n' \
                    "$cxx_archive" > "$dir/cxx/libstdc++.so"
                echo "static-libgit2: C++ runtime for the release link: $cxx_archive" >&2
            fi
            ;;
    esac
fi
