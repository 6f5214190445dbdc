#!/bin/sh
# Accuracy (and speed) of `autoheal link --fix` against `Fixes: <sha>` trailers, next to plain
# `git blame -w` on the same lines, in one run.
#   Benchmarks/szz/score.sh REPO [--limit N] [--dump FILE]
# Uses $AUTOHEAL if set, else the release build (built on demand), else `autoheal` on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "${AUTOHEAL:-}" ]; then
    if [ -x "$root/.build/release/autoheal" ]; then AUTOHEAL="$root/.build/release/autoheal"
    else make -C "$root" release >&2 && AUTOHEAL="$root/.build/release/autoheal"; fi
fi
export AUTOHEAL
exec python3 "$here/score.py" "$@"
