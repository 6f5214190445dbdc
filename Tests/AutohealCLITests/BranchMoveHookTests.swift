import Foundation
import Testing

/// reference-transaction when a fix branch moves other than by a commit or a rebase of it: the list of
/// fix commits is the branch's.
extension HookTests {
    /// The commits of `branch` not on `main`, as git lists them, oldest first.
    func commitsOf(_ r: FixRepo, _ branch: String = "autoheal/INC-7-bound-retries") -> [String] {
        r.git(["rev-list", "--reverse", "main..\(branch)"]).out.split(separator: "\n").map(String.init)
    }

    /// Steps of a fix branch, one file each.
    func steps(_ n: Int) -> [(file: String, content: String, subject: String)] {
        (1...n).map { ("s\($0).txt", "\($0)\n", "Step \($0)") }
    }

    /// The `prevention.committed` records with `attr` set.
    func records(_ r: FixRepo, with attr: String) -> [[String: Any]] {
        events(r, "prevention.committed").filter { ($0["attrs"] as? [String: Any])?[attr] != nil }
    }

    /// Merging the default branch into a fix branch tagged the merge commit `Prevents:` (inside its subject
    /// line, as git's merge message ends without a newline), reference-transaction listed it as a fix
    /// commit, and sync, finding main's one new commit by the merge's patch-id, recorded a landing of a
    /// fix none of which had reached main.
    @Test("Merging main into a fix branch lists no merge commit and lands nothing")
    func mergeOfMainIsNoFix() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, steps(2))
        let fixes = Set(commitsOf(r))
        r.git(["merge", "-q", "--no-edit", "main"])
        let merge = r.head()
        #expect(!r.git(["log", "-1", "--format=%B", merge]).out.contains("Prevents"))
        #expect(Set(commits(r)) == fixes, "\(commits(r))")
        // A merge recorded as a fix all the same (an agent's record_prevention) is listed, but its patch
        // (main's work) lands nothing either.
        #expect(r.recordPrevention(merge).code == 0)
        #expect(commits(r).contains(merge))
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() != "landed")
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
    }

    /// post-rewrite dropped only the commits the rebase was given: `rebase --onto main HEAD~2` is given
    /// the last two, and the two below `HEAD~2`, which leave the branch too, stayed listed.
    @Test("rebase --onto X HEAD~2 takes the fix commits below HEAD~2 off the list")
    func rebaseOntoLeavesLowerCommits() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, steps(4))
        let before = commitsOf(r)
        #expect(Set(commits(r)) == Set(before))

        rebase(r, ["--onto", "main", "HEAD~2"], todo: "true")
        #expect(branchCommits(r).count == 2)
        #expect(Set(commits(r)) == branchCommits(r), "\(commits(r))")
        let dropped = records(r, with: "dropped").compactMap { ($0["attrs"] as? [String: Any])?["dropped"] as? String }
        #expect(Set(dropped) == Set(before.prefix(2)))
        // The two it was given are rewritten, as before: each replaces its original.
        #expect(records(r, with: "replaces").count == 2)
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
    }

    /// post-rewrite runs for the branch checked out, so a rebase with `--update-refs` from a branch
    /// stacked on the fix branch rewrote the fix branch's commits and nothing was recorded: the list kept
    /// the commits the rebase had replaced.
    @Test("rebase --update-refs from a branch stacked on the fix branch records the fix branch's rewrites")
    func updateRefsFromStackedBranch() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, steps(2))
        let before = commitsOf(r)
        r.git(["checkout", "-q", "-b", "stacked"])
        r.write("stacked.txt", "more\n")
        r.commit("Work stacked on the fix", at: FixRepo.recovered + 5000)
        #expect(trailers(r).isEmpty)

        rebase(r, ["--update-refs", "main"], todo: "true")
        let after = commitsOf(r)
        #expect(after.count == 2 && Set(after).isDisjoint(with: before), "the fix branch was rewritten: \(after)")
        #expect(Set(commits(r)) == Set(after), "\(commits(r)) vs \(after)")
        // Recorded as post-rewrite records a rebase of the fix branch itself: each rewrite replaces its original.
        let replaced = records(r, with: "replaces").compactMap { ($0["attrs"] as? [String: Any])?["replaces"] as? String }
        #expect(Set(replaced) == Set(before))
        #expect(records(r, with: "dropped").isEmpty)
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
    }

    /// A reset is no rebase: a fix commit it took off the branch stayed listed, and one a rebase had
    /// dropped or rewritten stayed off the list when a reset brought it back.
    @Test("A reset, or branch -f, takes fix commits off the list and puts back those it brings back")
    func resetMovesTheList() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, steps(3))
        let original = commitsOf(r)
        #expect(commits(r) == original)
        // A commit on top records one event, as before.
        #expect(events(r, "prevention.committed").count == 3)

        r.git(["reset", "-q", "--hard", "HEAD~1"])
        #expect(commits(r) == Array(original.prefix(2)), "\(commits(r))")
        r.git(["reset", "-q", "--hard", original[2]])
        #expect(commits(r) == original, "\(commits(r))")

        // A rebase drops the second step and rewrites the third; a reset brings the branch back.
        rebase(r, ["-i", "main"], todo: "sed -i 2s/^pick/drop/")
        #expect(Set(commits(r)) == branchCommits(r) && !commits(r).contains(original[1]), "\(commits(r))")
        r.git(["reset", "-q", "--hard", "ORIG_HEAD"])
        #expect(Set(commits(r)) == Set(original), "\(commits(r))")
        // Restored: the third step after the first reset, then all three (the rebase rewrote the others).
        #expect(records(r, with: "restored").count == 4)

        // `branch -f` (git gives the hook no old value; the reflog has it), from another branch.
        r.git(["checkout", "-q", "main"])
        r.git(["branch", "-f", "autoheal/INC-7-bound-retries", "main"])
        #expect(commits(r).isEmpty, "\(commits(r))")
        r.git(["branch", "-f", "autoheal/INC-7-bound-retries", original[2]])
        #expect(commits(r) == original, "\(commits(r))")

        // A commit still on another fix branch of the incident stays listed.
        r.git(["checkout", "-q", "autoheal/INC-7-bound-retries"])
        r.git(["branch", "-q", "autoheal/INC-7-spare"])
        r.git(["reset", "-q", "--hard", "HEAD~1"])
        #expect(commits(r) == original, "\(commits(r))")
        r.git(["reset", "-q", "--hard", original[2]])
        r.git(["branch", "-q", "-D", "autoheal/INC-7-spare"])

        // A squash by reset: the commits leave, the new one is listed.
        r.git(["reset", "-q", "--soft", "HEAD~3"])
        r.commit("All steps", at: FixRepo.recovered + 6000)
        #expect(commits(r) == [r.head()], "\(commits(r))")
        // Nothing more to record: moving nowhere, or again, adds no event.
        let count = events(r, "prevention.committed").count
        r.git(["reset", "-q", "--hard", "HEAD"])
        r.git(["update-ref", "refs/heads/autoheal/INC-7-bound-retries", r.head()])
        #expect(events(r, "prevention.committed").count == count)
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
    }

    /// The apply backend gives post-rewrite no state to read: the commits it skipped or left below its
    /// upstream stayed listed.
    @Test("A rebase with the apply backend takes the commits it leaves behind off the list")
    func applyBackendDrops() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, steps(3))
        let original = commitsOf(r)
        rebase(r, ["--apply", "--onto", "main", "HEAD~1"], todo: "true")
        #expect(branchCommits(r).count == 1)
        #expect(Set(commits(r)) == branchCommits(r), "\(commits(r))")
        #expect(Set(records(r, with: "dropped").compactMap { ($0["attrs"] as? [String: Any])?["dropped"] as? String })
                == Set(original.prefix(2)))

        // A patch skipped at a conflict.
        let skipped = skipConflictingFix(r, ["--apply"])
        #expect(branchCommits(r).count == 1)
        #expect(!commits(r).contains(skipped), "\(commits(r))")
        #expect(Set(commits(r)) == branchCommits(r), "\(commits(r))")
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
    }
}
