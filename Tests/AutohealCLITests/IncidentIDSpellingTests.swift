import Foundation
import Testing

/// Ids that Unicode spells two ways (`é` as one character, or `e` and a combining accent) are one
/// incident: Swift's `String` compares them equal, so two ledger rows with the two spellings merged in
/// every dictionary — `incidents` lost one and gave the other's status, `show café` typed composed
/// found nothing for an id imported decomposed.
@Suite struct IncidentIDSpellingTests {
    static let composed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"
    static let composedHex = "636166C3A9"

    static func event(_ id: String, _ incident: String, _ type: String = "alert.fired", at: String = "2026-11-03T02:00:00Z") -> String {
        #"{"id":"\#(id)","incident":"\#(incident)","type":"\#(type)","at":"\#(at)","service":"svc"}"#
    }

    /// The incident ids the ledger holds, as hex bytes, read with the sqlite3 command line.
    static func storedIDs(_ w: Workspace) -> [String] {
        Exec.run("/usr/bin/sqlite3", [w.db, "SELECT DISTINCT hex(incident) FROM events ORDER BY 1"]).out
            .split(separator: "\n").map(String.init)
    }

    static func incidents(_ w: Workspace) -> [[String: Any]] {
        ((w.autoheal(["incidents", "--json"]).json as? [String: Any])?["incidents"] as? [[String: Any]]) ?? []
    }

    @Test("An id imported composed and decomposed is one incident, found by either spelling")
    func twoSpellingsAreOneIncident() throws {
        let w = Workspace()
        let lines = [Self.event("e1", Self.composed), Self.event("e2", "cafe\\u0301", "page.sent", at: "2026-11-03T02:05:00Z"),
                     Self.event("e3", "INC-2")]
        let run = w.autoheal(["import", "-"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(run.code == 0, "\(run.err)")
        #expect(Self.storedIDs(w) == ["494E432D32", Self.composedHex])
        let waive = w.autoheal(["waive", Self.decomposed, "--reason", "t"])
        #expect(waive.code == 0, "\(waive.err)")
        #expect(Self.storedIDs(w) == ["494E432D32", Self.composedHex])

        let rows = Self.incidents(w)
        #expect(rows.count == 2)
        let cafe = try #require(rows.first { ($0["id"] as? String).map { Array($0.utf8) } == Array(Self.composed.utf8) })
        #expect("\(cafe)".contains("waived"), "\(cafe)")
        let other = try #require(rows.first { $0["id"] as? String == "INC-2" })
        #expect(!"\(other)".contains("waived"), "\(other)")

        for spelling in [Self.composed, Self.decomposed] {
            let show = w.autoheal(["show", spelling, "--json"])
            #expect(show.code == 0, "\(show.err)")
            let doc = show.object
            #expect((doc["id"] as? String).map { Array($0.utf8) } == Array(Self.composed.utf8))
            #expect(((doc["prevention"] as? [String: Any])?["status"] as? String) == "waived", "\(doc)")
            #expect(show.out.contains("alert.fired") && show.out.contains("page.sent"), "\(show.out)")
        }
    }

    /// A ledger an older autoheal filled may hold both spellings (it stored the bytes as sent): they are
    /// read as one incident, and a lookup by either spelling finds the events of both.
    @Test("A ledger holding an id in both spellings reads as one incident")
    func olderLedgerWithBothSpellings() throws {
        let w = Workspace()
        #expect(w.autoheal(["import", "-"], stdin: Self.event("e1", Self.composed) + "\n").code == 0)
        // What an older import wrote for `cafe\u0301`, and an incident whose id sorts between the two spellings.
        let insert = """
            INSERT INTO events(key, incident, type, at_us, service, recorded_at_us)
            VALUES ('id:e2', 'cafe' || char(769), 'page.sent', 1793671500000000, 'svc', 1),
                   ('id:e3', 'cafex', 'alert.fired', 1793671200000000, 'svc', 1);
            """
        let sql = Exec.run("/usr/bin/sqlite3", [w.db, insert])
        #expect(sql.code == 0, "\(sql.err)")
        #expect(Self.storedIDs(w).count == 3)

        let rows = Self.incidents(w)
        #expect(Set(rows.compactMap { $0["id"] as? String }.map { Array($0.utf8) }) == [Array(Self.composed.utf8), Array("cafex".utf8)], "\(rows)")
        #expect(rows.count == 2)
        for spelling in [Self.composed, Self.decomposed] {
            let show = w.autoheal(["show", spelling, "--json"])
            #expect(show.code == 0, "\(show.err)")
            #expect(show.out.contains("alert.fired") && show.out.contains("page.sent"), "\(show.out)")
        }
        let waive = w.autoheal(["waive", Self.composed, "--reason", "t"])
        #expect(waive.code == 0, "\(waive.err)")
        let cafe = try #require(Self.incidents(w).first { ($0["id"] as? String).map { Array($0.utf8) } == Array(Self.composed.utf8) })
        #expect("\(cafe)".contains("waived"), "\(cafe)")
    }

    /// Joiners and variation selectors that are how the text is written are accepted; the same
    /// characters between ASCII, and blank-looking characters, are refused.
    @Test("Persian, Devanagari and emoji ids import; joiners between ASCII and blank-looking characters do not")
    func textWithJoinersAndSelectors() {
        let w = Workspace()
        let good = ["می\\u200cخواهم", "क्\\u200dष", "\\u2764\\ufe0f-1", "1\\ufe0f\\u20e3"]
        let run = w.autoheal(["import", "-"], stdin: good.enumerated().map { Self.event("g\($0.offset)", $0.element) }.joined(separator: "\n") + "\n")
        #expect(run.code == 0, "\(run.err)")
        #expect(Self.incidents(w).count == 4)
        for (id, words) in [("INC\\u200d-1", "holds U+200D (ZERO WIDTH JOINER)"), ("INC\\u28001", "holds U+2800 (BRAILLE PATTERN BLANK)"),
                            ("\\u3164", "shows nothing (\"\\u{3164}\"): it holds U+3164 (HANGUL FILLER)")] {
            let bad = w.autoheal(["import", "-"], stdin: Self.event("b", id) + "\n")
            #expect(bad.code == 65)
            #expect(bad.err.contains("-:1: field \"incident\" \(words)"), "\(bad.err)")
        }
    }
}
