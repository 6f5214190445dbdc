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
         "median": JSONValue(median.map(Stats.roundSeconds)), "median_landed": JSONValue(medianLanded.map(Stats.roundSeconds)),
         "p90_landed": JSONValue(p90Landed.map(Stats.roundSeconds)),
         "within_target": JSONValue(withinTarget.map { ($0 * 10_000).rounded() / 10_000 })]
    }
}

/// One row of a report: the incidents sharing a group key, and their clocks.
public struct ReportGroup: Hashable, Sendable {
    /// The group's values for each dimension of the query, in order (`nil` for "none").
    public var key: [ReportDimension: String]
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

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "incidents": JSONValue(incidents), "declared": JSONValue(declared), "undeclared": JSONValue(undeclared),
            "retroactive": JSONValue(retroactive), "reclassified": JSONValue(reclassified),
            "mttd": mttd.json, "mttr": mttr.json, "mttp": mttp.json,
            "fallbacks": ["detection": JSONValue(detectionFallbacks), "recovery": JSONValue(recoveryFallbacks)],
            "anomalies": JSONValue(anomalies),
        ]
        for (dim, value) in key {
            o[dim == .quarter || dim == .month ? "period" : dim.rawValue] = .string(value)
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
        self.query = query
        let asOf = query.until.map { min($0, now) } ?? now
        self.asOf = asOf
        let analyses = incidents.map { IncidentAnalysis(incident: $0, rules: query.rules, asOf: asOf) }.filter { a in
            guard let start = a.startedAt else { return false }
            if let since = query.since, start < since { return false }
            if let until = query.until, start >= until { return false }
            return true
        }
        var buckets: [[String]: [IncidentAnalysis]] = [:]
        for a in analyses {
            buckets[query.by.map { Report.value(of: $0, for: a, policy: query.severityPolicy) }, default: []].append(a)
        }
        groups = buckets.keys.sorted { l, r in
            for (a, b) in zip(l, r) where a != b { return IncidentID.less(a, b) }
            return false
        }.map { k in
            var key: [ReportDimension: String] = [:]
            for (d, v) in zip(query.by, k) { key[d] = v }
            return Report.group(key: key, buckets[k]!, query: query)
        }
        total = Report.group(key: [:], analyses, query: query)
    }

    /// The group value of one incident for a dimension (`none` where it has no value).
    public static func value(of dim: ReportDimension, for a: IncidentAnalysis, policy: SeverityPolicy) -> String {
        switch dim {
        case .service: return a.incident.service ?? "none"
        case .severity: return a.incident.severity.level(for: policy) ?? "none"
        case .quarter, .month:
            guard let t = a.startedAt else { return "none" }
            let days = t.microseconds >= 0 ? t.microseconds / 86_400_000_000 : (t.microseconds - 86_399_999_999) / 86_400_000_000
            let (y, m, _) = RFC3339.civil(days: days)
            return dim == .quarter ? "\(y)-Q\((m - 1) / 3 + 1)" : "\(y)-\(m < 10 ? "0" : "")\(m)"
        }
    }

    static func group(key: [ReportDimension: String], _ items: [IncidentAnalysis], query: ReportQuery) -> ReportGroup {
        var observations: [KaplanMeier.Observation] = []
        var landedSeconds: [Int64] = []
        var open = 0, waived = 0, decided = 0, within = 0
        for a in items {
            if a.preventionState.isWaived { waived += 1; continue }
            guard a.prevention.start != nil, let elapsed = a.preventionElapsedSeconds else { continue }
            let target = query.targets.seconds(for: a.incident.severity.level(for: query.severityPolicy))
            if a.prevention.stop != nil {
                landedSeconds.append(elapsed)
                observations.append(.init(time: Double(elapsed), event: true))
                decided += 1
                if elapsed <= target { within += 1 }
            } else {
                open += 1
                observations.append(.init(time: Double(elapsed), event: false))
                if elapsed > target { decided += 1 }
            }
        }
        let km = KaplanMeier(observations)
        let landedSummary = Summary(landedSeconds)
        return ReportGroup(
            key: key,
            incidents: items.count,
            declared: items.filter { !$0.incident.isUndeclared }.count,
            undeclared: items.filter { $0.incident.isUndeclared }.count,
            retroactive: items.filter { $0.incident.isRetroactive }.count,
            reclassified: items.filter { $0.incident.severity.reclassified }.count,
            mttd: Summary(items.compactMap { $0.detection.seconds }),
            mttr: Summary(items.compactMap { $0.recovery.seconds }),
            mttp: PreventionSummary(
                n: observations.count, landed: landedSeconds.count, open: open, waived: waived, median: km.median,
                medianLanded: landedSummary.median, p90Landed: landedSummary.p90,
                withinTarget: decided == 0 ? nil : Double(within) / Double(decided), curve: km),
            detectionFallbacks: items.filter { $0.detection.fallback }.count,
            recoveryFallbacks: items.filter { $0.recovery.fallback }.count,
            anomalies: items.filter { $0.detection.anomaly != nil || $0.recovery.anomaly != nil }.count
        )
    }

    /// The report as the contract's JSON document.
    public var json: JSONValue {
        ["rules": query.rules.json, "severity_policy": .string(query.severityPolicy.rawValue),
         "as_of": .string(asOf.description), "by": .array(query.by.map { .string($0.rawValue) }),
         "groups": .array(groups.map(\.json)), "total": total.json]
    }
}
