#!/bin/sh
# Checks the OpenMetrics and HTML reports with real consumers: prometheus-client's OpenMetrics parser,
# and headless Chromium (a screenshot that must not be blank, and the DOM it built).
#
#   scripts/check-reports.sh --openmetrics FILE --html FILE
#   scripts/check-reports.sh --autoheal BIN --db DB [--by service]   (renders both reports first)
#
# Needs python3 with prometheus-client, and chromium (Debian package `chromium`); `make setup-test`
# installs both. Exit status 0 when every check passes, 1 when one fails, 64 on a usage error.
set -eu

usage() { echo "usage: $0 [--openmetrics FILE] [--html FILE] | --autoheal BIN --db DB [--by DIMS]" >&2; exit 64; }

here=$(cd "$(dirname "$0")" && pwd)
om=""; html=""; bin=""; db=""; by="service"
while [ $# -gt 0 ]; do
    case "$1" in
        --openmetrics) [ $# -ge 2 ] || usage; om=$2; shift 2 ;;
        --html) [ $# -ge 2 ] || usage; html=$2; shift 2 ;;
        --autoheal) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
        --db) [ $# -ge 2 ] || usage; db=$2; shift 2 ;;
        --by) [ $# -ge 2 ] || usage; by=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) usage ;;
    esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/autoheal-check-reports.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -n "$bin" ]; then
    [ -n "$db" ] || usage
    om="$work/report.om"; html="$work/report.html"
    "$bin" --db "$db" report --by "$by" --format openmetrics --out "$om"
    "$bin" --db "$db" report --by "$by" --format html --out "$html"
fi
[ -n "$om" ] || [ -n "$html" ] || usage

set -- "$here/check-reports.py"
[ -z "$om" ] || set -- "$@" --openmetrics "$om"

if [ -n "$html" ]; then
    browser=""
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
    if [ -z "$browser" ]; then echo "FAIL: chromium is not installed (apt-get install -y chromium)" >&2; exit 1; fi
    abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
    # Each run gets its own profile, so concurrent checks do not share a browser.
    flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir=$work/profile"
    # shellcheck disable=SC2086
    timeout 120 "$browser" $flags --window-size=1280,2400 --screenshot="$work/shot.png" "file://$abs" >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    timeout 120 "$browser" $flags --dump-dom "file://$abs" >"$work/dom.html" 2>/dev/null || true
    if [ ! -s "$work/shot.png" ]; then echo "FAIL: chromium made no screenshot of $html" >&2; exit 1; fi
    if [ ! -s "$work/dom.html" ]; then echo "FAIL: chromium dumped no DOM for $html" >&2; exit 1; fi
    set -- "$@" --html "$abs" --screenshot "$work/shot.png" --dom "$work/dom.html"
fi

python3 "$@"
