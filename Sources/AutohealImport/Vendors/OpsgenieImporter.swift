import AutohealCore

/// Opsgenie Incident API responses: `{"data": [...]}` from the list, `{"data": {...}}` from a get, or a
/// bare list of incidents.
///
/// `impactStartDate` → `impact.started`; `createdAt` → `incident.declared` (severity = `priority`);
/// a `resolved` or `closed` incident's `impactEndDate` → `incident.resolved`, while an open incident
/// whose impact has ended records `sli.recovered` there. Service: the `service` extra property, else
/// the first impacted service (its name, or its id when only ids are exported).
enum OpsgenieImporter {
    static let source = "opsgenie"

    static func matches(_ node: JSONNode) -> Bool {
        if let data = node["data"] {
            if let first = data.elements?.first { return isIncident(first) }
            if data.elements != nil { return node.has("requestId") || node.has("took") }
            return isIncident(data)
        }
        return isIncident(node)
    }

    /// An Opsgenie incident: `tinyId` or `impactStartDate` (both Opsgenie's own names), and a time.
    /// (`tinyId` alone was required, though exports and the error message name only `data` and times.)
    static func isIncident(_ node: JSONNode) -> Bool {
        (node.has("tinyId") || node.has("impactStartDate")) && (node.has("createdAt") || node.has("impactStartDate"))
    }

    static func parse(_ roots: [JSONNode], file: String) throws(ImportError) -> [LocatedEvent] {
        var ctx = VendorContext(file: file, source: source)
        var records: [(JSONNode, String)] = []
        for root in roots {
            if root.isObject, let data = root["data"], data.isObject {
                records.append((data, "data"))
            } else {
                records += try ctx.records([root], list: "data", isItem: isIncident)
            }
        }
        for (node, path) in records {
            try incident(node, path: path, ctx: &ctx)
        }
        return ctx.events
    }

    private static func incident(_ node: JSONNode, path: String, ctx: inout VendorContext) throws(ImportError) {
        let id = try ctx.incidentID(try ctx.requiredLabel(node, "id", path), from: node, "id", path)
        let severity = try ctx.label(node, "priority", path)
        var service: String?
        if let extra = try ctx.object(node, "extraProperties", path) {
            service = try ctx.service(extra, "service", VendorContext.join(path, "extraProperties"))
        }
        if service == nil, let first = try ctx.array(node, "impactedServices", path).first {
            let p = VendorContext.join(path, "impactedServices[0]")
            if first.isObject {
                service = try ctx.service(first, anyOf: ["name", "id"], p)
            } else if let s = first.stringValue, !s.isEmpty {
                service = try ctx.serviceName(s, at: first, p)
            } else {
                throw ctx.fail(first, p, "must be a service id or an object with \"name\"")
            }
        }
        if let started = try ctx.time(node, "impactStartDate", path) {
            ctx.add(.impactStarted, incident: id, at: started, line: node.line, service: service)
        }
        let created = try ctx.requiredTime(node, "createdAt", path)
        ctx.add(.incidentDeclared, incident: id, at: created, line: node.line, service: service, severity: severity ?? "P3")
        let status = try ctx.string(node, "status", path)
        if let ended = try ctx.time(node, "impactEndDate", path) {
            let closed = status == "resolved" || status == "closed"
            ctx.add(closed ? .incidentResolved : .sliRecovered, incident: id, at: ended, line: node.line, service: service)
        }
    }
}
