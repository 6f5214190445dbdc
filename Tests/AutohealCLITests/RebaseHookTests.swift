import Foundation
import Testing

/// post-rewrite after a rebase of a fix branch: the list of fix commits is the branch's.
extension HookTests {
    /// The commits of the fix branch between `main` and HEAD, as git lists them.
    func branchCommits(_ r: FixRepo, _ base: String = "main") -> Set<String> {
        Set(r.git(["rev-list", "\(base)..HEAD"]).out.split(separator: "\n").map(String.init))
    }

    /// The fix branch `autoheal/INC-7-bound-retries`, made where HEAD is, with one commit per step (file,
    /// content, message) 100 s apart from `start`, then `main` moved on by one commit; the fix branch is
    /// checked out.
    func fixBranchBehindMain(_ r: FixRepo, _ steps: [(file: String, content: String, subject: String)],
                             start: Int64 = FixRepo.recovered + 3600) {
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        for (k, step) in steps.enumerated() {
            r.write(step.file, step.content)
            r.commit(step.subject, at: start + 100 * Int64(k))
        }
        r.git(["checkout", "-q", "main"])
        r.write("m.txt", "m\n")
        r.commit("main moves", at: start + 100 * Int64(steps.count))
        r.git(["checkout", "-q", "autoheal/INC-7-bound-retries"])
    }

    /// A fix commit that conflicts with a commit on `main`, then `git rebase ARGS main` stopping at the
    /// conflict and `git rebase --skip`: the commit is skipped. Returns the skipped commit.
    func skipConflictingFix(_ r: FixRepo, _ args: [String] = []) -> String {
        r.write("app.py", "def handler(x):\n    return x or 1\n")
        r.commit("Default to one", at: FixRepo.recovered + 3800)
        let skipped = r.head()
        #expect(commits(r).contains(skipped), "listed before the rebase")
        r.git(["checkout", "-q", "main"])
        r.write("app.py", "def handler(x):\n    return x or -1\n")
        r.commit("Default to minus one", at: FixRepo.recovered + 3900)
        r.git(["checkout", "-q", "autoheal/INC-7-bound-retries"])
        let env = ["AUTOHEAL_NOW": "2026-11-20T00:00:00Z", "GIT_EDITOR": "true", "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@x",
                   "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@x"]
        #expect(Exec.run("/usr/bin/git", ["rebase", "-q"] + args + ["main"], cwd: r.repo, env: env).code != 0, "a conflict")
        #expect(Exec.run("/usr/bin/git", ["rebase", "--skip"], cwd: r.repo, env: env).code == 0)
        return skipped
    }

    /// Runs `git rebase` with a todo editor; the hooks' autoheal sees a fixed now.
    func rebase(_ r: FixRepo, _ args: [String], todo: String) {
        Exec.git(["rebase", "-q"] + args, in: r.repo,
                 env: ["GIT_SEQUENCE_EDITOR": todo, "GIT_EDITOR": "true", "AUTOHEAL_NOW": "2026-11-20T00:00:00Z"])
    }

