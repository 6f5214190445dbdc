import AutohealCore
import AutohealReports
import Testing

@Suite struct IncidentTextTests {
    /// `clocks` for an incident whose detection never stopped printed a table header and nothing else;
    /// it now says that no clock has a reading yet and what each one is waiting for.
    @Test func clocksWithoutAnyReadingSayWhy() {
        let fired = Timestamp(seconds: 1_793_671_200)
        let incident = Incident(id: "INC-9", events: [
            Event(incident: "INC-9", type: .alertFired, at: fired, service: "api", severity: "SEV2"),
            Event(incident: "INC-9", type: .mitigationApplied, at: fired.adding(seconds: 3_600)),
        ])
        let analysis = IncidentAnalysis(incident: incident, rules: .default, asOf: fired.adding(seconds: 86_400))
        #expect(analysis.readings.isEmpty)
        let text = IncidentText.readings(analysis)
        #expect(!text.contains("CLOCK"), "no empty table: \(text)")
        #expect(text.contains("no reading yet"), "\(text)")
        #expect(text.contains("detection") && text.contains("from alert.fired") && text.contains("not stopped"), "\(text)")
        #expect(text.contains("recovery") && text.contains("no start stamp"), "\(text)")
    }

    /// With readings, the table is printed as before.
    @Test func clocksWithReadingsPrintTheTable() {
        let fired = Timestamp(seconds: 1_793_671_200)
        let incident = Incident(id: "INC-8", events: [
            Event(incident: "INC-8", type: .alertFired, at: fired, service: "api"),
            Event(incident: "INC-8", type: .pageAcknowledged, at: fired.adding(seconds: 600)),
        ])
        let text = IncidentText.readings(IncidentAnalysis(incident: incident, rules: .default, asOf: fired.adding(seconds: 86_400)))
        #expect(text.contains("CLOCK") && text.contains("10m") && !text.contains("no reading yet"), "\(text)")
    }
}
