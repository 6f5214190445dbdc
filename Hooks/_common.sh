# autoheal hook helpers — sourced by each hook. POSIX sh, no bashisms.
# `autoheal hooks install` writes env.sh beside this file with AUTOHEAL_BIN, AUTOHEAL_PREFIX and
# AUTOHEAL_DEFAULT_BRANCH; the defaults below apply to a hand-copied hook (autoheal on PATH).
# In a hooks directory every repository runs (a global core.hooksPath), env.sh holds AUTOHEAL_BIN and
# AUTOHEAL_SHARED=1 only, and each repository where autoheal is installed keeps its own settings in
# <git-common-dir>/autoheal/hooks-env.sh; in any other repository autoheal's part of a hook does nothing.
_here=${AUTOHEAL_HOOKS_DIR:-${0%/*}}
[ -f "$_here/env.sh" ] && . "$_here/env.sh"

# Sets _cdir to the repository's common git dir. git sets GIT_INDEX_FILE for commit hooks, and the
# index lives in the (worktree's) git dir; other hooks run at the top of the work tree, where `.git` is
# the git dir or a file naming it (a linked worktree). That git dir's `commondir` file, in a linked
# worktree, names the common dir: all read with shell builtins, so no process starts. Elsewhere (a bare
# repository, GIT_DIR set) git is asked.
autoheal_common_dir() {
  _cdir=
  if [ -n "${GIT_INDEX_FILE:-}" ] && [ -f "${GIT_INDEX_FILE%/*}/HEAD" ]; then
    _cdir=${GIT_INDEX_FILE%/*}
  elif [ -z "${GIT_DIR:-}" ] && [ -f .git/HEAD ]; then
    _cdir=$PWD/.git
  elif [ -z "${GIT_DIR:-}" ] && [ -f .git ]; then
    _c=
    IFS= read -r _c < .git || [ -n "$_c" ] || _c=
    case "$_c" in "gitdir: /"*) _cdir=${_c#gitdir: } ;; "gitdir: "?*) _cdir=$PWD/${_c#gitdir: } ;; esac
    [ -f "$_cdir/HEAD" ] || _cdir=
  fi
  if [ -z "$_cdir" ]; then
    _cdir=$(git rev-parse --git-common-dir 2>/dev/null) || _cdir=
    return 0
  fi
  [ -f "$_cdir/commondir" ] || return 0
  _c=
  IFS= read -r _c < "$_cdir/commondir" || [ -n "$_c" ] || return 0
  case "$_c" in /*) _cdir=$_c ;; ?*) _cdir=$_cdir/$_c ;; esac
  return 0
}

if [ -n "${AUTOHEAL_SHARED:-}" ]; then
  autoheal_common_dir
  # (exit leaves only autoheal's part: the wrapper runs it in a subshell, after the previous hook.)
  [ -n "$_cdir" ] && [ -f "$_cdir/autoheal/hooks-env.sh" ] || exit 0
  . "$_cdir/autoheal/hooks-env.sh"
fi
: "${AUTOHEAL_BIN:=autoheal}"
: "${AUTOHEAL_PREFIX:=autoheal/}"
: "${AUTOHEAL_OLD_PREFIXES:=}"
: "${AUTOHEAL_DEFAULT_BRANCH:=}"

# Where failures are logged: <git-dir>/autoheal/hooks.log (GIT_DIR may be unset, e.g. in reference-transaction).
autoheal_log() {
  _dir=$(git rev-parse --git-common-dir 2>/dev/null) || return 0
  mkdir -p "$_dir/autoheal" 2>/dev/null || return 0
  printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$AUTOHEAL_HOOK" "$*" >> "$_dir/autoheal/hooks.log" 2>/dev/null
  return 0
}

# Sets _quick to the small `autoheal` executable installed with AUTOHEAL_BIN (install records the full
# program, `autoheal-full`, which starts slower): beside it in a build directory, in ../../bin from
# libexec/autoheal/ in an installation; else AUTOHEAL_BIN. It answers a few hook calls itself (see
# reference-transaction) and runs the full program for the rest. Shell builtins.
autoheal_quick_bin() {
  _quick=$AUTOHEAL_BIN
  case "$AUTOHEAL_BIN" in
    */libexec/autoheal/autoheal-full)
      [ -x "${AUTOHEAL_BIN%/libexec/autoheal/autoheal-full}/bin/autoheal" ] && _quick=${AUTOHEAL_BIN%/libexec/autoheal/autoheal-full}/bin/autoheal ;;
    */autoheal-full) [ -x "${AUTOHEAL_BIN%-full}" ] && _quick=${AUTOHEAL_BIN%-full} ;;
  esac
  return 0
}

# Runs autoheal; a failure is logged and never fails the git command.
autoheal_run() {
  if ! _out=$("$AUTOHEAL_BIN" "$@" 2>&1); then
    autoheal_log "autoheal $* failed: $_out"
  fi
  return 0
}

