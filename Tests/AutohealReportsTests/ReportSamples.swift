import AutohealCore
import AutohealReports

/// A small ledger covering what the reports must show: several services and quarters, landed, open,
/// overdue and waived prevention, fallbacks, an undeclared episode, a reclassification, and service
/// names that need escaping in HTML and in OpenMetrics labels.
enum ReportSamples {
    static let now = try! RFC3339.parse("2026-09-01T00:00:00Z")
    static let hostileService = "<script>alert(\"x\")</script>"
    static let quotedService = "pay\"ments\\eu"

    static func t(_ s: String) -> Timestamp { try! RFC3339.parse(s) }

    static func e(_ incident: String, _ type: EventType, _ at: String, service: String? = nil, severity: String? = nil,
                  attrs: JSONValue? = nil) -> Event {
        Event(incident: incident, type: type, at: t(at), service: service, severity: severity, source: "test", attrs: attrs)
    }

    static var incidents: [Incident] {
        Incident.group([
            // Textbook, Q1: MTTD 10m, MTTR 25m, fix landed 3 days later.
            e("INC-1", .alertFired, "2026-01-10T02:00:00Z", service: "checkout"),
            e("INC-1", .pageAcknowledged, "2026-01-10T02:10:00Z"),
            e("INC-1", .incidentDeclared, "2026-01-10T02:12:00Z", severity: "SEV2"),
            e("INC-1", .mitigationApplied, "2026-01-10T02:30:00Z"),
            e("INC-1", .sliRecovered, "2026-01-10T02:35:00Z"),
            e("INC-1", .preventionLanded, "2026-01-13T02:35:00Z", attrs: ["commit": "abc123", "precision": "committer"]),
            // Real enterprise, Q2: reclassified SEV2 → SEV3, prevention still open.
            e("INC-2", .alertFired, "2026-04-03T02:00:00Z", service: "checkout"),
            e("INC-2", .pageSent, "2026-04-03T02:14:00Z"),
            e("INC-2", .pageAcknowledged, "2026-04-03T02:17:00Z"),
            e("INC-2", .incidentDeclared, "2026-04-03T02:47:00Z", severity: "SEV2"),
            e("INC-2", .mitigationApplied, "2026-04-03T03:02:00Z"),
            e("INC-2", .severityChanged, "2026-04-03T03:05:00Z", severity: "SEV3"),
            e("INC-2", .sliRecovered, "2026-04-03T03:08:00Z"),
            e("INC-2", .preventionDrafted, "2026-04-04T10:00:00Z", attrs: ["branch": "autoheal/INC-2-pool"]),
            // A hostile service name, Q2: fallbacks on both clocks, prevention waived.
            e("INC-3", .impactStarted, "2026-05-01T10:00:00Z", service: hostileService),
            e("INC-3", .incidentDeclared, "2026-05-01T10:30:00Z", severity: "SEV1"),
            e("INC-3", .incidentResolved, "2026-05-01T12:00:00Z"),
            e("INC-3", .preventionWaived, "2026-05-02T12:00:00Z", attrs: ["reason": "vendor bug <b>"]),
            // An undeclared episode, Q1, open and overdue.
            e("INC-4", .alertFired, "2026-02-01T08:00:00Z", service: quotedService, severity: "warning"),
            e("INC-4", .pageAcknowledged, "2026-02-01T08:05:00Z"),
            e("INC-4", .sliRecovered, "2026-02-01T08:45:00Z"),
            // Q3, landed within a week.
            e("INC-5", .alertFired, "2026-07-20T14:00:00Z", service: "search"),
            e("INC-5", .investigationStarted, "2026-07-20T14:03:00Z"),
            e("INC-5", .incidentDeclared, "2026-07-20T14:10:00Z", severity: "SEV1"),
            e("INC-5", .sliRecovered, "2026-07-20T15:00:00Z"),
            e("INC-5", .preventionLanded, "2026-07-25T15:00:00Z", attrs: ["commit": "def456"]),
        ])
    }

    static var query: ReportQuery { ReportQuery(by: [.service]) }

    static var report: Report { Report(incidents: incidents, query: query, now: now) }

    static var html: HTMLReportData {
        var b = HTMLReportBuilder(query: query, now: now)
        for i in incidents { b.add(i) }
        return b.finish()
    }
}
