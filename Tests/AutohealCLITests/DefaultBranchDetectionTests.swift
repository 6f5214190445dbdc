import Foundation
import Testing

/// How `sync`, `land` and `prevent` find the default branch when `default_branch` is not set: a CI
/// checkout with only `origin/main`, and an `origin/HEAD` left dangling by a rename on the server.
@Suite("Default branch detection")
struct DefaultBranchDetectionTests {
    /// A fix merged into main, then the repository turned into what actions/checkout with fetch-depth 0
    /// makes: HEAD detached, `refs/remotes/origin/main` only, no `origin/HEAD`, no local main.
    static func ciCheckout() -> FixRepo {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-7-bound-retries'", "autoheal/INC-7-bound-retries"],
              at: FixRepo.recovered + 86_400)
        r.git(["update-ref", "refs/remotes/origin/main", "main"])
        r.git(["checkout", "-q", "--detach", "main"])
        r.git(["branch", "-q", "-D", "main", "autoheal/INC-7-bound-retries"])
        return r
    }

    /// sync and land said "cannot tell the default branch" (exit 65) in a CI checkout, though README says
    /// the branch is found as `origin/NAME` when the repository has it.
    @Test("In a CI checkout (detached, only origin/main), sync and land find origin/main")
    func ciCheckoutFindsOriginMain() {
        let land = Self.ciCheckout().autoheal(["land", "--commit", "HEAD", "--at", "2026-11-12T00:00:00Z"])
        #expect(land.code == 0, "\(land.err)")
        let r = Self.ciCheckout()
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 0, "\(sync.err)")
        #expect(sync.out.hasPrefix("synced refs/remotes/origin/main"), "\(sync.out)")
        #expect(sync.err.isEmpty, "no note without origin/HEAD: \(sync.err)")
        #expect(r.status() == "landed")
    }

    /// The remote-tracking names are a fallback: a local main or master still comes first, as before.
    @Test("A local master still comes before origin/main")
    func localBranchFirst() {
        let r = Self.ciCheckout()
        r.git(["branch", "master", "HEAD~1"])
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 0 && sync.out.hasPrefix("synced refs/heads/master"), "\(sync.out)\(sync.err)")
        #expect(r.status() != "landed", "master does not hold the merge")
    }

    /// After master was renamed to main on the server and pruned by a fetch, origin/HEAD still named
    /// origin/master: sync and land failed "the default branch master does not exist here" without
    /// saying the name came from origin/HEAD, and the hooks' syncs failed into hooks.log.
    @Test("A dangling origin/HEAD counts as absent, with a one-line note")
    func danglingOriginHead() {
        let r = FixRepo()
        r.addServer()
        r.fixBranch()
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-7-bound-retries'", "autoheal/INC-7-bound-retries"],
              at: FixRepo.recovered + 86_400)
        r.git(["push", "-q", "origin", "main"])
        r.git(["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master"])
        let quiet = r.autoheal(["sync", "--quiet"])
        #expect(quiet.code == 0 && quiet.err.isEmpty, "hooks run sync --quiet: \(quiet.err)")
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 0, "\(sync.err)")
        #expect(sync.out.hasPrefix("synced refs/remotes/origin/main"), "\(sync.out)")
        #expect(sync.err.contains("origin/HEAD → origin/master, which is missing"), "\(sync.err)")
        #expect(sync.err.contains("git remote set-head origin -a"), "\(sync.err)")
        #expect(sync.err.split(separator: "\n").count == 1, "one line: \(sync.err)")
        #expect(r.status() == "landed")
        let land = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-12T00:00:00Z"])
        #expect(land.code == 0 && land.err.contains("origin/HEAD → origin/master"), "\(land.err)")

        // With nothing else to fall back on, the error says origin/HEAD was passed over.
        r.git(["branch", "-q", "-m", "main", "trunk"])
        r.git(["update-ref", "-d", "refs/remotes/origin/main"])
        let none = r.autoheal(["sync"])
        #expect(none.code == 65, "\(none.err)")
        #expect(none.err.contains("cannot tell the default branch (origin/HEAD → origin/master, which is missing"), "\(none.err)")
        #expect(none.err.contains("pass --branch or set default_branch"), "\(none.err)")
    }

    /// The hooks keep the default branch found at install: after master was renamed to main they waited
    /// for master for good, and merges and fetches of main started no sync until `hooks install` ran
    /// again. sync now points them at the branch it found when theirs is gone.
    @Test("After the default branch is renamed, sync points the hooks at the new one")
    func hooksFollowARenamedDefaultBranch() throws {
        let r = FixRepo()
        r.git(["branch", "-q", "-m", "main", "master"])
        let server = r.addServer(branch: "master")
        r.git(["push", "-q", "origin", "master"])
        r.git(["remote", "set-head", "origin", "master"])
        #expect(r.autoheal(["hooks", "install"]).code == 0)
        let env = r.repo + "/.git/hooks/autoheal-hooks/env.sh"
        #expect(try String(contentsOfFile: env, encoding: .utf8).contains("AUTOHEAL_DEFAULT_BRANCH='master'"))

        // The rename, on the server and here (the fetch without hooks, so that only the sync below acts).
        Exec.git(["branch", "-m", "master", "main"], in: server)
        Exec.git(["symbolic-ref", "HEAD", "refs/heads/main"], in: server)
        r.git(["branch", "-q", "-m", "master", "main"])
        r.git(["-c", "core.hooksPath=/dev/null", "fetch", "-q", "--prune", "origin"])
        let sync = r.autoheal(["sync", "--quiet"])
        #expect(sync.code == 0, "\(sync.err)")
        #expect(sync.err.contains("the hooks waited for the default branch master, which is gone; they follow main now"), "\(sync.err)")
        let after = try String(contentsOfFile: env, encoding: .utf8)
        #expect(after.contains("AUTOHEAL_DEFAULT_BRANCH='main'") && !after.contains("'master'"), "\(after)")
        let again = r.autoheal(["sync", "--quiet"])
        #expect(again.code == 0 && !again.err.contains("the hooks waited"), "once: \(again.err)")

        // A branch that is still there is left alone: --branch or a configured branch never moves them.
        r.git(["branch", "-q", "trunk"])
        #expect(r.autoheal(["sync", "--branch", "trunk"]).code == 0)
        #expect(try String(contentsOfFile: env, encoding: .utf8).contains("AUTOHEAL_DEFAULT_BRANCH='main'"))
    }

    /// prevent drafted from "master" after the rename and exited 1 ("no commit 'master'"), where sync and
    /// land exit 65; README says it refuses "with exit 65, as by sync and land".
    @Test("prevent passes over a dangling origin/HEAD")
    func preventWithDanglingOriginHead() throws {
        let r = PreventRepo()
        _ = r.git(["stash", "-q", "--include-untracked"])
        _ = r.git(["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master"])
        let main = r.git(["rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = r.git(["checkout", "-q", "-b", "feature/wip"])
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        try #require(run.code == 0, "\(run.err)")
        #expect(run.err.contains("origin/HEAD → origin/master, which is missing"), "\(run.err)")
        let branch = try #require(run.object["branch"] as? String)
        #expect(r.git(["rev-parse", branch]).trimmingCharacters(in: .whitespacesAndNewlines) == main, "drafted from main")
    }

    @Test("prevent with only a dangling origin/HEAD refuses with exit 65, naming it")
    func preventRefusesWithOnlyADanglingOriginHead() {
        let other = PreventRepo()
        _ = other.git(["stash", "-q", "--include-untracked"])
        _ = other.git(["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master"])
        _ = other.git(["branch", "-q", "-m", "main", "trunk"])
        _ = other.git(["checkout", "-q", "-b", "feature/wip"])
        let refused = other.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(refused.code == 65, "\(refused.err)")
        #expect(refused.err.contains("cannot tell the default branch (origin/HEAD → origin/master, which is missing"), "\(refused.err)")
    }

    /// prevent in a CI checkout drafts from origin/main, as sync reads it.
    @Test("prevent in a CI checkout drafts from origin/main")
    func preventInCICheckout() throws {
        let r = PreventRepo()
        _ = r.git(["stash", "-q", "--include-untracked"])
        let main = r.git(["rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = r.git(["update-ref", "refs/remotes/origin/main", "main"])
        _ = r.git(["checkout", "-q", "--detach", "main"])
        _ = r.git(["branch", "-q", "-D", "main"])
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        try #require(run.code == 0, "\(run.err)")
        let branch = try #require(run.object["branch"] as? String)
        #expect(r.git(["rev-parse", branch]).trimmingCharacters(in: .whitespacesAndNewlines) == main)
    }
}
