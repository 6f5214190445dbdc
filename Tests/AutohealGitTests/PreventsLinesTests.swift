import AutohealGit
import Testing

@Suite struct PreventsLinesTests {
    /// Sync, `prevent` and MCP `record_prevention` each read `Prevents:` lines their own way: MCP missed
    /// a bulleted squash line or a trailing `.`, and `prevent` took `Prevents: INC-1 INC-2` as two ids
    /// where sync lands one. One rule now.
    @Test func oneRuleForEveryReader() {
        let squash = "Guard the pool (#42)\r\n\r\n* Bound retries\r\n  * prevents: INC-7, OPS-3.\r\n\r\nPREVENTS: INC-7\r\n"
        #expect(PreventsLines.incidents(in: squash) == ["INC-7", "OPS-3"])
        #expect(PreventsLines.incidents(in: "Fix\n\nPrevents: INC-1 and more") == ["INC-1"])
        #expect(PreventsLines.incidents(in: "Fix\n\nPrevents: INC-12").contains("INC-1") == false)
        #expect(PreventsLines.incidents(in: "Fix\n\nNot a trailer: Prevents: INC-1").isEmpty)
        #expect(PreventsLines.incidents(in: "Prevents:").isEmpty)
    }

    /// Where the reader knows the incidents, a part whose every word is one names each; a part with
    /// prose after its id names the id alone, whatever the prose mentions.
    @Test func spaceSeparatedKnownIds() {
        let known: Set<String> = ["INC-5", "INC-6", "INC-3"]
        #expect(PreventsLines.incidents(in: "x\n\nPrevents: INC-5 INC-6.", known: known.contains) == ["INC-5", "INC-6"])
        #expect(PreventsLines.incidents(in: "x\n\nPrevents: INC-5 like INC-3, INC-6", known: known.contains) == ["INC-5", "INC-6"])
        #expect(PreventsLines.incidents(in: "x\n\nPrevents: INC-5 INC-6") == ["INC-5"], "without the ledger, the first word")
        #expect(PreventsLines.incidents(in: "x\n\nPrevents: INC-9 INC-6", known: known.contains) == ["INC-9"])
    }
}
