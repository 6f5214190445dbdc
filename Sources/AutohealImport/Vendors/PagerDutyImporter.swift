import AutohealCore

/// PagerDuty REST API incidents (`GET /incidents`, `GET /incidents/{id}`), with their log entries when
/// the export embeds them (`log_entries` in each incident, or a top-level `log_entries` list).
///
/// trigger → `alert.fired` + `page.sent`; acknowledge → `page.acknowledged`; resolve → `incident.resolved`.
/// Without log entries: `created_at`, `acknowledgements[].at`, and `resolved_at` (or
/// `last_status_change_at` of a resolved incident). A resolve time is never taken from `updated_at`,
/// which changes with every note and reassignment.
enum PagerDutyImporter {
    static let source = "pagerduty"

    /// Whether `node` (the first value of the input) looks like a PagerDuty incident list or incident.
    static func matches(_ node: JSONNode) -> Bool {
        if let first = node["incidents"]?.elements?.first { return isIncident(first) }
        if node["incidents"]?.elements != nil { return node["more"] != nil || node["limit"] != nil || node["offset"] != nil }
        if let one = node["incident"], isIncident(one) { return true }
        return isIncident(node)
    }

    static func isIncident(_ node: JSONNode) -> Bool {
        node.has("incident_number") || node["type"]?.stringValue == "incident"
            || (node["service"]?["type"]?.stringValue == "service_reference" && node.has("urgency"))
    }

    static func parse(_ roots: [JSONNode], file: String) throws(ImportError) -> [LocatedEvent] {
        var ctx = VendorContext(file: file, source: source)
        // Log entries exported beside the incidents, by incident id.
        var loose: [String: [(JSONNode, String)]] = [:]
        for root in roots where root.isObject {
            for (j, entry) in try ctx.array(root, "log_entries", "").enumerated() {
                let path = "log_entries[\(j)]"
                guard entry.isObject else { throw ctx.fail(entry, path, "must be an object") }
                guard let ref = try ctx.object(entry, "incident", path), let id = try ctx.label(ref, "id", path + ".incident") else {
                    throw ctx.fail(entry, path, "a log entry outside an incident needs \"incident\": {\"id\": ...}")
                }
                loose[try ctx.incidentID(id, from: ref, "id", path + ".incident"), default: []].append((entry, path))
            }
        }
        let records = try ctx.records(roots, list: "incidents", single: "incident", isItem: isIncident)
        for (node, path) in records {
            try incident(node, path: path, loose: &loose, ctx: &ctx)
        }
        // Log entries of incidents this export does not hold (a paginated /incidents beside a time
        // window of /log_entries): their events are imported for that incident id all the same, taking
        // the service from the entry; one known to the ledger keeps its own.
        for (id, entries) in loose.sorted(by: { $0.key < $1.key }) {
            _ = try add(entries, incident: id, service: nil, severity: nil, ctx: &ctx)
        }
        return ctx.events
    }

    private static func incident(_ node: JSONNode, path: String, loose: inout [String: [(JSONNode, String)]],
                                 ctx: inout VendorContext) throws(ImportError) {
        let id = try ctx.incidentID(try ctx.requiredLabel(node, "id", path), from: node, "id", path)
        let service = try ctx.object(node, "service", path).flatMap { s throws(ImportError) in
            try ctx.service(s, "summary", VendorContext.join(path, "service"))
        }
        let severity = try severity(of: node, path: path, ctx: ctx)
        var entries = try ctx.array(node, "log_entries", path).enumerated().map { ($0.element, VendorContext.join(path, "log_entries[\($0.offset)]")) }
        entries += loose.removeValue(forKey: id) ?? []

        let (triggered, acknowledged, resolved) = try add(entries, incident: id, service: service, severity: severity, ctx: &ctx)
        if !triggered {
            let at = try ctx.requiredTime(node, "created_at", path)
            ctx.add(.alertFired, incident: id, at: at, line: node.line, service: service, severity: severity)
            ctx.add(.pageSent, incident: id, at: at, line: node.line, service: service)
        }
        if !acknowledged {
            for (k, ack) in try ctx.array(node, "acknowledgements", path).enumerated() {
                let ackPath = VendorContext.join(path, "acknowledgements[\(k)]")
                guard ack.isObject else { throw ctx.fail(ack, ackPath, "must be an object") }
                ctx.add(.pageAcknowledged, incident: id, at: try ctx.requiredTime(ack, "at", ackPath), line: ack.line, service: service)
            }
        }
        if !resolved {
            let status = try ctx.string(node, "status", path)
            var at = try ctx.time(node, "resolved_at", path)
            if at == nil, status == "resolved" { at = try ctx.time(node, "last_status_change_at", path) }
            if let at { ctx.add(.incidentResolved, incident: id, at: at, line: node.line, service: service) }
        }
    }

    /// Adds the events of an incident's trigger, acknowledge and resolve log entries; says which kinds
    /// it had (the incident's own fields stand in for the others).
    private static func add(_ entries: [(JSONNode, String)], incident id: String, service: String?, severity: String?,
                            ctx: inout VendorContext) throws(ImportError) -> (triggered: Bool, acknowledged: Bool, resolved: Bool) {
        var triggered = false, acknowledged = false, resolved = false
        for (entry, entryPath) in entries {
            guard entry.isObject else { throw ctx.fail(entry, entryPath, "must be an object") }
            guard let type = try ctx.string(entry, "type", entryPath) else { throw ctx.fail(entry, entryPath, "missing required field \"type\"") }
            let kind = type.hasSuffix("_reference") ? String(type.dropLast("_reference".count)) : type
            guard ["trigger_log_entry", "acknowledge_log_entry", "resolve_log_entry"].contains(kind) else { continue }
            let at = try ctx.requiredTime(entry, "created_at", entryPath)
            let entryService = try ctx.object(entry, "service", entryPath).flatMap { s throws(ImportError) in
                try ctx.service(s, "summary", VendorContext.join(entryPath, "service"))
            }
            let svc = service ?? entryService
            switch kind {
            case "trigger_log_entry":
                triggered = true
                ctx.add(.alertFired, incident: id, at: at, line: entry.line, service: svc, severity: severity)
                ctx.add(.pageSent, incident: id, at: at, line: entry.line, service: svc)
            case "acknowledge_log_entry":
                acknowledged = true
                ctx.add(.pageAcknowledged, incident: id, at: at, line: entry.line, service: svc)
            default:
                resolved = true
                ctx.add(.incidentResolved, incident: id, at: at, line: entry.line, service: svc)
            }
        }
        return (triggered, acknowledged, resolved)
    }

    /// The priority's name (`P1`), else the urgency (`high`/`low`).
    static func severity(of node: JSONNode, path: String, ctx: VendorContext) throws(ImportError) -> String? {
        if let priority = try ctx.object(node, "priority", path),
           let name = try ctx.label(priority, anyOf: ["summary", "name"], VendorContext.join(path, "priority")) {
            return name
        }
        return try ctx.label(node, "urgency", path)
    }
}
