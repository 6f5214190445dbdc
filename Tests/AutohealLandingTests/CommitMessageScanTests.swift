import AutohealLanding
import Testing

@Suite("Reading landings from commit messages")
struct CommitMessageScanTests {
    @Test("A trailer, a GitHub squash body, a merge of a fix branch and a GitLab merge")
    func shapes() {
        let trailer = CommitMessageScan("Bound the retry pool\n\nPrevents: INC-7\nAutoheal-Run: r1\n", branchPrefix: "autoheal/")
        #expect(trailer.prevents == ["INC-7"])
        let squash = CommitMessageScan("Guard the pool (#42)\n\n* Add a regression test\n\nPrevents: INC-7\n\n* Bound retries\n  Prevents: INC-9, OPS-3\n", branchPrefix: "autoheal/")
        #expect(squash.prevents == ["INC-7", "INC-9", "OPS-3"])
        #expect(squash.pullRequests == [42])
        let merge = CommitMessageScan("Merge pull request #12 from acme/autoheal/INC-7-bound-retries\n\nBound retries", branchPrefix: "autoheal/")
        #expect(merge.branchIncidents == ["INC-7"])
        #expect(merge.pullRequests == [12])
        let gitlab = CommitMessageScan("Merge branch 'autoheal/INC-11-cert' into 'main'\n\nRenew\n\nSee merge request acme/shop!31", branchPrefix: "autoheal/")
        #expect(gitlab.branchIncidents == ["INC-11"])
        #expect(gitlab.pullRequests == [31])
    }

    @Test("Reverts name the reverted commit; ordinary messages name nothing")
    func revertsAndNothing() {
        let revert = CommitMessageScan("Revert \"Bound retries\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n", branchPrefix: "autoheal/")
        #expect(revert.reverts == ["0123456789abcdef0123456789abcdef01234567"])
        let plain = CommitMessageScan("Refactor the prevents module\n\nMentions INC-7 in passing.", branchPrefix: "autoheal/")
        #expect(plain.prevents.isEmpty && plain.branchIncidents.isEmpty && plain.reverts.isEmpty)
    }

    @Test("A branch with another prefix is not a fix branch")
    func otherPrefix() {
        #expect(CommitMessageScan("Merge branch 'feature/INC-7-x'", branchPrefix: "autoheal/").branchIncidents.isEmpty)
        #expect(CommitMessageScan("Merge branch 'fix/INC-7-x'", branchPrefix: "fix/").branchIncidents == ["INC-7"])
    }
}
