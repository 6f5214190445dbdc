import Foundation
import Testing

/// `x-` event types are stored and ignored (the contract). An incident known only from such events was
/// listed by `incidents` (as active, undeclared) while no report counted it; it is now neither listed nor
/// counted, and `show` and `clocks` say why while still showing what is stored.
@Suite("Incidents known only from x- extension events")
struct ExtensionOnlyIncidentTests {
    static let events = """
        {"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}
        {"incident":"INC-1","type":"sli.recovered","at":"2026-11-03T03:00:00Z"}
        {"incident":"INC-2","type":"x-deploy.started","at":"2026-11-04T02:00:00Z","service":"checkout","attrs":{"sha":"abc"}}
        {"incident":"INC-2","type":"x-deploy.finished","at":"2026-11-04T02:10:00Z"}
        """

    @Test("incidents lists neither them nor report counts them; show and clocks say why and show the events")
    func neitherListedNorCounted() throws {
        let ws = Workspace()
        #expect(ws.autoheal(["import", "-"], stdin: Self.events).code == 0)
        let text = ws.autoheal(["incidents"])
        #expect(text.code == 0 && text.out.contains("INC-1") && !text.out.contains("INC-2"), "\(text.out)")
        let json = try #require(ws.autoheal(["incidents", "--json"]).json as? [String: Any])
        #expect((json["incidents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["INC-1"])
        let service = ws.autoheal(["incidents", "--service", "checkout"])
        #expect(service.out.contains("INC-1") && !service.out.contains("INC-2"), "\(service.out)")
        let report = try #require(ws.autoheal(["report", "--json"]).json as? [String: Any])
        #expect((report["total"] as? [String: Any])?["incidents"] as? Int == 1)

        let show = ws.autoheal(["show", "INC-2"])
        #expect(show.code == 0, "\(show.err)")
        #expect(show.out.contains("only extension (x-) events") && show.out.contains("not an incident for the clocks"), "\(show.out)")
        #expect(show.out.contains("x-deploy.started") && show.out.contains("x-deploy.finished"), "its stored events: \(show.out)")
        #expect(!show.out.contains("active") && !show.out.contains("undeclared"), "no status or flags it does not have: \(show.out)")
        let shown = try #require(ws.autoheal(["show", "INC-2", "--json"]).json as? [String: Any])
        #expect((shown["events"] as? [Any])?.count == 2)
        // No lifecycle event, so no lifecycle status: not "active", which it never was.
        #expect(shown["extension_only"] as? Bool == true)
        #expect(shown.keys.contains("status") && shown["status"] is NSNull, "\(shown["status"] ?? "missing")")
        let clocks = ws.autoheal(["clocks", "INC-2"])
        #expect(clocks.code == 0 && clocks.out.contains("not an incident for the clocks"), "\(clocks.out)")
        // An incident with one event the clocks read is listed as before.
        #expect(ws.autoheal(["import", "-"], stdin: #"{"incident":"INC-2","type":"alert.fired","at":"2026-11-04T02:05:00Z"}"#).code == 0)
        #expect(ws.autoheal(["incidents"]).out.contains("INC-2"))
        #expect(!ws.autoheal(["show", "INC-2"]).out.contains("only extension"))
        #expect((ws.autoheal(["show", "INC-2", "--json"]).json as? [String: Any])?["status"] as? String == "active")
    }
}

/// The commands that act on an incident accepted one known only from `x-` events: `waive` recorded a
/// `prevention.waived`, and from then on `incidents` listed it and `report` counted it (waived,
/// undeclared) on the strength of the waiver alone; `link` and `prevent` recorded a root cause and a
/// draft that `show` hid behind "only extension events". They now refuse it as they refuse an unknown
/// id (exit 1), saying why; `show --json` marks it, and `import`'s summary does not count it.
@Suite("Commands refuse an incident known only from x- events")
struct ExtensionOnlyRefusalTests {
    static let xOnly = #"{"incident":"INC-X","type":"x-note","at":"2026-11-01T00:00:00Z","service":"checkout"}"#

    static func refused(_ r: Run, _ what: String) -> Bool {
        r.code == 1 && r.err.contains("INC-X has only extension (x-) events, which are stored and ignored")
            && r.err.contains("not an incident to \(what) until a lifecycle event for it is imported")
    }

