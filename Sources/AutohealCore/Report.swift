/// A dimension a report can be grouped by.
public enum ReportDimension: String, Hashable, Sendable, CaseIterable {
    case service, severity, quarter, month
}

/// What a report covers and how it groups.
public struct ReportQuery: Hashable, Sendable {
    public var by: [ReportDimension]
    /// Incidents that started at or after this instant.
    public var since: Timestamp?
    /// Incidents that started before this instant; also the moment open prevention is censored at.
    public var until: Timestamp?
    public var rules: ClockRules
    public var severityPolicy: SeverityPolicy
    public var targets: PreventionTargets

    public init(by: [ReportDimension] = [.service], since: Timestamp? = nil, until: Timestamp? = nil,
                rules: ClockRules = .default, severityPolicy: SeverityPolicy = .highest, targets: PreventionTargets = .default) {
        self.by = by
        self.since = since
        self.until = until
        self.rules = rules
        self.severityPolicy = severityPolicy
        self.targets = targets
    }
}

/// The MTTP block of a report group.
public struct PreventionSummary: Hashable, Sendable {
    /// Incidents in the prevention population (recovered, not waived).
    public var n: Int
    public var landed: Int
    public var open: Int
    public var waived: Int
    /// Fixes that landed before the recovery stop (`stop_before_start`): shown as landed, outside `n` and
    /// every statistic, counted here so that no incident drops out of the block.
    public var anomalies: Int = 0
    /// Kaplan–Meier median with open work right-censored; `nil` while the curve has not reached 0.5.
    public var median: Double?
    public var medianLanded: Double?
    public var p90Landed: Double?
    /// Share of decided work (landed, or open past its target) that landed within target; `nil` when none is decided.
    public var withinTarget: Double?
    /// The survival curve the median comes from.
    public var curve: KaplanMeier

    public var json: JSONValue {
        ["n": JSONValue(n), "landed": JSONValue(landed), "open": JSONValue(open), "waived": JSONValue(waived),
         "anomalies": JSONValue(anomalies),
         "median": JSONValue(median.map(Stats.roundSeconds)), "median_landed": JSONValue(medianLanded.map(Stats.roundSeconds)),
         "p90_landed": JSONValue(p90Landed.map(Stats.roundSeconds)),
         "within_target": JSONValue(withinTarget.map { ($0 * 10_000).rounded() / 10_000 })]
    }
}

/// One row of a report: the incidents sharing a group key, and their clocks.
public struct ReportGroup: Hashable, Sendable {
    /// The group's values for each dimension of the query (absent where the incidents have none).
    public var key: [ReportDimension: String]
    /// The query's dimensions (empty for the total): in JSON, one with no value is `null`.
    public var dimensions: [ReportDimension] = []
    public var incidents: Int
    public var declared: Int
    public var undeclared: Int
    public var retroactive: Int
    public var reclassified: Int
    public var mttd: Summary
    public var mttr: Summary
    public var mttp: PreventionSummary
    public var detectionFallbacks: Int
    public var recoveryFallbacks: Int
    /// Readings left out because their stop preceded their start.
    public var anomalies: Int
    /// Incidents whose linked code overlaps an earlier incident's landed prevention on the same service.
    public var preventionEscaped: Int = 0

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "incidents": JSONValue(incidents), "declared": JSONValue(declared), "undeclared": JSONValue(undeclared),
            "retroactive": JSONValue(retroactive), "reclassified": JSONValue(reclassified),
            "mttd": mttd.json, "mttr": mttr.json, "mttp": mttp.json,
            "fallbacks": ["detection": JSONValue(detectionFallbacks), "recovery": JSONValue(recoveryFallbacks)],
            "anomalies": JSONValue(anomalies), "prevention_escaped": JSONValue(preventionEscaped),
        ]
        for dim in Set(dimensions).union(key.keys) {
            o[dim == .quarter || dim == .month ? "period" : dim.rawValue] = key[dim].map(JSONValue.string) ?? .null
        }
        return .object(o)
    }
}

/// A computed report: groups in key order plus the total.
public struct Report: Hashable, Sendable {
    public var query: ReportQuery
    public var groups: [ReportGroup]
    public var total: ReportGroup
    public var asOf: Timestamp

