/// One item of open preventive work, as reviewers see it.
public struct ReviewItem: Hashable, Sendable {
    public var incident: String
    public var service: String?
    public var severity: String?
    /// When the prevention clock started (the recovery stop).
    public var mitigatedAt: Timestamp
    public var ageSeconds: Int64
    public var targetSeconds: Int64
    public var overdue: Bool
    public var status: PreventionStatus
    public var branch: String?
    public var commits: [String]
    public var lastActivityAt: Timestamp?
    /// Owners from the root-cause link (CODEOWNERS first, then blame authors).
    public var owners: [String]

    public var json: JSONValue {
        ["incident": .string(incident), "service": JSONValue(service), "severity": JSONValue(severity),
         "mitigated_at": .string(mitigatedAt.description), "age_seconds": JSONValue(ageSeconds),
         "target_seconds": JSONValue(targetSeconds), "overdue": .bool(overdue), "status": .string(status.rawValue),
         "branch": JSONValue(branch), "commits": .array(commits.map { .string($0) }),
         "last_activity_at": JSONValue(lastActivityAt), "owners": .array(owners.map { .string($0) })]
    }
}

/// The review queue: open preventive work, overdue first, then most severe, then oldest.
public enum ReviewQueue {
    /// The event types whose attrs ``items(_:rules:policy:targets:now:)`` reads: the prevention state's,
    /// and the root-cause link's (for owners).
    public static let attrsRead: Set<EventType> = PreventionState.attrsRead.union([.rootcauseLinked])

    /// The queue of these incidents' open preventive work, in order.
    public static func items(_ incidents: [Incident], rules: ClockRules, policy: SeverityPolicy,
                             targets: PreventionTargets, now: Timestamp) -> [ReviewItem] {
        sorted(incidents.compactMap { item(for: $0, rules: rules, policy: policy, targets: targets, now: now) })
    }

    /// The review item of one incident, or `nil` when it has no open preventive work. With
    /// ``sorted(_:)``, lets a caller build the queue while incidents stream past.
    public static func item(for incident: Incident, rules: ClockRules, policy: SeverityPolicy,
                            targets: PreventionTargets, now: Timestamp) -> ReviewItem? {
        let a = IncidentAnalysis(incident: incident, rules: rules, asOf: now)
        guard a.preventionOpen, let start = a.prevention.start, let age = a.preventionElapsedSeconds else { return nil }
        let severity = incident.severity.level(for: policy)
        let target = targets.seconds(for: severity)
        let owners = (incident.link?["owners"]?.arrayValue ?? []).compactMap { $0["owner"]?.stringValue }
        return ReviewItem(
            incident: incident.id, service: incident.service, severity: severity, mitigatedAt: start.at, ageSeconds: age,
            targetSeconds: target, overdue: age > target, status: a.preventionState.status, branch: a.preventionState.branch,
            commits: a.preventionState.commits, lastActivityAt: a.preventionState.lastActivity, owners: owners)
    }

    /// Items in queue order: overdue first, then most severe, then longest mitigated, then by id.
    public static func sorted(_ items: [ReviewItem]) -> [ReviewItem] {
        let ranks = items.map { $0.severity.map(SeverityOrder.rank) ?? Int.max }  // once per item, not per comparison
        return items.indices.sorted { i, j in
            let a = items[i], b = items[j]
            if a.overdue != b.overdue { return a.overdue }
            if ranks[i] != ranks[j] { return ranks[i] < ranks[j] }
            if a.mitigatedAt != b.mitigatedAt { return a.mitigatedAt < b.mitigatedAt }
            return IncidentID.less(a.incident, b.incident)
        }.map { items[$0] }
    }
}
