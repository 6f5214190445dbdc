import AutohealCore
import AutohealStore
import Foundation
import Testing

/// `waive`, and the text `prevent`, `sync`, `land` and `waive` print, as the real binary.
@Suite struct WaiveAndTextTests {
    @Test("A reason of only whitespace is refused, newlines included", arguments: ["\n", "\t", " \r\n\t ", "\u{0B}\u{0C}"])
    func blankReason(reason: String) throws {
        let r = PreventRepo()
        let run = r.autoheal(["waive", "INC-7", "--reason", reason])
        #expect(run.code == 64)
        #expect(run.err.contains("--reason must not be empty"), "\(run.err)")
        #expect((r.show()["prevention"] as? [String: Any])?["status"] as? String == "none")
    }

    /// Whether `text` holds a character that a terminal hides or acts on (escape, bell, bidirectional override).
    static func hasHidden(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0.value == 0x9B }
    }

    @Test func preventWritesTheAgentsSummaryAndCommitSubjectsVisibly() throws {
        let r = PreventRepo()
        let agent = r.agent("loud", #"""
            echo fix > fix.txt && git add fix.txt && git commit -q -m "$(printf 'agent \033[2Jcommit\n\nPrevents: INC-7')"
            echo more > more.txt
            printf '%s\n' '{"result":"done \u001b[31mRED\u001b]0;title\u0007 \u202e"}'
            """#)
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent])
        #expect(run.code == 0, "\(run.err)")
        #expect(!Self.hasHidden(run.out), "\(run.out)")
        #expect(!Self.hasHidden(run.err), "\(run.err)")
        #expect(run.out.contains(#"summary   done \u{1B}[31mRED\u{1B}]0;title\u{7} \u{202E}"#), "\(run.out)")
        #expect(run.out.contains(#"agent \u{1B}[2Jcommit (agent)"#), "\(run.out)")
        #expect(run.err.contains(#"agent \u{1B}[2Jcommit (by the agent)"#), "\(run.err)")
        // JSON keeps the agent's words exact.
        let json = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("again", "echo x > x.txt\nprintf '%s\\n' '{\"result\":\"a\\u202eb\"}'\n"), "--json"])
        #expect((json.object["agent"] as? [String: Any])?["summary"] as? String == "a\u{202E}b")
    }

    /// Import refuses such an id now (``IncidentID``), but a ledger an earlier autoheal filled may hold
    /// one: it is written there directly, as that import did.
    @Test func incidentIdsAndPathsMadeFromThemAreWrittenVisibly() throws {
        let id = "INC\u{202E}9"
        let r = PreventRepo()
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC\u202e9","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}"#).code == 65)
        func at(_ text: String) throws -> Timestamp { try RFC3339.parse(text) }
        _ = try EventStore(path: r.repo + "/.git/autoheal/autoheal.sqlite").append([
            Event(incident: id, type: .alertFired, at: try at("2026-11-10T02:00:00Z"), service: "checkout"),
            Event(incident: id, type: .pageAcknowledged, at: try at("2026-11-10T02:17:00Z")),
            Event(incident: id, type: .incidentDeclared, at: try at("2026-11-10T02:47:00Z"), severity: "SEV2", attrs: ["title": "Checkout pool exhausted"]),
            Event(incident: id, type: .rootcauseIdentified, at: try at("2026-11-10T03:00:00Z"), attrs: ["summary": "connection pool exhausted in app.py", "frames": ["app.py:2"]]),
            Event(incident: id, type: .sliRecovered, at: try at("2026-11-10T03:08:00Z")),
        ])
        let prevent = r.autoheal(["prevent", id, "--no-agent"])
        #expect(prevent.code == 0, "\(prevent.err)")
        for text in [prevent.out, prevent.err] { #expect(!Self.hasHidden(text), "\(text)") }
        #expect(prevent.out.contains("INC\\u{202E}9: drafted on autoheal/INC\\u{202E}9-"), "\(prevent.out)")
        #expect(prevent.out.contains("/worktrees/INC\\u{202E}9"), "\(prevent.out)")
        #expect(prevent.err.contains("created branch autoheal/INC\\u{202E}9-"), "\(prevent.err)")
        // JSON keeps the id exact.
        let json = r.autoheal(["prevent", id, "--no-agent", "--json"])
        #expect(json.object["incident"] as? String == id)

        let waive = r.autoheal(["waive", id, "--reason", "later \u{1B}[31m"])
        #expect(waive.code == 0, "\(waive.err)")
        #expect(waive.out == "INC\\u{202E}9: prevention waived (later \\u{1B}[31m)\n", "\(waive.out)")

        // A fix that lands: sync, then land, name the incident.
        _ = r.git(["checkout", "-q", "-b", "fix/x"])
        r.dir.write("repo/app.py", "def handler(x):\n    return max(x, 0)\n")
        _ = r.git(["commit", "-q", "-am", "Bound the handler\n\nPrevents: \(id)"])
        _ = r.git(["checkout", "-q", "main"])
        _ = r.git(["merge", "-q", "--no-ff", "-m", "Merge fix", "fix/x"])
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 0, "\(sync.err)")
        #expect(!Self.hasHidden(sync.out), "\(sync.out)")
        #expect(sync.out.contains("landed   INC\\u{202E}9 in "), "\(sync.out)")
        let land = r.autoheal(["land", "--commit", "HEAD"])
        #expect(land.code == 0, "\(land.err)")
        #expect(!Self.hasHidden(land.out), "\(land.out)")
        #expect(land.out.hasPrefix("INC\\u{202E}9: landed in "), "\(land.out)")
        let refused = r.autoheal(["waive", id, "--reason", "now"])
        #expect(refused.code == 1)
        #expect(!Self.hasHidden(refused.err), "\(refused.err)")
    }
}
