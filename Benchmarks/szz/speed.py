#!/usr/bin/env python3
"""Speed of `autoheal link --fix` against `git blame -w -L` on the same lines, in one run.

Picks N fix commits of REPO deterministically: the non-merge commits, oldest first, whose message has
a `Fixes:` trailer (or, when there are fewer than N of those, whose subject mentions "fix"), taking
every k-th so the N spread over the whole history; a pick whose diff (whitespace ignored) deletes or
changes no existing line is replaced by the next candidate. For each fix, in the same run:
  * autoheal: `autoheal -C REPO --db TMP link BENCH --fix SHA --json` (one process; the incident was
    imported once beforehand, so the cost is the link itself plus process start);
  * git: `git blame -w -L a,b [-L c,d ...] SHA^ -- FILE`, one process per file the fix deleted or
    changed lines in, over exactly those lines — what a user would have to run.
Then, in the same run, all N fixes once more through one `autoheal link --batch FILE --json` process
(the way to link many incidents, e.g. a backfill), each as its own incident; and once more as N
`link_incident` calls to one `autoheal mcp` server (the way an agent links, one call per incident).
Prints totals, per-fix medians and the ratios autoheal / git: per process, batched and over MCP.

Both tools keep caches in the repository that change the figures: git's commit-graph (written by
`git gc`, `git maintenance` or `git commit-graph write`) and autoheal's commit-header cache
(`.git/autoheal/commits.cache`, written by autoheal's own traces where the graph lacks commits). The
report says which were present. `--cold` deletes autoheal's cache before the timed runs (after the
warm-up), so the per-process figure includes building it from nothing.
"""
import argparse, atexit, json, os, re, statistics, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import git, deleted_lines, ranges  # noqa: E402

FIXES = re.compile(r'^\s*Fixes:\s*[0-9a-fA-F]{7,40}\b', re.M)


def candidates(repo, rev):
    out = git(repo, 'log', '--no-merges', '--reverse', '--format=%H%x00%s%x00%B%x1e', rev)
    trailer, subject = [], []
    for rec in out.split('\x1e'):
        rec = rec.strip('\n')
        if not rec:
            continue
        sha, subj, body = rec.split('\x00', 2)
        if FIXES.search(body):
            trailer.append(sha)
        if re.search(r'\bfix', subj, re.I):
            subject.append(sha)
    return trailer, subject


