import Testing
@testable import AutohealCLI
import AutohealLinkRun

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

    @Test("link's own reader agrees with ArgumentParser wherever it answers, and leaves the rest to it")
    func linkArguments() throws {
        let taken: [[String]] = [
            ["INC-1", "--fix", "abc"],
            ["INC-1", "--fix", "abc", "--json"],
            ["--json", "INC-1", "--fix=abc"],
            ["INC-1", "--revert", "abc", "-C", "repo", "--db", "x.sqlite"],
            ["INC-1", "--commit", "a", "--commit", "b"],
            ["INC-1", "--frame", "a.go:3", "--frame", "b.go:4", "--at", "v1"],
            ["INC-1", "--deploy", "a..b", "--frame", "a.go:3"],
            ["INC-1", "--stack", "trace.txt", "--at=HEAD~2"],
            ["INC-1"],
            ["INC-1", "--at", "v2"],
            ["--batch", "-", "--json"],
            ["--batch=links.ndjson", "--db=x.sqlite"],
            ["INC-1", "--fix", ""],
        ]
        for args in taken {
            let fast = LinkArguments.parse(args)
            #expect(fast != nil, "\(args)")
            #expect(fast == (try LinkCommand.parse(args)).arguments, "\(args)")
        }
        let left: [[String]] = [
            [], ["--help"], ["-h"], ["INC-1", "--fix"], ["INC-1", "--fix", "--json"], ["INC-1", "INC-2", "--fix", "a"],
            ["INC-1", "--fix", "a", "--fix", "b"], ["INC-1", "--json", "--json", "--fix", "a"], ["INC-1", "--frobnicate", "x"],
            ["INC-1", "--fix", "a", "--at", "b"], ["INC-1", "--fix", "a", "--revert", "b"], ["--batch", "-", "INC-1"],
            ["INC-1", "--", "--fix"], ["INC-1", "--json=true"], ["INC-1", "-C=repo", "--fix", "a"], ["INC-1", "-Crepo", "--fix", "a"],
        ]
        for args in left {
            #expect(LinkArguments.parse(args) == nil, "\(args)")
        }
        // What the reader leaves, ArgumentParser still reads: a repeated option takes the last value there.
        #expect((try LinkCommand.parse(["INC-1", "--fix", "a", "--fix", "b"])).arguments.request.fix == "b")
    }
}
