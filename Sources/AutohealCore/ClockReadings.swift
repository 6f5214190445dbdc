/// One way of reading a clock: a start type, a stop type and the seconds between their stamps.
public struct ClockReading: Hashable, Sendable {
    public var clock: String
    public var start: String
    public var stop: String
    public var startAt: Timestamp
    public var stopAt: Timestamp
    /// `nil` when the stop precedes the start (never a negative number).
    public var seconds: Int64?
    /// The configured rules use this reading.
    public var rule: Bool

    /// As `clocks --json` gives it; a reading whose stop precedes its start has `seconds` null and says
    /// why, as `show` does (`"anomaly": "stop_before_start"`).
    public var json: JSONValue {
        var o: [String: JSONValue] = ["clock": .string(clock), "start": .string(start), "stop": .string(stop),
                                      "start_at": .string(startAt.description), "stop_at": .string(stopAt.description),
                                      "seconds": JSONValue(seconds), "rule": .bool(rule)]
        if seconds == nil { o["anomaly"] = "stop_before_start" }
        return .object(o)
    }
}

extension IncidentAnalysis {
    /// Every reading of detection and recovery side by side, so nobody can quietly pick the friendlier one.
    ///
    /// Detection: from `impact.started`, the first `alert.fired`, the first *watched* alert, the first
    /// `page.sent` and `incident.declared`, each to the rules' detection stop. Recovery: from the detection
    /// stop and from `incident.declared`, each to `mitigation.applied`, `sli.recovered`, `incident.resolved`
    /// and `postmortem.completed`. Readings the configured rules use have `rule == true`; when the rules pick
    /// stamps outside these lists their reading is added too.
    public var readings: [ClockReading] {
        let inc = incident
        var out: [ClockReading] = []
        func add(_ clock: String, _ startName: String, _ startAt: Timestamp?, _ stopName: String, _ stopAt: Timestamp?, rule: Bool) {
            guard let startAt, let stopAt else { return }
            if out.contains(where: { $0.clock == clock && $0.start == startName && $0.stop == stopName }) { return }
            let secs: Int64? = stopAt >= startAt ? startAt.seconds(until: stopAt) : nil
            out.append(ClockReading(clock: clock, start: startName, stop: stopName, startAt: startAt, stopAt: stopAt, seconds: secs, rule: rule))
        }
        func isRule(_ clock: Clock, _ startAt: Timestamp?, _ startType: String, _ stopType: String) -> Bool {
            clock.start?.type.rawValue == startType && clock.stop?.type.rawValue == stopType && clock.start?.at == startAt
        }

        // Detection.
        if let stop = detection.stop {
            let watchedAlert = inc.all(.alertFired).first { $0.attrs?["watched"]?.boolValue ?? true }
            var starts: [(String, Timestamp?)] = [
                (EventType.impactStarted.rawValue, inc.first(.impactStarted)?.at),
                (EventType.alertFired.rawValue, inc.first(.alertFired)?.at),
            ]
            if let watchedAlert, watchedAlert.at != inc.first(.alertFired)?.at {
                starts.append(("alert.fired(watched)", watchedAlert.at))
            }
            starts.append((EventType.pageSent.rawValue, inc.first(.pageSent)?.at))
            starts.append((EventType.incidentDeclared.rawValue, inc.declaredAt))
            if let s = detection.start { starts.insert((s.type.rawValue, s.at), at: 0) }
            // A start of the stop's own type reads nothing, unless it is the rules' own reading (an
            // incident known only by its declaration: declared to declared, 0 s, as `show` reports it).
            for (name, at) in starts where name != stop.type.rawValue || isRule(detection, at, name, stop.type.rawValue) {
                add("detection", name, at, stop.type.rawValue, stop.at, rule: isRule(detection, at, name, stop.type.rawValue))
            }
        }

        // Recovery.
        var recStarts: [(String, Timestamp?)] = []
        if let s = recovery.start { recStarts.append((s.type.rawValue, s.at)) }
        // From the detection stop always, also when the rules start recovery elsewhere (a friendlier
        // `incident.declared`): the honest reading stays beside the configured one.
        if let s = detection.stop { recStarts.append((s.type.rawValue, s.at)) }
        recStarts.append((EventType.incidentDeclared.rawValue, inc.declaredAt))
        var stops: [(String, Timestamp?)] = []
        if let s = recovery.stop { stops.append((s.type.rawValue, s.at)) }
        for t in [EventType.mitigationApplied, .sliRecovered, .incidentResolved, .postmortemCompleted] {
            stops.append((t.rawValue, inc.first(t)?.at))
        }
        for (startName, startAt) in recStarts {
            for (stopName, stopAt) in stops where stopName != startName || isRule(recovery, startAt, startName, stopName) {
                add("recovery", startName, startAt, stopName, stopAt, rule: isRule(recovery, startAt, startName, stopName))
            }
        }
        return out
    }
}
