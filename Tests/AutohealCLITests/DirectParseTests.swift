import Testing
@testable import AutohealCLI

/// `link` and `hook-event` skip ArgumentParser's whole command tree when their arguments parse on their
/// own; anything else (help, a usage error, another command) takes the full parse and reads as always.
@Suite("Commands parsed on their own")
struct DirectParseTests {
    @Test("Valid link and hook-event lines parse directly; help, usage errors and other commands do not")
    func directParse() {
        #expect(AutohealMain.parseDirectly(["link", "INC-1", "--fix", "abc", "--json"]) is LinkCommand)
        #expect(AutohealMain.parseDirectly(["link", "--batch", "-", "-C", "repo"]) is LinkCommand)
        #expect(AutohealMain.parseDirectly(["hook-event", "committed", "--commit", "HEAD"]) is HookEventCommand)
        #expect(AutohealMain.parseDirectly(["link", "--help"]) == nil)
        #expect(AutohealMain.parseDirectly(["link", "INC-1", "--fix", "a", "--at", "b"]) == nil)
        #expect(AutohealMain.parseDirectly(["link", "INC-1", "--frobnicate"]) == nil)
        #expect(AutohealMain.parseDirectly(["report", "--by", "service"]) == nil)
        #expect(AutohealMain.parseDirectly([]) == nil)
    }

    @Test("Help and usage errors of a directly parsed command read as from the full parse")
    func helpAndErrors() {
        let ws = Workspace()
        let help = ws.autoheal(["link", "--help"])
        #expect(help.code == 0)
        #expect(help.out.contains("USAGE: autoheal link"))
        #expect(Exec.run(Exec.binary, ["link", "--help"]).out == Exec.run(Exec.binary, ["help", "link"]).out)
        let bad = ws.autoheal(["link", "INC-1", "--fix", "a", "--at", "b"])
        #expect(bad.code == 64)
        #expect(bad.err.hasPrefix("Error: --at applies to --frame"))
        #expect(bad.err.contains("Usage: autoheal link "))
        let unknown = ws.autoheal(["hook-event"])
        #expect(unknown.code == 64)
        #expect(unknown.err.contains("Usage: autoheal hook-event "))
    }
}