def pick(repo, pool, n, usable=lambda sha: True):
    """Every k-th of pool (oldest first), each replaced by the next one when it changes no existing line,
    or when `usable` says autoheal has nothing to blame in it (a fix that only rewrites comments)."""
    if not pool:
        return []
    k = max(1, len(pool) // n)
    chosen, used = [], set()
    for start in range(0, len(pool), k):
        i = start
        while i < len(pool) and (i in used or not deleted_lines(repo, pool[i]) or not usable(pool[i])):
            i += 1
        if i < len(pool):
            used.add(i)
            chosen.append((pool[i], deleted_lines(repo, pool[i])))
        if len(chosen) == n:
            break
    return chosen


def timed(cmd):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - t0, r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('repo')
    ap.add_argument('n', nargs='?', type=int, default=50)
    ap.add_argument('--autoheal', default=os.environ.get('AUTOHEAL', 'autoheal'))
    ap.add_argument('--rev', default='HEAD')
    ap.add_argument('--cold', action='store_true', help="delete autoheal's commit-header cache before the timed runs")
    a = ap.parse_args()

    repo = os.path.abspath(a.repo)
    trailer, subject = candidates(repo, a.rev)
    pool, kind = (trailer, 'Fixes: trailer') if len(trailer) >= a.n else (subject, 'subject mentions "fix"')
    tmp = tempfile.mkdtemp(prefix='szz-speed-')
    atexit.register(shutil.rmtree, tmp, True)
    # Fixes autoheal refuses (comment-only: the contract ignores them) are not picked: git blame would
    # be timed on lines autoheal rightly leaves alone. Judged untimed, on a ledger of its own.
    judge = os.path.join(tmp, 'judge.sqlite')
    subprocess.run([a.autoheal, '--db', judge, 'import', '-'], check=True, capture_output=True,
                   input=b'{"incident":"PICK","type":"alert.fired","at":"2026-01-01T00:00:00Z","service":"bench"}\n')
    def usable(sha):
        r = subprocess.run([a.autoheal, '-C', repo, '--db', judge, 'link', 'PICK', '--fix', sha, '--json'], capture_output=True)
        return r.returncode == 0
    fixes = pick(repo, pool, a.n, usable)
    if not fixes:
        sys.exit(f'no fix commits that change existing lines in {repo}')

    db = os.path.join(tmp, 'speed.sqlite')
    ev = os.path.join(tmp, 'ev.ndjson')
    with open(ev, 'w') as f:
        f.write('{"incident":"BENCH","type":"alert.fired","at":"2026-01-01T00:00:00Z","service":"bench"}\n')
        for i in range(len(fixes)):
            f.write(f'{{"incident":"BATCH-{i}","type":"alert.fired","at":"2026-01-01T00:00:00Z","service":"bench"}}\n')
            f.write(f'{{"incident":"MCP-{i}","type":"alert.fired","at":"2026-01-01T00:00:00Z","service":"bench"}}\n')
    batch = os.path.join(tmp, 'batch.ndjson')
    with open(batch, 'w') as f:
        for i, (sha, _) in enumerate(fixes):
            f.write(f'{{"incident":"BATCH-{i}","fix":"{sha}"}}\n')
    subprocess.run([a.autoheal, '--db', db, 'import', ev], check=True, capture_output=True)

    def ours(sha):
        return timed([a.autoheal, '-C', repo, '--db', db, 'link', 'BENCH', '--fix', sha, '--json'])

    def theirs(sha, lines):
        total, calls = 0.0, 0
        for path, ls in sorted(lines.items()):
            cmd = ['git', '-C', repo, 'blame', '-w']
            for x, y in ranges(ls):
                cmd += ['-L', f'{x},{y}']
            dt, _ = timed(cmd + [sha + '^', '--', path])
            total += dt
            calls += 1
        return total, calls

    # One untimed warm-up of each, so neither side pays for a cold page cache.
    ours(fixes[0][0])
    theirs(*fixes[0])
    common = os.path.join(repo, git(repo, 'rev-parse', '--git-common-dir').strip())
    cache = os.path.join(common, 'autoheal', 'commits.cache')
    if a.cold and os.path.exists(cache):
        os.remove(cache)
    graph = any(os.path.exists(os.path.join(common, 'objects', 'info', f)) for f in ('commit-graph', 'commit-graphs'))
    cached = (os.path.getsize(cache) - 1040) // 96 if os.path.exists(cache) else 0

    t_ours, t_git, git_calls, failures = [], [], 0, 0
    for sha, lines in fixes:
        dt, r = ours(sha)
        if r.returncode != 0:
            failures += 1
            print(f'{sha[:12]}: autoheal failed: {r.stderr.decode(errors="replace").strip()}', file=sys.stderr)
        g, c = theirs(sha, lines)
        t_ours.append(dt)
        t_git.append(g)
        git_calls += c

    t_batch, r = timed([a.autoheal, '-C', repo, '--db', db, 'link', '--batch', batch, '--json'])
    if r.returncode != 0:
        sys.exit(f'autoheal link --batch failed: {r.stderr.decode(errors="replace").strip()}')
    batch_results = r.stdout.decode().count('\n')

    requests = [{'jsonrpc': '2.0', 'id': 0, 'method': 'initialize', 'params': {'protocolVersion': '2025-06-18',
                 'capabilities': {}, 'clientInfo': {'name': 'speed.py', 'version': '1'}}}]
    requests += [{'jsonrpc': '2.0', 'id': i + 1, 'method': 'tools/call',
                  'params': {'name': 'link_incident', 'arguments': {'incident': f'MCP-{i}', 'fix': sha}}}
                 for i, (sha, _) in enumerate(fixes)]
    t0 = time.perf_counter()
    r = subprocess.run([a.autoheal, '-C', repo, '--db', db, 'mcp'], input='\n'.join(json.dumps(q) for q in requests).encode() + b'\n',
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t_mcp = time.perf_counter() - t0
    replies = [json.loads(l) for l in r.stdout.decode().splitlines() if l.strip()]
    mcp_ok = sum(1 for x in replies if x.get('id', 0) > 0 and not x.get('result', {}).get('isError', True))

    n, so, sg = len(fixes), sum(t_ours), sum(t_git)
    ms = lambda s: f'{s * 1000:.1f} ms'
    print(f'repository: {repo} ({git(repo, "rev-parse", "--short", a.rev).strip()})')
    print(f'fixes: {n} ({kind}, every {max(1, len(pool) // a.n)}th of {len(pool)}); '
          f'{sum(len(l) for _, l in fixes)} files, {sum(len(v) for _, l in fixes for v in l.values())} lines')
    print(f"caches at start: git commit-graph {'yes' if graph else 'no'}; "
          f"autoheal commit-header cache {f'{cached} commits' if cached else 'none'}")
    print(f'autoheal link --fix : {n} calls, total {so:.2f}s, median {ms(statistics.median(t_ours))} per fix'
          + (f' ({failures} failed)' if failures else ''))
    print(f'git blame -w -L     : {git_calls} calls, total {sg:.2f}s, median {ms(statistics.median(t_git))} per fix, '
          f'{ms(sg / git_calls)} per call')
    print(f'autoheal link --batch: 1 call for {batch_results} fixes, total {t_batch:.2f}s, {ms(t_batch / n)} per fix')
    print(f'ratio, one process per fix: {so / sg:.2f}x git (total), {statistics.median(t_ours) / statistics.median(t_git):.2f}x (medians)')
    print(f'autoheal mcp         : 1 server, {mcp_ok} link_incident calls, total {t_mcp:.2f}s, {ms(t_mcp / n)} per fix')
    print(f'ratio, batched: {t_batch / sg:.2f}x git (total)')
    print(f'ratio, over MCP: {t_mcp / sg:.2f}x git (total)')


if __name__ == '__main__':
    main()
