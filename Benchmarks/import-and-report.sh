#!/bin/sh
# Benchmark: import ~940k generated events (1M, less the landings autoheal records itself) with autoheal vs sqlite3's .import of the same rows into the same
# schema, in one run; then time reports over 100k incidents. Prints figures; asserts nothing.
# Usage: Benchmarks/import-and-report.sh [INCIDENTS] [AUTOHEAL_BINARY]   (default 100000 incidents = ~940k events to import)
set -eu
cd "$(dirname "$0")/.."
N=${1:-100000}
BIN=${2:-.build/release/autoheal}
[ -x "$BIN" ] || { echo "build first: make release" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 Benchmarks/generate_events.py "$N" "$W/events.ndjson" "$W/rows.csv" "$W/own.csv"
EVENTS=$(wc -l < "$W/events.ndjson")
echo "events: $EVENTS for $N incidents ($(du -h "$W/events.ndjson" | cut -f1) NDJSON)"

now() { date +%s.%N; }
# The sqlite3 commands that add the rows of CSV file $1 to the events table.
insert_rows() {
  cat <<SQL
CREATE TEMP TABLE rows(key, incident, type, at_us, service, severity, source, attrs, event_id, recorded_at_us);
.mode csv
.import $1 rows
INSERT INTO events(key, incident, type, at_us, service, severity, source, attrs, event_id, recorded_at_us)
  SELECT key, incident, type, at_us, NULLIF(service,''), NULLIF(severity,''), source, NULLIF(attrs,''), event_id, recorded_at_us FROM rows;
SQL
}
elapsed() { awk "BEGIN { print $2 - $1 }"; }

# sqlite3 .import into the same table, indexes and journal mode autoheal uses.
"$BIN" --db "$W/schema.sqlite" init >/dev/null
sqlite3 "$W/schema.sqlite" .schema > "$W/schema.sql"
t0=$(now)
sqlite3 "$W/sqlite.sqlite" <<SQL >/dev/null
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
$(grep -v sqlite_sequence "$W/schema.sql")
$(insert_rows "$W/rows.csv")
SQL
t1=$(now)
SQLITE_S=$(elapsed "$t0" "$t1")

# A failed import must not be timed as a fast one.
t0=$(now)
"$BIN" --db "$W/autoheal.sqlite" import "$W/events.ndjson" >/dev/null || { echo "autoheal import failed" >&2; exit 1; }
t1=$(now)
AUTOHEAL_S=$(elapsed "$t0" "$t1")

t0=$(now)
"$BIN" --db "$W/autoheal.sqlite" import "$W/events.ndjson" >/dev/null || { echo "autoheal re-import failed" >&2; exit 1; }
t1=$(now)
REIMPORT_S=$(elapsed "$t0" "$t1")

# The landings, which autoheal records itself from git (import refuses them), go in beside the imported
# events, as sync would write them, so that the reports below have MTTP to compute.
insert_rows "$W/own.csv" | sqlite3 "$W/autoheal.sqlite" >/dev/null

printf 'import  sqlite3 .import: %.2f s   autoheal import: %.2f s   ratio: %.2fx   re-import (all duplicates): %.2f s\n' \
  "$SQLITE_S" "$AUTOHEAL_S" "$(awk "BEGIN { print $AUTOHEAL_S / $SQLITE_S }")" "$REIMPORT_S"

for by in service service,quarter severity,month; do
  t0=$(now)
  "$BIN" --db "$W/autoheal.sqlite" report --by "$by" --format json > /dev/null
  t1=$(now)
  printf 'report --by %-16s %.2f s over %s incidents\n' "$by" "$(elapsed "$t0" "$t1")" "$N"
done
t0=$(now)
"$BIN" --db "$W/autoheal.sqlite" show INC-4242 > /dev/null
t1=$(now)
printf 'show one incident: %.3f s\n' "$(elapsed "$t0" "$t1")"
