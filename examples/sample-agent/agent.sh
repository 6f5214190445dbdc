#!/bin/sh
# autoheal's deterministic sample agent: what `autoheal demo` (and anyone trying `autoheal prevent`
# without a real coding agent) runs with `--agent-cmd examples/sample-agent/agent.sh`.
#
# Like a real agent it gets the brief on stdin, the task as $AUTOHEAL_TASK (task.json) and runs in the
# fix's worktree. It writes one regression test for the incident and leaves committing to autoheal.
# Incident text is only ever read as data: it is copied into files, never evaluated.
set -eu

: "${AUTOHEAL_INCIDENT:?run me through autoheal prevent}"
: "${AUTOHEAL_TASK:?run me through autoheal prevent}"

# The incident id as a file-name-safe word: INC-7 -> inc_7.
id=$(printf '%s' "$AUTOHEAL_INCIDENT" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_')

# The first linked code path in task.json, if any (a plain text scan: no JSON tool needed).
path=$(sed -n 's/^ *"path": "\([^"]*\)".*/\1/p' "$AUTOHEAL_TASK" | head -n 1)

# Keep the brief beside the run, to show it arrived on stdin.
brief_lines=$(wc -l | tr -d ' ')

case "$path" in
*.py)
    mkdir -p tests
    file="tests/test_autoheal_${id}.py"
    module=$(basename "$path" .py)
    cat > "$file" <<PY
# Regression test for ${AUTOHEAL_INCIDENT}, drafted by autoheal's sample agent.
import importlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", os.path.dirname("${path}")))


def test_${id}_module_still_loads():
    assert importlib.import_module("${module}") is not None
PY
    ;;
*)
    mkdir -p tests/autoheal
    file="tests/autoheal/${id}.sh"
    cat > "$file" <<SH
#!/bin/sh
# Regression check for ${AUTOHEAL_INCIDENT}, drafted by autoheal's sample agent.
set -eu
test -e "${path:-.}"
SH
    chmod +x "$file"
    ;;
esac

# A result object in the shape claude/gemini print with --output-format json.
printf '{"type":"result","num_turns":1,"total_cost_usd":0,"result":"wrote %s (brief: %s lines)"}\n' "$file" "$brief_lines"
