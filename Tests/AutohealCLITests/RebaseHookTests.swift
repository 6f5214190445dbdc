import Foundation
import Testing

/// post-rewrite after a rebase of a fix branch: the list of fix commits is the branch's.
extension HookTests {
    /// The commits of the fix branch between `main` and HEAD, as git lists them.
    func branchCommits(_ r: FixRepo, _ base: String = "main") -> Set<String> {
        Set(r.git(["rev-list", "\(base)..HEAD"]).out.split(separator: "\n").map(String.init))
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
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler", at: FixRepo.recovered + 3600)
        r.write("test_app.py", "assert handler(None) == 0\n")
        r.commit("Test the guard", at: FixRepo.recovered + 3700)
        r.git(["checkout", "-q", "main"])
        r.write("m.txt", "m\n")
        r.commit("main moves", at: FixRepo.recovered + 3800)
        r.git(["checkout", "-q", "autoheal/INC-7-bound-retries"])
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

}
