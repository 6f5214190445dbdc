import AutohealCore

/// PagerDuty v3 webhook envelopes (`{"event": {...}}`): one delivery, a JSON array of them, or one a line
/// as a webhook receiver logs them.
///
/// `incident.triggered` → `alert.fired` + `page.sent`; `incident.acknowledged` → `page.acknowledged`;
/// `incident.resolved` → `incident.resolved`; `incident.priority_updated` → `severity.changed`. Other
/// event types (annotated, reassigned, escalated, ...) say nothing about the clocks and are skipped.
/// Ids follow the REST importer's, so a webhook log and a REST export of the same incident converge.
enum PagerDutyWebhookImporter {
    /// Whether `node` looks like a v3 webhook envelope (or its bare `event`).
    static func matches(_ node: JSONNode) -> Bool {
        let event = node["event"] ?? node
        return event["event_type"]?.stringValue != nil && event["data"] != nil
    }

    static func parse(_ roots: [JSONNode], file: String) throws(ImportError) -> [LocatedEvent] {
        var ctx = VendorContext(file: file, source: PagerDutyImporter.source)
        var envelopes: [(JSONNode, String)] = []
        for root in roots {
            if let items = root.elements {
                envelopes += items.enumerated().map { ($0.element, "[\($0.offset)]") }
            } else {
                envelopes.append((root, ""))
            }
        }
        for (envelope, path) in envelopes {
            guard envelope.isObject else { throw ctx.fail(envelope, path, "must be an object") }
            let (event, eventPath): (JSONNode, String)
            if envelope.has("event") {
                guard let e = try ctx.object(envelope, "event", path) else { continue }
                (event, eventPath) = (e, VendorContext.join(path, "event"))
            } else if envelope.has("event_type") {
                (event, eventPath) = (envelope, path)
            } else {
                throw ctx.fail(envelope, path, "expected a PagerDuty v3 webhook envelope {\"event\": {\"event_type\", \"occurred_at\", \"data\"}}")
            }
            try self.event(event, path: eventPath, ctx: &ctx)
        }
        return ctx.events
    }

    private static func event(_ event: JSONNode, path: String, ctx: inout VendorContext) throws(ImportError) {
        guard let type = try ctx.string(event, "event_type", path) else {
            throw ctx.fail(event, path, "missing required field \"event_type\"")
        }
        let mapped: Set<String> = ["incident.triggered", "incident.acknowledged", "incident.resolved", "incident.priority_updated"]
        guard mapped.contains(type) else { return }
        let occurred = try ctx.requiredTime(event, "occurred_at", path)
        let dataPath = VendorContext.join(path, "data")
        guard let data = try ctx.object(event, "data", path) else { throw ctx.fail(event, path, "missing required field \"data\"") }
        let incidentNode: JSONNode
        let incidentPath: String
        if data["type"]?.stringValue == "incident" || event["resource_type"]?.stringValue == "incident" {
            (incidentNode, incidentPath) = (data, dataPath)
        } else if let ref = try ctx.object(data, "incident", dataPath) {
            (incidentNode, incidentPath) = (ref, VendorContext.join(dataPath, "incident"))
        } else {
            throw ctx.fail(data, dataPath, "no incident in this \(type) event")
        }
        let id = try ctx.incidentID(try ctx.requiredLabel(incidentNode, "id", incidentPath), from: incidentNode, "id", incidentPath)
        let service = try ctx.object(incidentNode, "service", incidentPath).flatMap { s throws(ImportError) in
            try ctx.service(s, "summary", VendorContext.join(incidentPath, "service"))
        }
        switch type {
        case "incident.triggered":
            let created = try ctx.time(incidentNode, "created_at", incidentPath)
            let at = created ?? occurred
            let severity = try PagerDutyImporter.severity(of: incidentNode, path: incidentPath, ctx: ctx)
            ctx.add(.alertFired, incident: id, at: at, line: event.line, service: service, severity: severity)
            ctx.add(.pageSent, incident: id, at: at, line: event.line, service: service)
        case "incident.acknowledged":
            ctx.add(.pageAcknowledged, incident: id, at: occurred, line: event.line, service: service)
        case "incident.resolved":
            ctx.add(.incidentResolved, incident: id, at: occurred, line: event.line, service: service)
        default:
            if let priority = try ctx.object(incidentNode, "priority", incidentPath),
               let name = try ctx.label(priority, "summary", VendorContext.join(incidentPath, "priority")) {
                ctx.add(.severityChanged, incident: id, at: occurred, line: event.line, service: service, severity: name)
            }
        }
    }
}
