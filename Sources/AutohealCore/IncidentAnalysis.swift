/// Everything autoheal derives about one incident under a set of rules, as of a moment.
public struct IncidentAnalysis: Hashable, Sendable {
    public var incident: Incident
    public var detection: Clock
    public var recovery: Clock
    /// Prevention runs from the recovery stop to the landing of the preventive fix.
    public var prevention: Clock
    public var preventionState: PreventionState
    /// `incident.declared` minus the detection stop (absent when never declared).
    public var hiddenInvestigationSeconds: Int64?
    /// The moment the analysis is taken at (open prevention is measured up to here).
    public var asOf: Timestamp

    public init(incident: Incident, rules: ClockRules, asOf: Timestamp) {
        self.incident = incident
        self.asOf = asOf
        let events = incident.events
        let detStart = rules.detectionStart.stamp(in: events)
        let detStop = rules.detectionStop.stamp(in: events)
        detection = Clock(start: detStart, stop: detStop)
        let recStart: Stamp?
        switch rules.recoveryStart {
        case .detectionStop: recStart = detStop
        case .chain(let c): recStart = c.stamp(in: events)
        }
        let recStop = rules.recoveryStop.stamp(in: events)
        recovery = Clock(start: recStart, stop: recStop)
        preventionState = PreventionState(events: events, asOf: asOf)
        prevention = Clock(
            start: recStop.map { Stamp(type: $0.type, at: $0.at, fallback: $0.fallback) },
            stop: preventionState.landed.map { Stamp(type: .preventionLanded, at: $0.at, fallback: false) }
        )
        if let declared = incident.declaredAt, let stop = detStop {
            hiddenInvestigationSeconds = stop.at <= declared ? stop.at.seconds(until: declared) : 0
        } else {
            hiddenInvestigationSeconds = nil
        }
    }

    /// When the incident began, for period grouping: the detection start, else its earliest event that
    /// ``EventType/marksIncidentStart`` (not an `x-` event, nor one of autoheal's own records).
    public var startedAt: Timestamp? {
        detection.start?.at ?? incident.events.first(where: { $0.type.marksIncidentStart })?.at
    }

    /// Prevention is open: recovery happened, no fix has landed and it was not waived.
    public var preventionOpen: Bool { prevention.start != nil && prevention.stop == nil && !preventionState.isWaived }

    /// Seconds since the prevention clock started, up to the landing or `asOf`; `nil` before recovery,
    /// and for a fix that landed before the recovery stop (``Clock/anomaly``: never a made-up 0).
    public var preventionElapsedSeconds: Int64? {
        guard let start = prevention.start, prevention.anomaly == nil else { return nil }
        let end = prevention.stop?.at ?? asOf
        return end >= start.at ? start.at.seconds(until: end) : 0
    }

    /// `active` until recovered, then `recovered`, then `resolved`.
    public var status: String {
        if incident.first(.incidentResolved) != nil { return "resolved" }
        if recovery.stop != nil { return "recovered" }
        return "active"
    }
}