# Runs autoheal in the background (a sync), so the git command returns at once; a failure is logged
# with autoheal's message, and so are its notes on success (what a shallow or partial clone hid from a
# sync). AUTOHEAL_AFTER, when set, is removed once it has run (a file it reads).
autoheal_background() {
  ( if _err=$("$AUTOHEAL_BIN" "$@" 2>&1 >/dev/null); then
      case "$_err" in *"autoheal: note: "*) autoheal_log "autoheal $*: $_err" ;; esac
    else
      autoheal_log "autoheal $* failed: $_err"
    fi
    [ -z "${AUTOHEAL_AFTER:-}" ] || rm -rf "$AUTOHEAL_AFTER" ) </dev/null >/dev/null 2>&1 &
  return 0
}

# Records an event (`hook-event …`): a ledger another process holds (a long import) is waited for at
# most 1.5 s, then the record is made in the background (waiting up to 10 minutes), so git is never
# held up. AUTOHEAL_AFTER as for autoheal_background, also when the record is made at once.
autoheal_record() {
  if _out=$("$AUTOHEAL_BIN" "$@" --wait 1500 2>&1); then
    [ -z "${AUTOHEAL_AFTER:-}" ] || rm -rf "$AUTOHEAL_AFTER"
    return 0
  fi
  autoheal_log "autoheal $* failed: $_out; retrying in the background"
  autoheal_background "$@" --wait 600000
}

# Records a finished rebase of the fix branch of incident $1 (branch $2, its new tip $3); stdin: git's
# "<old> <new>" lines. What the rebase was given and where the branch was (rebase-merge/) is copied
# first, as git removes it after the hooks; it is removed once the record is made (see autoheal_record).
autoheal_record_rebase() {
  _tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoheal-rebase.XXXXXX") || return 0
  cat > "$_tmp/pairs"
  if _gd=$(git rev-parse --git-dir 2>/dev/null) && [ -d "$_gd/rebase-merge" ]; then
    for _f in onto orig-head git-rebase-todo.backup done; do
      [ -f "$_gd/rebase-merge/$_f" ] && cp "$_gd/rebase-merge/$_f" "$_tmp/$_f"
    done
  fi
  AUTOHEAL_AFTER=$_tmp
  autoheal_record hook-event rebased --incident "$1" --branch "$2" --commit "$3" --pairs "$_tmp/pairs" --state "$_tmp"
  AUTOHEAL_AFTER=
}

# Sets _branch to the current branch's short name (empty when HEAD is detached). git sets
# GIT_INDEX_FILE for commit hooks, and the index lives in the (worktree's) git dir, so HEAD is read
# with a shell builtin and no process starts; elsewhere git is asked.
autoheal_read_branch() {
  _branch=
  if [ -n "${GIT_INDEX_FILE:-}" ] && [ -f "${GIT_INDEX_FILE%/*}/HEAD" ]; then
    IFS= read -r _head < "${GIT_INDEX_FILE%/*}/HEAD" || return 0
    case "$_head" in "ref: refs/heads/"*) _branch=${_head#ref: refs/heads/} ;; esac
    # A rebase stopped on the way (edit, a conflict) has HEAD detached; the branch it rebases is named
    # in rebase-merge/head-name (rebase-apply/head-name for the apply backend).
    if [ -z "$_branch" ]; then
      for _rb in rebase-merge rebase-apply; do
        [ -f "${GIT_INDEX_FILE%/*}/$_rb/head-name" ] || continue
        IFS= read -r _head < "${GIT_INDEX_FILE%/*}/$_rb/head-name" || continue
        case "$_head" in refs/heads/*) _branch=${_head#refs/heads/} ;; esac
        break
      done
    fi
    return 0
  fi
  _branch=$(git symbolic-ref --short -q HEAD) || _branch=
}

# The current branch's short name, printed; fails when HEAD is detached.
autoheal_current_branch() {
  autoheal_read_branch
  [ -n "$_branch" ] || return 1
  printf '%s\n' "$_branch"
}

# Sets _prefix to the preventive-fix branch prefix branch $1 is under (the current one, or one the
# fix branches were made under before prevention.branch_prefix changed), else empty. Shell builtins.
autoheal_fix_prefix() {
  _prefix=
  for _p in "$AUTOHEAL_PREFIX" $AUTOHEAL_OLD_PREFIXES; do
    case "$1" in "$_p"*) _prefix=$_p; return 0 ;; esac
  done
  return 0
}

# The incident id of a preventive-fix branch (autoheal/INC-7-slug -> INC-7), else empty. `autoheal
# prevent` records it as branch.<name>.autohealIncident, since an id may hold dashes and digits itself
# (OPS-2025-5); for a branch made by hand, the leading LETTERS-DIGITS of the name.
autoheal_incident_of_branch() {
  # Fix branches made before prevention.branch_prefix changed keep their old prefix (prevent reuses them).
  autoheal_fix_prefix "$1"
  [ -n "$_prefix" ] || return 0
  if _id=$(git config --get "branch.$1.autohealIncident" 2>/dev/null) && [ -n "$_id" ]; then
    printf '%s\n' "$_id"
    return 0
  fi
  _rest=${1#"$_prefix"}
  # In the C locale: under a UTF-8 one, `.` matches no byte that is not UTF-8 (a latin1 branch name).
  printf '%s\n' "$_rest" | LC_ALL=C sed -n 's/^\([A-Za-z][A-Za-z0-9_]*-[0-9][0-9]*\).*$/\1/p'
}
