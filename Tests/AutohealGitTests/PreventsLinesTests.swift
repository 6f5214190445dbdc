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
}