    /// post-commit leaves the commits made during a rebase to post-rewrite (a squash's steps are not the
    /// fix), but git's rewritten list names a commit made by hand at a stop only as the edited commit's
    /// rewrite (the last one made there, in place of the edited commit), or not at all (at a `break`):
    /// such commits carried `Prevents: INC-7` and landed, but were not listed, nor was the edited
    /// commit's own rewrite.
    @Test("Commits made by hand while a rebase of the fix branch is stopped are listed")
    func handCommitsDuringRebase() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, [("app.py", "def handler(x):\n    return x or 0\n", "Guard the handler"),
                                ("test_app.py", "assert handler(None) == 0\n", "Test the guard")])
        #expect(commits(r).count == 2)

        // Stop at the first commit (rewritten onto the new main) and add two commits; stop again after
        // the second pick (`break`) and add one more.
        rebase(r, ["-i", "main"], todo: "sed -i -e 1s/^pick/edit/ -e 2abreak")
        for (k, name) in ["one", "two"].enumerated() {
            r.write("\(name).txt", "\(name)\n")
            r.commit("Added at the edit stop (\(name))", at: FixRepo.recovered + 4000 + Int64(k))
        }
        Exec.git(["rebase", "--continue"], in: r.repo, env: ["GIT_EDITOR": "true"])
        r.write("three.txt", "three\n")
        r.commit("Added at the break", at: FixRepo.recovered + 4100)
        Exec.git(["rebase", "--continue"], in: r.repo, env: ["GIT_EDITOR": "true"])
        #expect(r.git(["status", "--short", "--branch"]).out.hasPrefix("## autoheal/INC-7-bound-retries"))

        let onBranch = branchCommits(r)
        #expect(onBranch.count == 5)
        for sha in onBranch { #expect(trailers(r, sha) == ["INC-7"]) }
        #expect(Set(commits(r)) == onBranch, "\(commits(r)) vs \(onBranch)")
        #expect(commits(r).count == 5)
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")

        // A rebase that rewrites nothing runs no post-rewrite: a commit made at a `break` after the last
        // pick is listed all the same.
        rebase(r, ["-i", "main"], todo: "sed -i '$abreak'")
        r.write("four.txt", "four\n")
        r.commit("Added at the last break", at: FixRepo.recovered + 4200)
        Exec.git(["rebase", "--continue"], in: r.repo, env: ["GIT_EDITOR": "true"])
        #expect(branchCommits(r).count == 6)
        #expect(Set(commits(r)) == branchCommits(r), "\(commits(r))")

        // A rebase that changes nothing more keeps the list as it is.
        r.git(["checkout", "-q", "main"])
        r.write("m2.txt", "m2\n")
        r.commit("main moves again", at: FixRepo.recovered + 5000)
        r.git(["checkout", "-q", "autoheal/INC-7-bound-retries"])
        r.git(["rebase", "-q", "main"], at: FixRepo.recovered + 5100)
        #expect(Set(commits(r)) == branchCommits(r))
        #expect(commits(r).count == 6)
    }

    /// A fix commit left out in `rebase -i` (a `drop` line, or its line deleted) stayed in the incident's
    /// list of fix commits for good.
    @Test("A fix commit dropped in rebase -i leaves the list; another branch's stays")
    func droppedInRebase() {
        let r = FixRepo(hooks: true)
        // A second fix branch of the same incident, which the rebases below are not given.
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-alerting"])
        r.write("alerts.yml", "alert: retries\n")
        r.commit("Alert on retries", at: FixRepo.recovered + 3000)
        let other = r.head()
        r.git(["checkout", "-q", "main"])

        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        for k in 1...4 {
            r.write("s\(k).txt", "\(k)\n")
            r.commit("Step \(k)", at: FixRepo.recovered + 3600 + Int64(k))
        }
        let steps = r.git(["rev-list", "--reverse", "main..HEAD"]).out.split(separator: "\n").map(String.init)
        #expect(Set(commits(r)) == Set(steps + [other]))

        // `drop` on the second step: the first stays as it was, the last two are rewritten.
        rebase(r, ["-i", "main"], todo: "sed -i 2s/^pick/drop/")
        #expect(branchCommits(r).count == 3)
        #expect(branchCommits(r).contains(steps[0]))
        #expect(!commits(r).contains(steps[1]), "\(commits(r))")
        #expect(Set(commits(r)) == branchCommits(r).union([other]), "\(commits(r))")

        // The first step's line deleted in the editor.
        rebase(r, ["-i", "main"], todo: "sed -i 1d")
        #expect(branchCommits(r).count == 2)
        #expect(!commits(r).contains(steps[0]), "\(commits(r))")
        #expect(Set(commits(r)) == branchCommits(r).union([other]), "\(commits(r))")
        #expect(commits(r).count == 3)
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
        // The dropping is recorded, and so is when it happened.
        let dropped = events(r, "prevention.committed").filter { ($0["attrs"] as? [String: Any])?["dropped"] != nil }
        #expect(dropped.count == 2)
        #expect(dropped.allSatisfy { $0["at"] as? String == "2026-11-20T00:00:00Z" })

        // The last commit's line deleted, the others kept as they were: git rewrites nothing and runs no
        // post-rewrite.
        let tip = r.head()
        rebase(r, ["-i", "main"], todo: "sh -c 'n=$(grep -n ^pick \"$1\" | tail -1 | cut -d: -f1); sed -i \"${n}d\" \"$1\"' -")
        #expect(branchCommits(r).count == 1)
        #expect(!commits(r).contains(tip), "\(commits(r))")
        #expect(Set(commits(r)) == branchCommits(r).union([other]), "\(commits(r))")
        // An ordinary commit, a branch made and moved, change nothing.
        r.write("s5.txt", "5\n")
        r.commit("Step 5", at: FixRepo.recovered + 3700)
        r.git(["branch", "-q", "spare"])
        r.git(["branch", "-q", "-f", "spare", "HEAD~1"])
        #expect(Set(commits(r)) == branchCommits(r).union([other]), "\(commits(r))")
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")

        // A pick skipped at a conflict (`rebase --skip`) is dropped too.
        let skipped = skipConflictingFix(r)
        #expect(branchCommits(r).count == 2)
        #expect(!commits(r).contains(skipped), "\(commits(r))")
        #expect(Set(commits(r)) == branchCommits(r).union([other]), "\(commits(r))")
    }

    /// prepare-commit-msg took the rebased branch from the rebase's state and put `Prevents:` on every
    /// commit the rebase replayed: a colleague's commit the fix branch was drafted on became a fix.
    @Test("A rebase of a fix branch leaves the messages of the commits it replays as they were")
    func replayedCommitsKeepTheirMessages() {
        let r = FixRepo(hooks: true)
        r.git(["checkout", "-q", "-b", "feature"])
        r.write("feature.txt", "colleague\n")
        r.commit("A colleague's work", at: FixRepo.recovered + 3000)
        fixBranchBehindMain(r, [("app.py", "def handler(x):\n    return x or 0\n", "Guard the handler")])
        rebase(r, ["main"], todo: "true")
        #expect(trailers(r, "HEAD~1").isEmpty, "the colleague's commit: \(r.git(["log", "-1", "--format=%B", "HEAD~1"]).out)")
        #expect(trailers(r) == ["INC-7"])
        #expect(commits(r) == [r.head()])
    }

    /// The apply backend runs post-rewrite with HEAD still detached: the hook found no branch, and the
    /// fix commits listed stayed the ones the rebase had replaced.
    @Test("A rebase with the apply backend records the rewritten fix commits")
    func applyBackendRebase() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, [("app.py", "def handler(x):\n    return x or 0\n", "Guard the handler"),
                                ("test_app.py", "assert handler(None) == 0\n", "Test the guard")])
        rebase(r, ["--apply", "main"], todo: "true")
        #expect(branchCommits(r).count == 2)
        #expect(Set(commits(r)) == branchCommits(r), "\(commits(r))")
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
    }

    /// post-rewrite waited out SQLite's busy timeout (up to a minute) for a ledger another process held:
    /// a rebase or an amend of a fix branch stalled for as long as the ledger was held.
    @Test("A ledger held by another process stalls neither a rebase nor an amend; both are recorded once it is free",
          .timeLimit(.minutes(1)))
    func lockedLedgerRebaseAndAmend() throws {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, [("app.py", "def handler(x):\n    return x or 0\n", "Guard the handler"),
                                ("test_app.py", "assert handler(None) == 0\n", "Test the guard")])
        // Each hook waits 1.5 s for the ledger, then records in the background: an amend runs two (3 s and
        // more on a loaded machine). The ledger is held long enough that a hook waiting it out would take
        // past the limit.
        let holder = try holdLedger(r, seconds: 16)
        let rebased = timedGit(r, ["rebase", "-q", "main"], env: ["AUTOHEAL_NOW": "2026-11-20T00:00:00Z"])
        #expect(rebased.code == 0 && rebased.seconds < 7, "git rebase: \(rebased)")
        let amended = timedGit(r, ["commit", "-q", "--amend", "-m", "Test the guard\n\nPrevents: INC-7"])
        #expect(amended.code == 0 && amended.seconds < 7, "git commit --amend: \(amended)")
        holder.waitUntilExit()
        var listed = false
        for _ in 0..<150 where !listed {
            listed = Set(commits(r)) == branchCommits(r)
            if !listed { usleep(100_000) }
        }
        #expect(listed, "\(commits(r)) vs \(branchCommits(r)); \(hooksLog(r))")
    }
}