    @Test("waive, link (plain, --json and --batch) and prevent refuse it with exit 1, as an unknown id, and record nothing")
    func commandsRefuse() throws {
        let r = PreventRepo()
        let imported = r.autoheal(["import", "-"], stdin: Self.xOnly)
        #expect(imported.code == 0 && imported.out.contains("for 0 incidents (and 1 known only from extension (x-) events"), "\(imported.out)")
        let before = r.autoheal(["show", "INC-X", "--json"]).out

        let waive = r.autoheal(["waive", "INC-X", "--reason", "nothing to prevent"])
        #expect(Self.refused(waive, "waive"), "\(waive.code) \(waive.err)")
        #expect(r.autoheal(["waive", "INC-NOPE", "--reason", "x"]).code == waive.code)
        for args in [["link", "INC-X", "--commit", "HEAD"], ["link", "INC-X", "--commit", "HEAD", "--json"], ["link", "INC-X"]] {
            let link = r.autoheal(args)
            #expect(Self.refused(link, "link") && link.out.isEmpty, "\(args): \(link.code) \(link.out) \(link.err)")
        }
        let batch = r.autoheal(["link", "--batch", "-"], stdin: #"{"incident":"INC-X","commits":["HEAD"]}"#)
        #expect(Self.refused(batch, "link") && batch.err.contains("<stdin>:1:"), "\(batch.code) \(batch.err)")
        let prevent = r.autoheal(["prevent", "INC-X", "--no-agent", "--worktree", r.dir.path + "/wt"])
        #expect(Self.refused(prevent, "prevent"), "\(prevent.code) \(prevent.err)")
        #expect(!r.git(["branch", "--list"]).contains("INC-X"), "no fix branch")
        #expect(!FileManager.default.fileExists(atPath: r.dir.path + "/wt"), "no worktree")

        // Nothing was recorded: it is still neither listed nor counted.
        #expect(r.autoheal(["show", "INC-X", "--json"]).out == before)
        let listed = try #require(r.autoheal(["incidents", "--json"]).json as? [String: Any])
        #expect((listed["incidents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["INC-7"])
        let report = try #require(r.autoheal(["report", "--format", "json"]).json as? [String: Any])
        let total = try #require(report["total"] as? [String: Any])
        #expect(total["incidents"] as? Int == 1 && total["undeclared"] as? Int == 0, "\(total)")
        #expect((total["mttp"] as? [String: Any])?["waived"] as? Int == 0)

        // A lifecycle event makes it an incident, which the same commands then take.
        let lifecycle = #"{"incident":"INC-X","type":"alert.fired","at":"2026-11-01T00:05:00Z"}"#
        let counted = r.autoheal(["import", "-", "--json"], stdin: lifecycle)
        #expect(counted.json as? [String: Int] == ["events": 1, "new": 1, "duplicates": 0, "incidents": 1, "extension_only_incidents": 0])
        #expect(r.autoheal(["waive", "INC-X", "--reason", "nothing to prevent"]).code == 0)
    }

    @Test("the MCP tools that act on it refuse it; get_incident marks it")
    func mcpTools() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["import", "-"], stdin: Self.xOnly).code == 0)
        let events = r.autoheal(["show", "INC-X", "--json"]).out
        let responses = try MCPTests().session(r, [
            MCPTests.call(1, "get_incident", ["incident": "INC-X"]),
            MCPTests.call(2, "link_incident", ["incident": "INC-X", "commits": ["HEAD"]]),
            MCPTests.call(3, "record_prevention", ["incident": "INC-X", "commit": "HEAD"]),
            MCPTests.call(4, "get_prevention_brief", ["incident": "INC-X"]),
            MCPTests.call(5, "list_open_prevention", [:]),
        ])
        let incident = (responses[1]?["result"] as? [String: Any])?["structuredContent"] as? [String: Any]
        #expect(!MCPTests.isError(responses[1]) && incident?["extension_only"] as? Bool == true, "\(MCPTests.text(responses[1]))")
        for (id, what) in [(2, "link"), (3, "record a prevention for"), (4, "prevent")] {
            let text = MCPTests.text(responses[id])
            #expect(MCPTests.isError(responses[id]) && text.contains("INC-X has only extension (x-) events")
                        && text.contains("not an incident to \(what) until"), "\(id): \(text)")
        }
        #expect(!MCPTests.text(responses[5]).contains("INC-X"))
        #expect(r.autoheal(["show", "INC-X", "--json"]).out == events, "nothing recorded")
    }

    @Test("show --json marks it extension_only; import's summary counts it apart")
    func marked() throws {
        let ws = Workspace()
        let both = Self.xOnly + "\n" + #"{"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}"#
            + "\n" + #"{"incident":"INC-1","type":"x-note","at":"2026-11-03T02:01:00Z"}"#
        let summary = try #require(ws.autoheal(["import", "-", "--json"], stdin: both).json as? [String: Int])
        #expect(summary == ["events": 3, "new": 3, "duplicates": 0, "incidents": 1, "extension_only_incidents": 1])
        // Only x- events for an incident that is one already: counted as an incident.
        let more = ws.autoheal(["import", "-"], stdin: #"{"incident":"INC-1","type":"x-note","at":"2026-11-03T02:02:00Z"}"#)
        #expect(more.out == "imported 1 event (1 new, 0 duplicates) for 1 incident\n", "\(more.out)")
        let x = try #require(ws.autoheal(["show", "INC-X", "--json"]).json as? [String: Any])
        #expect(x["extension_only"] as? Bool == true)
        let one = try #require(ws.autoheal(["show", "INC-1", "--json"]).json as? [String: Any])
        #expect(one["extension_only"] as? Bool == false)
    }
}