    /// Computes the report over `incidents` as of `now` (or the query's `until`, when earlier).
    public init(incidents: [Incident], query: ReportQuery, now: Timestamp) {
        var builder = ReportBuilder(query: query, now: now)
        for incident in incidents { builder.add(incident) }
        self = builder.finish()
    }

    init(query: ReportQuery, asOf: Timestamp, facts: [IncidentFacts]) {
        self.query = query
        self.asOf = asOf
        var buckets: [[String]: [Int]] = [:]
        for (i, f) in facts.enumerated() { buckets[f.key, default: []].append(i) }
        groups = buckets.keys.sorted { l, r in
            // Groups without a value (no service, no severity) come after the named ones.
            for (a, b) in zip(l, r) where a != b { return a == Report.noValue ? false : b == Report.noValue ? true : IncidentID.less(a, b) }
            return false
        }.map { k in
            var key: [ReportDimension: String] = [:]
            for (d, v) in zip(query.by, k) where v != Report.noValue { key[d] = v }
            var g = Report.group(key: key, buckets[k]!.lazy.map { facts[$0] })
            g.dimensions = query.by
            return g
        }
        total = Report.group(key: [:], facts)
    }

    /// The bucket value of an incident that has none for a dimension: apart from every name (a severity
    /// literally called `none` is its own group), and `nil` in the group's key.
    static let noValue = "\u{0}"

    /// The group value of an incident for a dimension (``noValue`` where it has none).
    static func value(of dim: ReportDimension, service: String?, severity: String?, startedAt: Timestamp?) -> String {
        switch dim {
        case .service: return service ?? noValue
        case .severity: return severity ?? noValue
        case .quarter, .month:
            guard let t = startedAt else { return noValue }
            let days = t.microseconds >= 0 ? t.microseconds / 86_400_000_000 : (t.microseconds - 86_399_999_999) / 86_400_000_000
            let (y, m, _) = RFC3339.civil(days: days)
            return dim == .quarter ? "\(y)-Q\((m - 1) / 3 + 1)" : "\(y)-\(m < 10 ? "0" : "")\(m)"
        }
    }

    static func group<S: Sequence>(key: [ReportDimension: String], _ items: S) -> ReportGroup where S.Element == IncidentFacts {
        var observations: [KaplanMeier.Observation] = []
        var landedSeconds: [Int64] = [], detection: [Int64] = [], recovery: [Int64] = []
        var open = 0, waived = 0, decided = 0, within = 0, landedEarly = 0
        var count = 0, escaped = 0, undeclared = 0, retroactive = 0, reclassified = 0, detFallbacks = 0, recFallbacks = 0, anomalies = 0
        for f in items {
            count += 1
            if f.escaped { escaped += 1 }
            if f.undeclared { undeclared += 1 }
            if f.retroactive { retroactive += 1 }
            if f.reclassified { reclassified += 1 }
            if f.detectionFallback { detFallbacks += 1 }
            if f.recoveryFallback { recFallbacks += 1 }
            if f.anomaly { anomalies += 1 }
            if let d = f.detection { detection.append(d) }
            if let r = f.recovery { recovery.append(r) }
            if f.waived { waived += 1; continue }
            if f.landedBeforeRecovery { landedEarly += 1 }
            guard let elapsed = f.preventionElapsed else { continue }
            if f.landed {
                landedSeconds.append(elapsed)
                observations.append(.init(time: Double(elapsed), event: true))
                decided += 1
                if elapsed <= f.target { within += 1 }
            } else {
                open += 1
                observations.append(.init(time: Double(elapsed), event: false))
                if elapsed > f.target { decided += 1 }
            }
        }
        let km = KaplanMeier(observations)
        let landedSummary = Summary(landedSeconds)
        return ReportGroup(
            key: key, incidents: count, declared: count - undeclared, undeclared: undeclared, retroactive: retroactive,
            reclassified: reclassified, mttd: Summary(detection), mttr: Summary(recovery),
            mttp: PreventionSummary(
                n: observations.count, landed: landedSeconds.count, open: open, waived: waived, anomalies: landedEarly, median: km.median,
                medianLanded: landedSummary.median, p90Landed: landedSummary.p90,
                withinTarget: decided == 0 ? nil : Double(within) / Double(decided), curve: km),
            detectionFallbacks: detFallbacks, recoveryFallbacks: recFallbacks, anomalies: anomalies, preventionEscaped: escaped)
    }

