import AutohealCore

/// Builds events for an incident at minute offsets from a base time, for readable tests.
final class Scenario {
    var incident: String
    var service: String? = "checkout"
    var base = Timestamp(seconds: 1_793_671_200) // 2026-11-03T02:00:00Z
    var events: [Event] = []

    init(_ incident: String, service: String? = "checkout") {
        self.incident = incident
        self.service = service
    }

    /// Adds an event `minutes` after the base.
    @discardableResult
    func at(_ minutes: Double, _ type: EventType, severity: String? = nil, attrs: JSONValue? = nil) -> Scenario {
        events.append(Event(incident: incident, type: type, at: base.adding(seconds: Int64(minutes * 60)),
                            service: events.isEmpty ? service : nil, severity: severity, source: "test", attrs: attrs))
        return self
    }

    var built: Incident { Incident(id: incident, events: events) }

    func analysis(rules: ClockRules = .default, asOf: Timestamp? = nil) -> IncidentAnalysis {
        IncidentAnalysis(incident: built, rules: rules, asOf: asOf ?? base.adding(seconds: 365 * 86_400))
    }
}
