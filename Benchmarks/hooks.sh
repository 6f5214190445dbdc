#!/bin/sh
# Benchmark: the time autoheal's hooks add to `git commit`, on an ordinary branch and on a fix branch.
# Prints median and p90 over N commits with and without the hooks installed. Asserts nothing.
# Usage: Benchmarks/hooks.sh [N] [AUTOHEAL_BINARY]
set -eu
cd "$(dirname "$0")/.."
N=${1:-100}
BIN=$(cd "$(dirname "${2:-.build/release/autoheal}")" && pwd)/$(basename "${2:-.build/release/autoheal}")
[ -x "$BIN" ] || { echo "build first: make release" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@x GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@x HOME="$W" AUTOHEAL_DB=
git init -q -b main "$W/repo"
cd "$W/repo"
echo x > f && git add f && git commit -q -m init
printf '{"incident":"INC-1","type":"sli.recovered","at":"2026-11-10T03:08:00Z","service":"s"}\n' | "$BIN" import - >/dev/null

# Times N commits (each a one-line change); prints one duration in ms per line.
run() {
  i=0
  while [ $i -lt "$N" ]; do
    echo "$i $1" >> f
    git add f
    python3 - <<'PY'
import subprocess, time
t = time.perf_counter()
subprocess.run(["git", "commit", "-q", "-m", "change"], check=True)
print(f"{(time.perf_counter() - t) * 1000:.3f}")
PY
    i=$((i + 1))
  done
}
stats() { sort -n | awk '{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)]; p = a[int(NR * 0.9 + 0.5)]; printf "median %.1f ms  p90 %.1f ms", m, p }'; }

base=$(run plain | stats)
"$BIN" hooks install >/dev/null
ordinary=$(run ordinary | stats)
git checkout -q -b autoheal/INC-1-bench
fix=$(run fix | stats)
git checkout -q main
echo "git commit without hooks:           $base"
echo "with hooks, ordinary branch:        $ordinary"
echo "with hooks, fix branch (records):   $fix"
