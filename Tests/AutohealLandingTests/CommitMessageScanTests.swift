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
        #expect(merge.branchIncidents(known: []) == ["INC-7"])
        #expect(merge.pullRequests == [12])
        let gitlab = CommitMessageScan("Merge branch 'autoheal/INC-11-cert' into 'main'\n\nRenew\n\nSee merge request acme/shop!31", branchPrefix: "autoheal/")
        #expect(gitlab.branchIncidents(known: []) == ["INC-11"])
        #expect(gitlab.pullRequests == [31])
    }

    @Test("Reverts name the reverted commit; ordinary messages name nothing")
    func revertsAndNothing() {
        let revert = CommitMessageScan("Revert \"Bound retries\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n", branchPrefix: "autoheal/")
        #expect(revert.reverts == ["0123456789abcdef0123456789abcdef01234567"])
        let plain = CommitMessageScan("Refactor the prevents module\n\nMentions INC-7 in passing.", branchPrefix: "autoheal/")
        #expect(plain.prevents.isEmpty && plain.branchNames.isEmpty && plain.reverts.isEmpty)
    }

    @Test("A branch with another prefix is not a fix branch")
    func otherPrefix() {
        #expect(CommitMessageScan("Merge branch 'feature/INC-7-x'", branchPrefix: "autoheal/").branchNames.isEmpty)
        #expect(CommitMessageScan("Merge branch 'fix/INC-7-x'", branchPrefix: "fix/").branchIncidents(known: []) == ["INC-7"])
    }

    /// Incident ids are free text: importers keep the tools' own ids (PagerDuty's `Q0RIJJZL24RC6W`), and
    /// many teams number by year (`OPS-2025-5`). A trailer names exactly the id it holds, and a fix
    /// branch `<prefix><id>-<slug>` is matched against the incidents the ledger knows.
    @Test("Any incident id: in a trailer as written, in a branch name by the longest known id")
    func freeFormIDs() {
        let trailer = CommitMessageScan("Fix\n\nPrevents: OPS-2025-5\nPrevents: Q0RIJJZL24RC6W, INC-REAL\nPrevents: INC-9.\n", branchPrefix: "autoheal/")
        #expect(trailer.prevents == ["OPS-2025-5", "Q0RIJJZL24RC6W", "INC-REAL", "INC-9"])
        #expect(CommitMessageScan("Fix\n\nPrevents: INC-7 (the retry storm)\n", branchPrefix: "autoheal/").prevents == ["INC-7"])

        let merge = CommitMessageScan("Merge branch 'autoheal/INC-2024-17-retry-storm' into 'main'", branchPrefix: "autoheal/")
        #expect(merge.branchNames == ["INC-2024-17-retry-storm"])
        #expect(merge.branchIncidents(known: ["INC-2024", "INC-2024-17", "INC-2024-17-retry"]) == ["INC-2024-17-retry"])
        #expect(merge.branchIncidents(known: ["INC-2024", "INC-2024-17"]) == ["INC-2024-17"])
        #expect(merge.branchIncidents(known: ["INC-2024-1"]) == ["INC-2024"], "no known id: the leading LETTERS-DIGITS")
        let real = CommitMessageScan("Merge pull request #3 from acme/autoheal/INC-REAL-pool\n", branchPrefix: "autoheal/")
        #expect(real.branchIncidents(known: ["INC-REAL"]) == ["INC-REAL"])
        #expect(real.branchIncidents(known: []).isEmpty)
    }
}
