import AutohealCore

/// incident.io API v2 incidents: `{"incidents": [...]}` from the list, `{"incident": {...}}` from a show,
/// or a bare list.
///
/// The incident is its `reference` (`INC-123`). The "Reported at" timestamp (else `created_at`) →
/// `incident.declared` with the severity's name; an incident an alert created → `alert.fired` at
/// `created_at`; a retrospective incident → `incident.discovered` at `created_at`. Timestamps by name:
/// impact started → `impact.started`, accepted → `page.acknowledged`, identified →
/// `rootcause.identified`, fixed/mitigated → `mitigation.applied`, resolved (else closed) →
/// `incident.resolved`. Service: the first value of a custom field whose name mentions "service".
/// Test and tutorial incidents, and declined, merged or canceled ones, are not incidents and are skipped.
enum IncidentIOImporter {
    static let source = "incidentio"

    static func matches(_ node: JSONNode) -> Bool {
        if let first = node["incidents"]?.elements?.first { return isIncident(first) }
        if node["incidents"]?.elements != nil { return node["pagination_meta"] != nil }
        if let one = node["incident"], isIncident(one) { return true }
        return isIncident(node)
    }

    static func isIncident(_ node: JSONNode) -> Bool {
        node["incident_status"] != nil || node["incident_timestamp_values"] != nil
            || (node["severity"]?.isObject == true && node.has("reference"))
    }

    static func parse(_ roots: [JSONNode], file: String) throws(ImportError) -> [LocatedEvent] {
        var ctx = VendorContext(file: file, source: source)
        for (node, path) in try ctx.records(roots, list: "incidents", single: "incident", isItem: isIncident) {
            try incident(node, path: path, ctx: &ctx)
        }
        return ctx.events
    }

    /// The clock event a named incident.io timestamp stands for.
    enum Stamp: Equatable { case impactStarted, reported, accepted, identified, fixed, resolved, closed }

    static func stamp(named name: String) -> Stamp? {
        var n = name.lowercased().trimmingSpaces
        if n.hasSuffix(" at") { n = String(n.dropLast(3)) }
        switch n {
        case "impact started", "impact start", "impact began", "started", "impact start time": return .impactStarted
        case "reported", "reported time": return .reported
        case "accepted", "acknowledged": return .accepted
        case "identified", "root cause identified", "cause identified": return .identified
        case "fixed", "mitigated", "mitigation", "fix deployed": return .fixed
        case "resolved": return .resolved
        case "closed": return .closed
        default: return nil
        }
    }

    private static func incident(_ node: JSONNode, path: String, ctx: inout VendorContext) throws(ImportError) {
        let reference = try ctx.label(node, "reference", path)
        let id: String
        if let reference { id = try ctx.incidentID(reference, from: node, "reference", path) }
        else { id = try ctx.incidentID(try ctx.requiredLabel(node, "id", path), from: node, "id", path) }
        let mode = try ctx.string(node, "mode", path)
        if mode == "test" || mode == "tutorial" { return }
        if let status = try ctx.object(node, "incident_status", path),
           let category = try ctx.string(status, "category", VendorContext.join(path, "incident_status")),
           ["declined", "merged", "canceled"].contains(category) { return }
        let severity = try ctx.object(node, "severity", path).flatMap { s throws(ImportError) in
            try ctx.label(s, "name", VendorContext.join(path, "severity"))
        }
        let service = try self.service(node, path: path, ctx: ctx)
        let created = try ctx.requiredTime(node, "created_at", path)

        var stamps: [Stamp: (at: Timestamp, line: Int)] = [:]
        for (k, v) in try ctx.array(node, "incident_timestamp_values", path).enumerated() {
            let p = VendorContext.join(path, "incident_timestamp_values[\(k)]")
            guard v.isObject else { throw ctx.fail(v, p, "must be an object") }
            guard let ts = try ctx.object(v, "incident_timestamp", p),
                  let name = try ctx.string(ts, "name", VendorContext.join(p, "incident_timestamp")),
                  let stamp = stamp(named: name),
                  let value = try ctx.object(v, "value", p),
                  let at = try ctx.time(value, "value", VendorContext.join(p, "value"))
            else { continue }
            if stamps[stamp].map({ at < $0.at }) ?? true { stamps[stamp] = (at, v.line) }
        }

        if try ctx.object(node, "creator", path).flatMap({ c throws(ImportError) in try ctx.object(c, "alert", VendorContext.join(path, "creator")) }) != nil {
            let title = try ctx.string(node["creator"]!["alert"]!, "title", VendorContext.join(path, "creator.alert"))
            ctx.add(.alertFired, incident: id, at: created, line: node.line, service: service,
                    attrs: title.map { ["monitor": .string($0)] })
        }
        if mode == "retrospective" {
            ctx.add(.incidentDiscovered, incident: id, at: created, line: node.line, service: service)
        }
        let declared = stamps[.reported] ?? (created, node.line)
        ctx.add(.incidentDeclared, incident: id, at: declared.at, line: declared.line, service: service, severity: severity ?? "none")
        let mapping: [(Stamp, EventType)] = [
            (.impactStarted, .impactStarted), (.accepted, .pageAcknowledged), (.identified, .rootcauseIdentified),
            (.fixed, .mitigationApplied), (.resolved, .incidentResolved),
        ]
        for (stamp, type) in mapping {
            if let s = stamps[stamp] { ctx.add(type, incident: id, at: s.at, line: s.line, service: service) }
        }
        if stamps[.resolved] == nil, let s = stamps[.closed] {
            ctx.add(.incidentResolved, incident: id, at: s.at, line: s.line, service: service)
        }
    }

    /// The first value of the first custom field whose name mentions "service".
    private static func service(_ node: JSONNode, path: String, ctx: VendorContext) throws(ImportError) -> String? {
        for (k, entry) in try ctx.array(node, "custom_field_entries", path).enumerated() {
            let p = VendorContext.join(path, "custom_field_entries[\(k)]")
            guard entry.isObject, let field = try ctx.object(entry, "custom_field", p),
                  let name = try ctx.string(field, "name", VendorContext.join(p, "custom_field")),
                  name.lowercased().contains("service") else { continue }
            for (j, v) in try ctx.array(entry, "values", p).enumerated() where v.isObject {
                let vp = VendorContext.join(p, "values[\(j)]")
                if let c = try ctx.object(v, "value_catalog_entry", vp), let s = try ctx.service(c, "name", VendorContext.join(vp, "value_catalog_entry")) { return s }
                if let o = try ctx.object(v, "value_option", vp), let s = try ctx.service(o, "value", VendorContext.join(vp, "value_option")) { return s }
                if let s = try ctx.service(v, "value_text", vp) { return s }
            }
        }
        return nil
    }
}

extension String {
    /// Without leading and trailing spaces (no Foundation).
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
