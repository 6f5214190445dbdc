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
        let clocks = ws.autoheal(["clocks", "INC-2"])
        #expect(clocks.code == 0 && clocks.out.contains("not an incident for the clocks"), "\(clocks.out)")
        // An incident with one event the clocks read is listed as before.
        #expect(ws.autoheal(["import", "-"], stdin: #"{"incident":"INC-2","type":"alert.fired","at":"2026-11-04T02:05:00Z"}"#).code == 0)
        #expect(ws.autoheal(["incidents"]).out.contains("INC-2"))
        #expect(!ws.autoheal(["show", "INC-2"]).out.contains("only extension"))
    }
}
