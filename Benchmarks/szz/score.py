#!/usr/bin/env python3
"""Score `autoheal link --fix` (SZZ) against `Fixes: <sha>` trailers, next to plain `git blame -w`.

For every non-merge commit whose message carries `Fixes: <sha> ("subject")` naming a commit that
exists, and whose diff (ignoring whitespace) deletes or changes at least one existing line:
  * autoheal: `autoheal --db TMP link SZZ --fix SHA --json`, the `introducing` commits;
  * plain blame: `git blame -w` at the fix's parent on every line the fix deleted or changed,
    every commit it names.
Precision, recall and F1 are set-based over all fixes (true positives / predicted, / named).
Both are timed in the same run; the ratio autoheal/git is printed.
Also printed, as the ceiling any ranking of autoheal's candidates has: the share of fixes whose named
commit is among the candidates autoheal traced, and the F1 of a perfect choice among them.
"""
import argparse, atexit, json, os, re, shutil, subprocess, sys, tempfile, time

FIXES = re.compile(r'^\s*Fixes:\s*([0-9a-fA-F]{7,40})\b', re.M)


def git(repo, *args, check=True):
    r = subprocess.run(['git', '-C', repo, *args], capture_output=True, text=True, errors='replace')
    if check and r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def fix_commits(repo, rev, limit):
    out = git(repo, 'log', '--no-merges', '--format=%H%x00%B%x1e', rev)
    fixes = []
    for rec in out.split('\x1e'):
        rec = rec.strip('\n')
        if not rec:
            continue
        sha, _, body = rec.partition('\x00')
        named = set()
        for abbrev in FIXES.findall(body):
            full = git(repo, 'rev-parse', '--verify', '-q', abbrev + '^{commit}', check=False).strip()
            if full:
                named.add(full)
        if named:
            fixes.append((sha, named))
    fixes.reverse()  # oldest first, deterministic
    return fixes[-limit:] if limit else fixes


def deleted_lines(repo, sha):
    """{path: [old line numbers]} deleted or changed by the fix, whitespace ignored."""
    diff = git(repo, 'diff', '-w', '-U0', '--no-color', '--no-renames', sha + '^', sha)
    out, path, old = {}, None, 0
    for line in diff.split('\n'):
        if line.startswith('--- '):
            path = None if line == '--- /dev/null' else line[6:]
        elif line.startswith('@@'):
            m = re.match(r'@@ -(\d+)(?:,(\d+))?', line)
            old = int(m.group(1))
        elif line.startswith('-') and not line.startswith('---') and path:
            out.setdefault(path, []).append(old)
            old += 1
    return out


def ranges(lines):
    lines = sorted(set(lines))
    start = prev = lines[0]
    for n in lines[1:]:
        if n != prev + 1:
            yield start, prev
            start = n
        prev = n
    yield start, prev


def plain_blame(repo, sha, lines):
    found = set()
    for path, ls in lines.items():
        args = ['blame', '-w', '--porcelain']
        for a, b in ranges(ls):
            args += ['-L', f'{a},{b}']
        out = git(repo, *args, sha + '^', '--', path, check=False)
        for l in out.split('\n'):
            m = re.match(r'^([0-9a-f]{40}) \d+ \d+', l)
            if m:
                found.add(m.group(1))
    return found


def score(pairs):
    tp = sum(len(p & t) for p, t in pairs)
    pred = sum(len(p) for p, _ in pairs)
    truth = sum(len(t) for _, t in pairs)
    p = tp / pred if pred else 0.0
    r = tp / truth if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('repo')
    ap.add_argument('--autoheal', default=os.environ.get('AUTOHEAL', 'autoheal'))
    ap.add_argument('--rev', default='HEAD')
    ap.add_argument('--limit', type=int, default=0, help='only the newest N fixes (0 = all)')
    ap.add_argument('--dump', help='write per-fix JSON lines (truth, blame, autoheal candidates) here')
    a = ap.parse_args()

    repo = os.path.abspath(a.repo)
    fixes = fix_commits(repo, a.rev, a.limit)
    tmp = tempfile.mkdtemp(prefix='szz-')
    atexit.register(shutil.rmtree, tmp, True)
    db = os.path.join(tmp, 'szz.sqlite')
    ev = os.path.join(tmp, 'ev.ndjson')
    with open(ev, 'w') as f:
        f.write('{"incident":"SZZ","type":"alert.fired","at":"2026-01-01T00:00:00Z","service":"szz"}\n')
    subprocess.run([a.autoheal, '--db', db, 'import', ev], check=True, capture_output=True)

    ours, blame, oracle, skipped, t_ours, t_git = [], [], [], 0, 0.0, 0.0
    dump = open(a.dump, 'w') if a.dump else None
    for sha, truth in fixes:
        lines = deleted_lines(repo, sha)
        if not lines:
            skipped += 1
            continue
        t0 = time.perf_counter()
        r = subprocess.run([a.autoheal, '-C', repo, '--db', db, 'link', 'SZZ', '--fix', sha, '--json'],
                           capture_output=True, text=True)
        t1 = time.perf_counter()
        b = plain_blame(repo, sha, lines)
        t2 = time.perf_counter()
        t_ours += t1 - t0
        t_git += t2 - t1
        if r.returncode != 0:
            print(f'{sha[:12]}: autoheal failed: {r.stderr.strip()}', file=sys.stderr)
            doc = {}
        else:
            doc = json.loads(r.stdout)
        pred = {c['commit'] for c in doc.get('introducing', [])}
        ours.append((pred, truth))
        oracle.append(({c['commit'] for c in doc.get('candidates', [])} & truth, truth))
        blame.append((b, truth))
        if dump:
            dump.write(json.dumps({'fix': sha, 'truth': sorted(truth), 'blame': sorted(b),
                                   'candidates': doc.get('candidates', []), 'introducing': sorted(pred)}) + '\n')
    n = len(ours)
    print(f'repository: {repo}')
    print(f'fixes with Fixes: trailers that change existing lines: {n} (skipped {skipped} add-only)')
    for name, pairs in (('autoheal link --fix', ours), ('git blame -w', blame)):
        p, r, f = score(pairs)
        print(f'{name:22s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}')
    reached = sum(1 for p, _ in oracle if p)
    print(f'named commit among autoheal\'s candidates: {reached}/{n} fixes ({reached / n:.0%}); '
          f'a perfect choice among them: F1 {score(oracle)[2]:.3f}' if n else '')
    if t_git > 0:
        print(f'time: autoheal {t_ours:.2f}s, git blame {t_git:.2f}s, ratio {t_ours / t_git:.2f}x git')


if __name__ == '__main__':
    main()
