import AutohealCore
import Testing

@Suite("Recurrence: prevention escaped")
struct RecurrenceTests {
    static func linked(_ id: String, service: String = "checkout", startDay: Double, landedDay: Double?, path: String, lines: [Int]) -> Incident {
        let s = Scenario(id, service: service)
        s.at(startDay * 1440, .alertFired).at(startDay * 1440 + 10, .pageAcknowledged).at(startDay * 1440 + 30, .sliRecovered)
        s.at(startDay * 1440 + 60, .rootcauseLinked, attrs: ["method": "fix", "paths": [["path": .string(path), "lines": [[.number(Double(lines[0])), .number(Double(lines[1]))]]]]])
        if let landedDay { s.at(landedDay * 1440, .preventionLanded, attrs: ["commit": "abc", "precision": "committer"]) }
        return s.built
    }

    @Test("A later incident on overlapping or adjacent lines of the same service escaped the landed fix")
    func escaped() {
        let first = Self.linked("INC-1", startDay: 0, landedDay: 3, path: "pool.go", lines: [10, 20])
        let adjacent = Self.linked("INC-2", startDay: 10, landedDay: nil, path: "pool.go", lines: [21, 25])
        let elsewhere = Self.linked("INC-3", startDay: 10, landedDay: nil, path: "pool.go", lines: [40, 50])
        let otherService = Self.linked("INC-4", service: "search", startDay: 10, landedDay: nil, path: "pool.go", lines: [12, 12])
        let beforeLanding = Self.linked("INC-5", startDay: 2, landedDay: nil, path: "pool.go", lines: [15, 16])
        let asOf = Timestamp(seconds: 1_900_000_000)
        let fps = [first, adjacent, elsewhere, otherService, beforeLanding].map { Recurrence.Footprint(IncidentAnalysis(incident: $0, rules: .default, asOf: asOf)) }
        let escapes = Recurrence.escapes(fps)
        #expect(escapes == ["INC-2": ["INC-1"]])
        let report = Report(incidents: [first, adjacent, elsewhere, otherService, beforeLanding], query: ReportQuery(by: [.service]), now: asOf)
        #expect(report.total.preventionEscaped == 1)
        #expect(report.groups.first { $0.key[.service] == "checkout" }?.preventionEscaped == 1)
    }
}
