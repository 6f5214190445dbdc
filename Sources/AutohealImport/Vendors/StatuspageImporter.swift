import AutohealCore

/// Statuspage v2 `incidents.json`: the public API's `{"page": ..., "incidents": [...]}`, or the manage
/// API's bare list of incidents.
///
/// `started_at` → `impact.started`; `created_at` → `incident.declared` (severity = `impact`); the first
/// `investigating` update → `investigation.started`; each `identified` update → `rootcause.identified`
/// (summary = its body); the first `monitoring` update, else `monitoring_at` → `mitigation.applied`;
/// the `resolved` update, else `resolved_at` → `incident.resolved`; the `postmortem` update, else
/// `postmortem_published_at` → `postmortem.completed`. Service: the first component's name, else the
/// page's name. Scheduled maintenances are not incidents and are skipped.
enum StatuspageImporter {
    static let source = "statuspage"

    static func matches(_ node: JSONNode) -> Bool {
        if let first = node["incidents"]?.elements?.first { return isIncident(first) }
        if node["incidents"]?.elements != nil { return node["page"] != nil }
        return isIncident(node)
    }

    static func isIncident(_ node: JSONNode) -> Bool {
        node["incident_updates"] != nil || (node.has("impact") && (node.has("shortlink") || node.has("page_id")))
    }

    static func parse(_ roots: [JSONNode], file: String) throws(ImportError) -> [LocatedEvent] {
        var ctx = VendorContext(file: file, source: source)
        var pageName: String?
        for root in roots where root.isObject {
            if let page = try ctx.object(root, "page", "") { pageName = try ctx.service(page, "name", "page") }
        }
        for (node, path) in try ctx.records(roots, list: "incidents", single: "incident", isItem: isIncident) {
            try incident(node, path: path, pageName: pageName, ctx: &ctx)
        }
        return ctx.events
    }

    private static func incident(_ node: JSONNode, path: String, pageName: String?, ctx: inout VendorContext) throws(ImportError) {
        let id = try ctx.incidentID(try ctx.requiredLabel(node, "id", path), from: node, "id", path)
        let impact = try ctx.label(node, "impact", path)
        if impact == "maintenance" || node.has("scheduled_for") { return }
        var service = pageName
        if let first = try ctx.array(node, "components", path).first {
            let p = VendorContext.join(path, "components[0]")
            guard first.isObject else { throw ctx.fail(first, p, "must be an object") }
            if let name = try ctx.service(first, "name", p) { service = name }
        }
        if let started = try ctx.time(node, "started_at", path) {
            ctx.add(.impactStarted, incident: id, at: started, line: node.line, service: service)
        }
        let created = try ctx.requiredTime(node, "created_at", path)
        ctx.add(.incidentDeclared, incident: id, at: created, line: node.line, service: service, severity: impact ?? "none")

        // Updates come newest first; read them in time order.
        var updates: [(node: JSONNode, path: String, status: String, at: Timestamp)] = []
        for (k, u) in try ctx.array(node, "incident_updates", path).enumerated() {
            let p = VendorContext.join(path, "incident_updates[\(k)]")
            guard u.isObject else { throw ctx.fail(u, p, "must be an object") }
            guard let status = try ctx.string(u, "status", p) else { throw ctx.fail(u, p, "missing required field \"status\"") }
            updates.append((u, p, status, try ctx.requiredTime(u, "created_at", p)))
        }
        updates.sort { $0.at < $1.at }
        func first(_ status: String) -> (node: JSONNode, path: String, status: String, at: Timestamp)? { updates.first { $0.status == status } }

        if let u = first("investigating") {
            ctx.add(.investigationStarted, incident: id, at: u.at, line: u.node.line, service: service)
        }
        for u in updates where u.status == "identified" {
            let body = try ctx.string(u.node, "body", u.path)
            ctx.add(.rootcauseIdentified, incident: id, at: u.at, line: u.node.line, service: service,
                    attrs: body.map { ["summary": .string($0)] })
        }
        let stamps: [(EventType, String, String)] = [
            (.mitigationApplied, "monitoring", "monitoring_at"),
            (.incidentResolved, "resolved", "resolved_at"),
            (.postmortemCompleted, "postmortem", "postmortem_published_at"),
        ]
        for (type, status, field) in stamps {
            if let u = first(status) {
                ctx.add(type, incident: id, at: u.at, line: u.node.line, service: service)
            } else if ctx.member(node, field)?.stringValue != nil || type != .postmortemCompleted,
                      let at = try ctx.time(node, field, path) {
                // (Some exports carry `postmortem_published_at` as a flag rather than a time.)
                ctx.add(type, incident: id, at: at, line: node.line, service: service)
            }
        }
    }
}
