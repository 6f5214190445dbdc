#!/bin/sh
# Speed of `autoheal link --fix` against `git blame -w -L` on the same lines of the same files, in one
# run, on N fix commits of any repository (default 50). Prints totals, per-fix medians and the ratio.
#   Benchmarks/szz/speed.sh REPO [N]
# Uses $AUTOHEAL if set, else the release build in .build-speed or .build (built on demand), else
# `autoheal` on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "${AUTOHEAL:-}" ]; then
    for b in "$root/.build-speed/release/autoheal" "$root/.build/release/autoheal"; do
        if [ -x "$b" ]; then AUTOHEAL=$b; break; fi
    done
fi
if [ -z "${AUTOHEAL:-}" ]; then
    make -C "$root" release >&2 && AUTOHEAL="$root/.build/release/autoheal"
fi
export AUTOHEAL
exec python3 "$here/speed.py" "$@"
