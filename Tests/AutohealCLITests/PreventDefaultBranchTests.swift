import Foundation
import Testing

/// `prevent` and `sync` read `default_branch` alike: `origin/NAME` when there is one, else the local
/// branch; one that is not there is refused by both with exit 65, naming `.autoheal.yml:LINE`.
@Suite("prevent: the default branch as sync reads it")
struct PreventDefaultBranchTests {
    /// `default_branch: nope` made sync exit 65 naming the file and line, but prevent exit 1 with
    /// "cannot find the default branch's commit … commit first, or pass --base REV".
    @Test func aConfiguredDefaultBranchThatIsNotThereIsRefusedAsSyncRefusesIt() {
        let r = PreventRepo()
        r.dir.write("repo/.autoheal.yml", "# the trunk\ndefault_branch: nope\n")
        let sync = r.autoheal(["sync"])
        let expected = sync.err.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(sync.code == 65 && expected == "autoheal: \(r.repo)/.autoheal.yml:2: default_branch nope: there is no branch nope here (neither origin/nope nor a local branch nope)",
                "\(sync.err)")
        for args in [["--no-agent"], ["--agent-cmd", r.agent("busy", "echo fix > fix.txt\n")]] {
            let run = r.autoheal(["prevent", "INC-7"] + args)
            #expect(run.code == 65, "\(run.err)")
            #expect(run.err.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "\(run.err)")
            #expect(PreventRerunTests.traces(r, "INC-7") == [])
        }
        // --base is used as before, whatever default_branch says; its own errors are unchanged.
        let bad = r.autoheal(["prevent", "INC-7", "--no-agent", "--base", "nope2"])
        #expect(bad.code == 65 && bad.err.contains("--base: no commit 'nope2'"), "\(bad.err)")
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent", "--base", "HEAD"]).code == 0)
    }

    /// With `default_branch: other` and only `origin/other` (no local branch), sync walked origin/other
    /// but prevent failed: it resolved the bare name, which names no local branch.
    @Test func aConfiguredDefaultBranchOnlyOnTheRemoteIsDraftedFrom() throws {
        let r = PreventRepo()
        let main = r.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let tree = r.git(["rev-parse", "HEAD^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let other = r.git(["commit-tree", "-p", main, "-m", "on the remote only", tree]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = r.git(["update-ref", "refs/remotes/origin/other", other])
        r.dir.write("repo/.autoheal.yml", "default_branch: other\n")
        #expect(r.autoheal(["sync"]).code == 0)
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        try #require(run.code == 0, "\(run.err)")
        #expect(run.object["base"] as? String == other)
        #expect(run.err.contains("at \(other.prefix(12)) (origin/other)"), "\(run.err)")
        let task = try #require(run.object["task"] as? String)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: task))) as? [String: Any])
        #expect((json["git"] as? [String: Any])?["base_revision"] as? String == "origin/other")
    }

    /// Where the remote's branch and the local one differ (a commit not pushed yet), the draft starts
    /// where sync reads the default branch, configured or the repository's: the remote's, what a fix is
    /// merged into.
    @Test(arguments: ["default_branch: main\n", nil] as [String?])
    func theRemoteDefaultBranchIsPreferredAsSyncPrefersIt(_ config: String?) throws {
        let r = PreventRepo()
        let pushed = r.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = r.git(["update-ref", "refs/remotes/origin/main", pushed])
        _ = r.git(["commit", "-q", "-m", "not pushed yet"])
        if let config { r.dir.write("repo/.autoheal.yml", config) }
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        try #require(run.code == 0, "\(run.err)")
        #expect(run.object["base"] as? String == pushed, "\(run.err)")
        #expect(run.err.contains("(origin/main)"), "\(run.err)")
    }
}