    /// The report as the contract's JSON document.
    public var json: JSONValue {
        ["rules": query.rules.json, "severity_policy": .string(query.severityPolicy.rawValue),
         "as_of": .string(asOf.description), "by": .array(query.by.map { .string($0.rawValue) }),
         "groups": .array(groups.map(\.json)), "total": total.json]
    }
}

/// Builds a report one incident at a time, keeping only a few words per incident, so a report over
/// a large ledger never holds every event in memory.
public struct ReportBuilder {
    public let query: ReportQuery
    /// The moment open prevention is censored at: `until` when earlier than now.
    public let asOf: Timestamp
    var facts: [IncidentFacts] = []
    /// Footprints of linked incidents (few), for recurrence; indexes into `facts` (or -1 when filtered out).
    var footprints: [(Int, Recurrence.Footprint)] = []

    public init(query: ReportQuery, now: Timestamp) {
        self.query = query
        self.asOf = query.until.map { min($0, now) } ?? now
    }

    /// Adds one incident (ignored when its start falls outside `since`/`until`, and when it is
    /// ``Incident/isExtensionOnly``). With `until`, the report is a view as of then: the incident's events
    /// from `until` on are not known yet (a recovery, a severity change or a landing after it counts for
    /// nothing).
    public mutating func add(_ incident: Incident) {
        var incident = incident
        if let until = query.until, incident.events.contains(where: { $0.at >= until }) {
            incident = Incident(id: incident.id, events: incident.events.filter { $0.at < until })
        }
        // Only `x-` events, autoheal's own records and waivers (before `until`: a fix that landed, or a
        // waiver stamped, before the incident began): no incident for the clocks, not even as an earlier
        // one a later recurs on.
        if !incident.events.contains(where: { $0.type.marksIncidentStart && $0.type != .preventionWaived }) { return }
        let a = IncidentAnalysis(incident: incident, rules: query.rules, asOf: asOf)
        var index = -1
        if let start = a.startedAt, query.since.map({ start >= $0 }) ?? true, query.until.map({ start < $0 }) ?? true {
            index = facts.count
            facts.append(IncidentFacts(a, query: query))
        }
        if incident.link != nil { footprints.append((index, Recurrence.Footprint(a))) }
    }

    /// The finished report.
    public func finish() -> Report {
        var facts = self.facts
        let escapes = Recurrence.escapes(footprints.map(\.1))
        for (index, fp) in footprints where index >= 0 && escapes[fp.incident] != nil { facts[index].escaped = true }
        return Report(query: query, asOf: asOf, facts: facts)
    }
}

/// What a report needs of one incident, computed once so grouping copies only a few words.
struct IncidentFacts {
    var key: [String]
    var escaped = false
    var undeclared: Bool
    var retroactive: Bool
    var reclassified: Bool
    var detection: Int64?
    var recovery: Int64?
    var detectionFallback: Bool
    var recoveryFallback: Bool
    var anomaly: Bool
    var waived: Bool
    var landed: Bool
    /// Landed before the recovery stop: outside the MTTP statistics, counted in `mttp.anomalies`.
    var landedBeforeRecovery: Bool
    /// Seconds on the prevention clock (to the landing, or to the report's moment); `nil` before recovery.
    var preventionElapsed: Int64?
    var target: Int64

    init(_ a: IncidentAnalysis, query: ReportQuery) {
        let severity = a.incident.severity
        let level = severity.level(for: query.severityPolicy)
        let service = a.incident.service
        let started = a.startedAt
        key = query.by.map { Report.value(of: $0, service: service, severity: level, startedAt: started) }
        undeclared = a.incident.isUndeclared
        retroactive = a.incident.isRetroactive
        reclassified = severity.reclassified
        detection = a.detection.seconds
        recovery = a.recovery.seconds
        detectionFallback = a.detection.fallback
        recoveryFallback = a.recovery.fallback
        anomaly = a.detection.anomaly != nil || a.recovery.anomaly != nil || a.prevention.anomaly != nil
        waived = a.preventionState.isWaived
        landed = a.prevention.stop != nil
        landedBeforeRecovery = a.prevention.anomaly != nil
        preventionElapsed = a.prevention.start == nil ? nil : a.preventionElapsedSeconds
        target = query.targets.seconds(for: level)
    }
}
