import Foundation
import Testing

/// Service names follow the rule incident ids follow: `"checkout "`, `"check\u{200B}out"` and
/// `"checkout"` were three services — three rows of `report --by service`, three `review` groups —
/// printed identically, and `café` sent composed and decomposed was stored twice.
@Suite struct ServiceNameTests {
    static let composed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"
    static let composedHex = "636166C3A9"

    /// A native event; `service` is JSON string text (escapes such as `\u200b` allowed).
    static func event(_ id: String, _ incident: String, service: String?, _ type: String = "alert.fired",
                      at: String = "2026-11-03T02:00:00Z") -> String {
        let extra = type == "mitigation.applied" ? #","attrs":{"action":"rollback"}"# : ""
        return #"{"id":"\#(id)","incident":"\#(incident)","type":"\#(type)","at":"\#(at)""#
            + (service.map { #","service":"\#($0)""# } ?? "") + extra + "}"
    }

    /// An incident with a service, mitigated (so `review` lists it).
    static func mitigated(_ incident: String, service: String) -> [String] {
        [event("\(incident)-a", incident, service: service),
         event("\(incident)-m", incident, service: nil, "mitigation.applied", at: "2026-11-03T02:30:00Z")]
    }

    /// The services the ledger holds, as hex bytes, read with the sqlite3 command line.
    static func storedServices(_ w: Workspace) -> [String] {
        Exec.run("/usr/bin/sqlite3", [w.db, "SELECT DISTINCT hex(service) FROM events WHERE service IS NOT NULL ORDER BY 1"]).out
            .split(separator: "\n").map(String.init)
    }

    static func bytes(_ value: Any?) -> [UInt8]? { (value as? String).map { Array($0.utf8) } }

    static let refusals: [(service: String, words: String)] = [
        ("  ", #"field "service" is only whitespace ("  ")"#),
        (#"\u00a0"#, #"field "service" is only whitespace ("\u{A0}")"#),
        ("checkout ", #"field "service" ends with whitespace ("checkout "), which a service name would print without: send "checkout""#),
        (#"\u2003checkout"#, #"field "service" begins with whitespace"#),
        (#"check\u200bout"#, #"field "service" holds U+200B (ZERO WIDTH SPACE), which does not show as itself ("check\u{200B}out"): a service name must be visible text"#),
        (#"\u3164"#, #"field "service" shows nothing ("\u{3164}"): it holds U+3164 (HANGUL FILLER)"#),
        (#"\ufeffcheckout"#, #"field "service" holds U+FEFF"#),
    ]

    @Test("A service with whitespace at an end or a character that does not show is refused whole", arguments: refusals.indices)
    func refused(index: Int) {
        let c = Self.refusals[index]
        let w = Workspace()
        #expect(w.autoheal(["import", "-"], stdin: Self.event("pre", "INC-0", service: "checkout") + "\n").code == 0)
        let file = w.dir.write("bad.ndjson", Self.event("e1", "INC-1", service: "checkout") + "\n"
                               + Self.event("e2", "INC-2", service: c.service, at: "2026-11-03T02:05:00Z") + "\n")
        let run = w.autoheal(["import", file])
        #expect(run.code == 65, "\(c.service): \(run.err)")
        #expect(run.err.hasPrefix("autoheal: \(file):2: \(c.words)"), "\(run.err)")
        #expect(run.err.split(separator: "\n").count == 1, "one line: \(run.err)")
        #expect(w.eventCount() == 1, "nothing from the bad run may be written")
    }

    @Test("An incident tool's service is refused by the same rule, at its JSON path")
    func vendorServiceRefused() {
        let w = Workspace()
        let payload = #"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X","incident":"INC-1","service":"checkout\u200b"},"startsAt":"2026-07-01T02:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"abc"}]}"#
        let file = w.dir.write("am.json", payload + "\n")
        let run = w.autoheal(["import", "--format", "alertmanager", file])
        #expect(run.code == 65, "\(run.err)")
        #expect(run.err.hasPrefix("autoheal: \(file):1: alerts[0].labels.service: the service holds U+200B (ZERO WIDTH SPACE)"), "\(run.err)")
        #expect(w.eventCount() == 0)
        // The same payload with a visible service imports.
        w.dir.write("am.json", payload.replacingOccurrences(of: #"checkout\u200b"#, with: "checkout") + "\n")
        #expect(w.autoheal(["import", "--format", "alertmanager", file]).code == 0)
    }

    @Test("A service sent composed and decomposed is one service, stored and shown composed, found by either spelling")
    func twoSpellingsAreOneService() throws {
        let w = Workspace()
        let lines = Self.mitigated("INC-1", service: Self.composed) + Self.mitigated("INC-2", service: #"cafe\u0301"#)
            + Self.mitigated("INC-3", service: "checkout")
        let run = w.autoheal(["import", "-"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(run.code == 0, "\(run.err)")
        #expect(Self.storedServices(w) == [Self.composedHex, "636865636B6F7574"])
        try Self.expectOneCafe(w)
    }

    /// A ledger an older autoheal filled may hold both spellings (it stored the bytes as sent): they
    /// are read as one service.
    @Test("A ledger holding a service in both spellings reads it as one service")
    func olderLedgerWithBothSpellings() throws {
        let w = Workspace()
        let lines = Self.mitigated("INC-1", service: Self.composed) + Self.mitigated("INC-3", service: "checkout")
        #expect(w.autoheal(["import", "-"], stdin: lines.joined(separator: "\n") + "\n").code == 0)
        let insert = """
            INSERT INTO events(key, incident, type, at_us, service, attrs, recorded_at_us)
            VALUES ('id:o1', 'INC-2', 'alert.fired', 1793671200000000, 'cafe' || char(769), NULL, 1),
                   ('id:o2', 'INC-2', 'mitigation.applied', 1793673000000000, NULL, '{"action":"rollback"}', 1);
            """
        let sql = Exec.run("/usr/bin/sqlite3", [w.db, insert])
        #expect(sql.code == 0, "\(sql.err)")
        #expect(Self.storedServices(w).count == 3)
        try Self.expectOneCafe(w)
        // The sender sending that event again (stored decomposed, now read composed) repeats it: no conflict.
        let again = w.autoheal(["import", "--json", "-"], stdin: Self.event("o1", "INC-2", service: #"cafe\u0301"#) + "\n")
        #expect(again.code == 0, "\(again.err)")
        #expect((again.json as? [String: Any])?["duplicates"] as? Int == 1, "\(again.out)")
    }

    /// INC-1 and INC-2 are on `café`, INC-3 on `checkout`: every command shows `café` composed, once.
    static func expectOneCafe(_ w: Workspace) throws {
        let cafe = Array(composed.utf8)
        let report = w.autoheal(["report", "--by", "service", "--json"])
        #expect(report.code == 0, "\(report.err)")
        let groups = try #require((report.json as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(groups.count == 2, "\(groups)")
        let group = try #require(groups.first { bytes($0["service"]) == cafe }, "\(groups)")
        #expect(group["incidents"] as? Int == 2)
        let table = w.autoheal(["report", "--by", "service"])
        #expect(table.out.components(separatedBy: "\n").filter { $0.contains("caf") }.count == 1, "\(table.out)")
        #expect(!table.out.unicodeScalars.contains("\u{301}"), "\(table.out)")

        for spelling in [composed, decomposed] {
            let incidents = w.autoheal(["incidents", "--service", spelling, "--json"])
            #expect(incidents.code == 0, "\(incidents.err)")
            let rows = try #require((incidents.json as? [String: Any])?["incidents"] as? [[String: Any]])
            #expect(rows.compactMap { $0["id"] as? String }.sorted() == ["INC-1", "INC-2"], "\(rows)")
            #expect(rows.allSatisfy { bytes($0["service"]) == cafe }, "\(rows)")

            let review = w.autoheal(["review", "--service", spelling, "--json"])
            #expect(review.code == 0, "\(review.err)")
            let items = try #require((review.json as? [String: Any])?["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["incident"] as? String }.sorted() == ["INC-1", "INC-2"], "\(items)")
            #expect(items.allSatisfy { bytes($0["service"]) == cafe }, "\(items)")
        }
        let text = w.autoheal(["incidents"])
        #expect(!text.out.unicodeScalars.contains("\u{301}"), "\(text.out)")
    }
}
