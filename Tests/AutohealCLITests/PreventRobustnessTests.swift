import Foundation
import Testing

/// `prevent` against what an agent, the environment or a hang-up may throw at it, as the real binary.
@Suite struct PreventRobustnessTests {
    @Test("A turn count no Int holds is ignored, and the change is still committed and recorded",
          arguments: [#"{"num_turns": 1e19}"#, #"{"num_turns": -1e19}"#, #"{"turns": 1e300, "result": "ok"}"#,
                      #"{"num_turns": 2.5}"#, #"{"usage": {"num_turns": -3}}"#])
    func hugeTurnCount(report: String) throws {
        let r = PreventRepo()
        let agent = r.agent("turns", "echo fix > fix.txt\necho '\(report)'\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--json"])
        #expect(run.code == 0, "\(run.code) \(run.err)")
        let agentJSON = try #require(run.object["agent"] as? [String: Any])
        #expect((agentJSON["turns"] ?? NSNull()) is NSNull, "\(agentJSON)")
        let commits = try #require(run.object["commits"] as? [String])
        #expect(commits.count == 1)
        #expect(try #require(r.show()["prevention"] as? [String: Any])["status"] as? String == "committed")
        let text = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("again", "echo more > more.txt\necho '\(report)'\n")])
        #expect(text.code == 0, "\(text.code) \(text.err)")
        #expect(!text.out.contains("turns"))
    }

    @Test func numbersNoIntHoldsInTheLedgerAreSkippedNotConverted() throws {
        let r = PreventRepo()
        // `prevention.waived` is imported with whatever attrs it carries; `sync` reads a "pr" from them.
        let waived = #"{"incident":"INC-7","type":"prevention.waived","at":"2026-11-11T00:00:00Z","attrs":{"reason":"later","pr":1e19}}"#
        #expect(r.autoheal(["import", "-"], stdin: waived).code == 0)
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 0, "\(sync.code) \(sync.err)")
        // A stored link whose numbers no Int holds (another tool's, or an older autoheal's).
        try recordOwnEvents(db: r.repo + "/.git/autoheal/autoheal.sqlite", #"""
            {"incident":"INC-7","type":"rootcause.linked","at":"2026-11-10T04:00:00Z","attrs":{"method":"frames","introducing":[{"commit":"abc","lines":1e19}],"paths":[{"path":"app.py","lines":[[1,1e19],[1,2]]}],"owners":[{"owner":"x","source":"blame","lines":-1e19}]}}
            """#)
        let show = r.autoheal(["show", "INC-7"])
        #expect(show.code == 0, "\(show.code) \(show.err)")
        #expect(show.out.contains("app.py:?,1-2"), "\(show.out)")
        #expect(r.autoheal(["show", "INC-7", "--json"]).code == 0)
        for command in [["review"], ["report"], ["prevent", "INC-7", "--no-agent"]] {
            let run = r.autoheal(command)
            #expect(run.code == 0, "\(command): \(run.code) \(run.err)")
        }
    }
}
