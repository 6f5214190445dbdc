import Foundation
import Testing

@Suite("The seed's worked examples, through the real binary")
struct SeedScenarioTests {
    @Test("MTTD, MTTR and the hidden investigation match the expected numbers")
    func expectedNumbers() throws {
        let ws = Workspace()
        let file = ws.dir.write("seed.ndjson", Fixtures.seedEvents)
        let imp = ws.autoheal(["import", file])
        #expect(imp.code == 0, "\(imp.err)")
        #expect(imp.out == "imported 14 events (14 new, 0 duplicates) for 2 incidents\n")
        for (incident, expected) in Fixtures.seedExpected {
            let show = ws.autoheal(["show", incident, "--json"])
            #expect(show.code == 0, "\(show.err)")
            let doc = show.json as! [String: Any]
            let clocks = doc["clocks"] as! [String: Any]
            #expect((clocks["detection"] as! [String: Any])["seconds"] as? Int == expected["detection_seconds"])
            #expect((clocks["recovery"] as! [String: Any])["seconds"] as? Int == expected["recovery_seconds"])
            #expect(doc["hidden_investigation_seconds"] as? Int == expected["hidden_investigation_seconds"])
            #expect((clocks["detection"] as! [String: Any])["fallback"] as? Bool == false)
        }
    }

    @Test("clocks shows the friendly readings beside the honest ones")
    func friendlyReadings() throws {
        let ws = Workspace()
        ws.autoheal(["import", "-"], stdin: Fixtures.seedEvents)
        let expected = Fixtures.seedExpected["INC-REAL"]!
        let r = ws.autoheal(["clocks", "INC-REAL", "--json"])
        #expect(r.code == 0)
        let readings = (r.json as! [String: Any])["readings"] as! [[String: Any]]
        func seconds(_ clock: String, _ start: String, _ stop: String) -> Int? {
            readings.first { $0["clock"] as? String == clock && $0["start"] as? String == start && $0["stop"] as? String == stop }?["seconds"] as? Int
        }
        #expect(seconds("detection", "alert.fired", "page.acknowledged") == expected["detection_seconds"])
        #expect(seconds("detection", "page.sent", "page.acknowledged") == expected["friendly_detection_seconds_from_page"])
        #expect(seconds("recovery", "incident.declared", "sli.recovered") == expected["friendly_recovery_seconds_from_declaration"])
        let rules = readings.filter { $0["rule"] as? Bool == true }
        #expect(rules.count == 2)
        let text = ws.autoheal(["clocks", "INC-REAL"]).out
        #expect(text.contains("17m") && text.contains("3m") && text.contains("51m") && text.contains("21m"))
    }

    @Test("Events shuffled and split across files give the same clocks")
    func shuffledAndSplit() throws {
        var lines = Fixtures.seedEvents.split(separator: "\n").map(String.init)
        var rng = SystemRandomNumberGenerator()
        lines.shuffle(using: &rng)
        let ws = Workspace()
        let a = ws.dir.write("a.ndjson", lines[0..<5].joined(separator: "\n"))
        let b = ws.dir.write("b.json", "[\n" + lines[5..<10].joined(separator: ",\n") + "\n]")
        let c = ws.dir.write("c.ndjson", lines[10...].joined(separator: "\n") + "\n")
        let r = ws.autoheal(["import", c, a, b])
        #expect(r.code == 0, "\(r.err)")
        let doc = ws.autoheal(["show", "INC-REAL", "--json"]).json as! [String: Any]
        let clocks = doc["clocks"] as! [String: Any]
        #expect((clocks["detection"] as! [String: Any])["seconds"] as? Int == 1020)
        #expect((clocks["recovery"] as! [String: Any])["seconds"] as? Int == 3060)
        #expect(ws.eventCount() == 14)
    }

    @Test("Later runs may add events without a service once the incident has one")
    func serviceFromEarlierRun() {
        let ws = Workspace()
        let lines = Fixtures.seedEvents.split(separator: "\n").map(String.init)
        let withService = lines.filter { $0.contains("\"service\"") }
        let rest = lines.filter { !$0.contains("\"service\"") }
        let early = ws.autoheal(["import", "-"], stdin: rest.joined(separator: "\n"))
        #expect(early.code == 65)
        #expect(early.err.contains("has no \"service\" on any event"))
        #expect(ws.autoheal(["import", "-"], stdin: withService.joined(separator: "\n")).code == 0)
        #expect(ws.autoheal(["import", "-"], stdin: rest.reversed().joined(separator: "\n")).code == 0)
        #expect(ws.eventCount() == 14)
    }

    @Test("Re-importing is idempotent, with and without ids")
    func idempotent() throws {
        let ws = Workspace()
        let noIDs = Fixtures.seedEvents.replacingOccurrences(of: #""id":"[a-z]+-[0-9]+","#, with: "", options: .regularExpression)
        #expect(!noIDs.contains("\"id\""))
        let file = ws.dir.write("seed.ndjson", noIDs)
        #expect(ws.autoheal(["import", file]).code == 0)
        let again = ws.autoheal(["import", file, "--json"])
        #expect(again.code == 0)
        let summary = again.json as! [String: Int]
        #expect(summary == ["events": 14, "new": 0, "duplicates": 14, "incidents": 2, "extension_only_incidents": 0])
        #expect(ws.eventCount() == 14)
    }
}
