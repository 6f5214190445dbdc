#!/bin/sh
# Benchmark: `autoheal sync` over a generated first-parent history of N commits (default 100,000; every
# 500th carries a Prevents trailer for a known incident) against `git log --first-parent
# --format=%H%x00%B` of the same history, in one run. Prints figures; asserts nothing.
# Usage: Benchmarks/sync.sh [N] [AUTOHEAL_BINARY]
set -eu
cd "$(dirname "$0")/.."
N=${1:-100000}
BIN=$(cd "$(dirname "${2:-.build/release/autoheal}")" && pwd)/$(basename "${2:-.build/release/autoheal}")
[ -x "$BIN" ] || { echo "build first: make release" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
git init -q -b main "$W/repo"
python3 - "$N" "$W/events.ndjson" <<'PY' | git -C "$W/repo" fast-import --quiet
import sys
n, events = int(sys.argv[1]), sys.argv[2]
base = 1_700_000_000
out = sys.stdout.buffer
with open(events, "w") as ev:
    for i in range(1, n + 1):
        msg = f"Change {i}\n\nRefactor module {i % 97}.\n"
        if i % 500 == 0:
            msg += f"\nPrevents: INC-{i}\n"
            ev.write('{"incident":"INC-%d","type":"sli.recovered","at":"2023-01-01T00:00:00Z","service":"s"}\n' % i)
        data = msg.encode()
        blob = f"line {i}\n".encode()
        out.write(b"commit refs/heads/main\n")
        out.write(f"committer Bench <b@x> {base + i * 60} +0000\n".encode())
        out.write(b"data %d\n" % len(data) + data)
        out.write(b"M 644 inline f%d.txt\ndata %d\n" % (i % 50, len(blob)) + blob + b"\n")
PY
cd "$W/repo"
export AUTOHEAL_DB="$W/db.sqlite"
"$BIN" import "$W/events.ndjson" >/dev/null
echo "history: $(git rev-list --count --first-parent main) first-parent commits"
now() { date +%s.%N; }
t0=$(now); git log --first-parent --format='%H%x00%B' main > /dev/null; t1=$(now)
GIT_S=$(awk "BEGIN { print $t1 - $t0 }")
t0=$(now); "$BIN" sync --branch main --json > "$W/sync.json"; t1=$(now)
SYNC_S=$(awk "BEGIN { print $t1 - $t0 }")
t0=$(now); "$BIN" sync --branch main --json > /dev/null; t1=$(now)
AGAIN_S=$(awk "BEGIN { print $t1 - $t0 }")
LANDED=$(python3 -c "import json; print(len(json.load(open('$W/sync.json'))['landed']))")
printf 'git log --first-parent: %.2f s   autoheal sync: %.2f s (%s landings)   ratio: %.2fx   incremental re-run: %.3f s\n' \
  "$GIT_S" "$SYNC_S" "$LANDED" "$(awk "BEGIN { print $SYNC_S / $GIT_S }")" "$AGAIN_S"
