import AutohealCore

/// The contract's JSON shapes for one incident (`show`) and for a list row (`incidents`).
public enum IncidentDocument {
    /// `autoheal show --json`.
    public static func show(_ a: IncidentAnalysis, policy: SeverityPolicy, escapes: [String] = []) -> JSONValue {
        let inc = a.incident
        let sev = inc.severity
        let changes: [JSONValue] = sev.changes.map {
            ["at": .string($0.at.description), "severity": .string($0.severity), "type": .string($0.type.rawValue)]
        }
        let state = a.preventionState
        var prevention: [String: JSONValue] = [
            "start": a.prevention.start.map { $0.json } ?? .null,
            "stop": a.prevention.stop.map { $0.json } ?? .null,
            "seconds": JSONValue(a.prevention.seconds),
            "open": .bool(a.preventionOpen),
            "waived": .bool(state.isWaived),
            "elapsed_seconds": JSONValue(a.preventionElapsedSeconds),
        ]
        if let anomaly = a.prevention.anomaly { prevention["anomaly"] = .string(anomaly) }
        if let reason = state.waivedReason { prevention["waived_reason"] = .string(reason) }
        let landed: JSONValue = state.landed.map {
            ["commit": JSONValue($0.commit), "at": .string($0.at.description), "precision": JSONValue($0.precision)]
        } ?? .null
        return [
            "id": .string(inc.id),
            "service": JSONValue(inc.service),
            "title": JSONValue(inc.title),
            "declared": JSONValue(inc.declaredAt),
            "undeclared": .bool(inc.isUndeclared),
            "retroactive": .bool(inc.isRetroactive),
            // Known only from `x-` events, which are stored and ignored: no incident for the clocks (not
            // listed, not counted; `waive`, `link` and `prevent` refuse it); the fields around it describe no incident.
            "extension_only": .bool(inc.isExtensionOnly),
            // No lifecycle event, so no lifecycle status: neither active, recovered nor resolved.
            "status": inc.isExtensionOnly ? .null : .string(a.status),
            "severity": [
                "highest": JSONValue(sev.highest), "declared": JSONValue(sev.declared), "final": JSONValue(sev.final),
                "changes": .array(changes), "reclassified": .bool(sev.reclassified),
                "policy": .string(policy.rawValue), "effective": JSONValue(sev.level(for: policy)),
            ],
            "clocks": ["detection": a.detection.json, "recovery": a.recovery.json, "prevention": .object(prevention)],
            "hidden_investigation_seconds": JSONValue(a.hiddenInvestigationSeconds),
            "events": .array(inc.events.map(\.json)),
            "links": inc.link ?? .null,
            "prevention": [
                "status": .string(state.status.rawValue), "branch": JSONValue(state.branch),
                "commits": .array(state.commits.map { .string($0) }), "landed": landed,
                "last_activity_at": JSONValue(state.lastActivity),
            ],
            "prevention_escaped": .array(escapes.map { .string($0) }),
        ]
    }

    /// One row of `autoheal incidents --json`.
    public static func row(_ a: IncidentAnalysis, policy: SeverityPolicy) -> JSONValue {
        ["id": .string(a.incident.id), "service": JSONValue(a.incident.service),
         "severity": JSONValue(a.incident.severity.level(for: policy)), "declared": JSONValue(a.incident.declaredAt),
         "status": .string(a.status), "prevention": .string(a.preventionState.status.rawValue)]
    }
}
