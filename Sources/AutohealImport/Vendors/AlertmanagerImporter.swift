import AutohealCore

/// Alertmanager webhook payloads (version 4): one payload, a JSON array of them, or one a line as a
/// webhook receiver logs them.
///
/// Each alert is an incident: its `incident` label, else `am-<fingerprint>`. A firing alert's
/// `startsAt` → `alert.fired` (attrs `monitor` = `alertname`); a resolved alert's `endsAt` →
/// `sli.recovered` (the zero time `0001-01-01T00:00:00Z` means still firing). Service from the
/// `service` label, else `job`; severity from the `severity` label.
enum AlertmanagerImporter {
    static let source = "alertmanager"

    static func matches(_ node: JSONNode) -> Bool {
        node["alerts"]?.elements != nil && (node.has("version") || node.has("groupKey") || node.has("receiver"))
    }

    static func parse(_ roots: [JSONNode], file: String) throws(ImportError) -> [LocatedEvent] {
        var ctx = VendorContext(file: file, source: source)
        for (payload, path) in try ctx.records(roots, list: "payloads", isItem: { $0["alerts"] != nil }) {
            if let version = try ctx.string(payload, "version", path), version != "4" {
                throw ctx.fail(payload["version"]!, VendorContext.join(path, "version"),
                               "Alertmanager webhook version \(version) is not supported (expected \"4\")")
            }
            guard payload.has("alerts") else {
                throw ctx.fail(payload, path, "expected an Alertmanager webhook payload with \"alerts\"")
            }
            for (k, alert) in try ctx.array(payload, "alerts", path).enumerated() {
                let alertPath = VendorContext.join(path, "alerts[\(k)]")
                guard alert.isObject else { throw ctx.fail(alert, alertPath, "must be an object") }
                try self.alert(alert, path: alertPath, ctx: &ctx)
            }
        }
        return ctx.events
    }

    /// Whether an Alertmanager time is Go's zero time (an alert with no end yet).
    static func isZeroTime(_ text: String) -> Bool { text.hasPrefix("0001-01-01T00:00:00") }

    private static func alert(_ alert: JSONNode, path: String, ctx: inout VendorContext) throws(ImportError) {
        guard let labels = try ctx.object(alert, "labels", path) else { throw ctx.fail(alert, path, "missing required field \"labels\"") }
        let labelsPath = VendorContext.join(path, "labels")
        let fingerprint = try ctx.label(alert, "fingerprint", path)
        let label = try ctx.label(labels, "incident", labelsPath)
        guard let raw = label ?? fingerprint.map({ "am-" + $0 }) else {
            throw ctx.fail(alert, path, "an alert needs an \"incident\" label or a \"fingerprint\"")
        }
        let incident = label != nil ? try ctx.incidentID(raw, from: labels, "incident", labelsPath)
                                    : try ctx.incidentID(raw, from: alert, "fingerprint", path)
        let service = try ctx.service(labels, anyOf: ["service", "job"], labelsPath)
        let severity = try ctx.label(labels, "severity", labelsPath)
        let alertname = try ctx.label(labels, "alertname", labelsPath)
        let status = try ctx.string(alert, "status", path)
        let startsAt = try ctx.requiredTime(alert, "startsAt", path)
        var attrs: [String: JSONValue] = [:]
        if let alertname { attrs["monitor"] = .string(alertname) }
        ctx.add(.alertFired, incident: incident, at: startsAt, line: alert.line, discriminator: fingerprint,
                service: service, severity: severity, attrs: .object(attrs))
        if status == "resolved", let endsText = try ctx.string(alert, "endsAt", path), !isZeroTime(endsText) {
            let endsAt = try ctx.requiredTime(alert, "endsAt", path)
            ctx.add(.sliRecovered, incident: incident, at: endsAt, line: alert.line, discriminator: fingerprint,
                    service: service, attrs: .object(attrs))
        }
    }
}
