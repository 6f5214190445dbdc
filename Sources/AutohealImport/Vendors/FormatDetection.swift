import AutohealCore

/// Recognises an input's format by the shape of its first value (the first element of an array).
enum FormatDetection {
    /// What `--format auto` understands, for the error when nothing matches.
    static let expected = """
        expected autoheal events (objects with "incident", "type" and "at"), a PagerDuty incident list \
        ({"incidents": [...]}), PagerDuty v3 webhooks ({"event": {"event_type": ...}}), an Alertmanager \
        webhook ({"version": "4", "alerts": [...]}), a Statuspage incidents.json, Opsgenie incidents \
        ({"data": [...]}) or incident.io incidents ({"incidents": [...]}); name the format with --format
        """

    /// The format of `bytes`; `.autoheal` when the input is empty, not JSON, or native events (the
    /// native parser then reports any error exactly as before).
    static func detect(_ bytes: [UInt8], file: String) throws(ImportError) -> ImportFormat {
        guard let (first, _) = JSONNodeParser.firstValue(bytes) else { return .autoheal }
        guard first.isObject else { return .autoheal }
        if NativeFormat.looksNative(first.value) { return .autoheal }
        // Most specific shapes first.
        if PagerDutyWebhookImporter.matches(first) { return .pagerdutyWebhook }
        if AlertmanagerImporter.matches(first) { return .alertmanager }
        if OpsgenieImporter.matches(first) { return .opsgenie }
        if StatuspageImporter.matches(first) { return .statuspage }
        if IncidentIOImporter.matches(first) { return .incidentio }
        if PagerDutyImporter.matches(first) { return .pagerduty }
        // Something with an incident-ish field but no type or time is most likely a native event with a mistake.
        if first["incident"]?.stringValue != nil || first["type"]?.stringValue != nil { return .autoheal }
        throw ImportError(file: file, line: first.line, reason: "cannot tell the input's format: " + expected)
    }
}
