import AutohealCore
import AutohealImport
import Testing

/// A `GET /incidents?include[]=...` export as PagerDuty's REST API v2 documents it, with the log
/// entries of the first incident embedded and the second incident's log entries exported beside it.
let pagerDutyIncidents = """
{
  "incidents": [
    {
      "id": "PT4KHLK",
      "type": "incident",
      "summary": "[#1234] Checkout p99 latency above 2s",
      "self": "https://api.pagerduty.com/incidents/PT4KHLK",
      "html_url": "https://acme.pagerduty.com/incidents/PT4KHLK",
      "incident_number": 1234,
      "title": "Checkout p99 latency above 2s",
      "created_at": "2026-05-20T02:14:00Z",
      "updated_at": "2026-05-23T09:00:00Z",
      "status": "resolved",
      "incident_key": "baf7cf21b1da41b4b0221008339ff357",
      "service": {
        "id": "PIJ90N7",
        "type": "service_reference",
        "summary": "checkout",
        "self": "https://api.pagerduty.com/services/PIJ90N7",
        "html_url": "https://acme.pagerduty.com/service-directory/PIJ90N7"
      },
      "assignments": [],
      "acknowledgements": [
        {"at": "2026-05-20T02:17:00Z", "acknowledger": {"id": "PXPGF42", "type": "user_reference", "summary": "Earline Greenholt"}}
      ],
      "last_status_change_at": "2026-05-20T03:30:00Z",
      "first_trigger_log_entry": {"id": "Q02JTSNZWHSEKV", "type": "trigger_log_entry_reference"},
      "urgency": "high",
      "priority": {"id": "P53ZZH5", "type": "priority_reference", "summary": "P1"},
      "resolve_reason": null,
      "log_entries": [
        {
          "id": "Q02JTSNZWHSEKV",
          "type": "trigger_log_entry",
          "summary": "Triggered through the API",
          "created_at": "2026-05-20T02:14:00Z",
          "channel": {"type": "api"},
          "service": {"id": "PIJ90N7", "type": "service_reference", "summary": "checkout"},
          "incident": {"id": "PT4KHLK", "type": "incident_reference"}
        },
        {
          "id": "R3ND1T0N0T1FY",
          "type": "notify_log_entry",
          "created_at": "2026-05-20T02:14:05Z",
          "incident": {"id": "PT4KHLK", "type": "incident_reference"}
        },
        {
          "id": "R2XGXEI3W0FXYV",
          "type": "acknowledge_log_entry",
          "summary": "Acknowledged by Earline Greenholt",
          "created_at": "2026-05-20T02:17:00Z",
          "agent": {"id": "PXPGF42", "type": "user_reference"},
          "incident": {"id": "PT4KHLK", "type": "incident_reference"}
        },
        {
          "id": "R5ANN0TATE",
          "type": "annotate_log_entry",
          "created_at": "2026-05-20T02:40:00Z",
          "incident": {"id": "PT4KHLK", "type": "incident_reference"}
        },
        {
          "id": "R1RES0LVED",
          "type": "resolve_log_entry",
          "summary": "Resolved by Earline Greenholt",
          "created_at": "2026-05-20T03:08:00Z",
          "incident": {"id": "PT4KHLK", "type": "incident_reference"}
        }
      ]
    },
    {
      "id": "PQ7V2MX",
      "type": "incident",
      "incident_number": 1235,
      "title": "Search index lagging",
      "created_at": "2026-05-21T10:00:00+02:00",
      "updated_at": "2026-05-22T18:45:00Z",
      "status": "resolved",
      "service": {"id": "PSRCH01", "type": "service_reference", "summary": "search"},
      "acknowledgements": [
        {"at": "2026-05-21T08:06:00Z", "acknowledger": {"id": "PXPGF42", "type": "user_reference"}}
      ],
      "last_status_change_at": "2026-05-21T09:15:00Z",
      "urgency": "low",
      "priority": null
    },
    {
      "id": "PZZOPEN",
      "type": "incident",
      "incident_number": 1236,
      "title": "Payments webhook backlog",
      "created_at": "2026-05-22T12:00:00Z",
      "updated_at": "2026-05-22T13:00:00Z",
      "status": "triggered",
      "service": {"id": "PPAY001", "type": "service_reference", "summary": "payments"},
      "acknowledgements": [],
      "last_status_change_at": "2026-05-22T12:00:00Z",
      "urgency": "high",
      "priority": {"id": "P0NE", "type": "priority_reference", "summary": "P2"}
    }
  ],
  "log_entries": [
    {
      "id": "RSRCHRESOLVE",
      "type": "resolve_log_entry",
      "created_at": "2026-05-21T09:10:00Z",
      "incident": {"id": "PQ7V2MX", "type": "incident_reference"}
    }
  ],
  "limit": 25,
  "offset": 0,
  "more": false,
  "total": null
}
"""

@Suite struct PagerDutyTests {
    @Test func mapsLogEntriesToLifecycleEvents() throws {
        let located = try importText(pagerDutyIncidents, .pagerduty)
        let fired = try #require(only(located, "PT4KHLK", .alertFired))
        #expect(fired.at == time("2026-05-20T02:14:00Z"))
        #expect(fired.severity == "P1")
        #expect(fired.service == "checkout")
        #expect(fired.source == "pagerduty")
        #expect(only(located, "PT4KHLK", .pageSent)?.at == time("2026-05-20T02:14:00Z"))
        #expect(only(located, "PT4KHLK", .pageAcknowledged)?.at == time("2026-05-20T02:17:00Z"))
        #expect(only(located, "PT4KHLK", .incidentResolved)?.at == time("2026-05-20T03:08:00Z"))
        // Notify and annotate entries say nothing about the clocks.
        #expect(located.filter { $0.event.incident == "PT4KHLK" }.count == 4)
        #expect(located.filter { $0.event.incident == "PT4KHLK" }.allSatisfy { $0.event.service == "checkout" })
        // Each event points at its log entry's line.
        #expect(located.first { $0.event.type == .pageAcknowledged && $0.event.incident == "PT4KHLK" }?.line
                == lineOf("\"type\": \"acknowledge_log_entry\"", in: pagerDutyIncidents) - 2)
    }

    @Test func withoutLogEntriesUsesIncidentFieldsButNeverUpdatedAt() throws {
        let located = try importText(pagerDutyIncidents, .pagerduty)
        // Urgency stands in for a missing priority; the offset is normalised to UTC.
        let fired = try #require(only(located, "PQ7V2MX", .alertFired))
        #expect(fired.at == time("2026-05-21T08:00:00Z"))
        #expect(fired.severity == "low")
        #expect(fired.service == "search")
        #expect(only(located, "PQ7V2MX", .pageAcknowledged)?.at == time("2026-05-21T08:06:00Z"))
        // The resolve comes from the loose log entry, not from last_status_change_at or updated_at.
        #expect(only(located, "PQ7V2MX", .incidentResolved)?.at == time("2026-05-21T09:10:00Z"))
        // A still-triggered incident has no resolve, whatever updated_at says.
        #expect(events(located, "PZZOPEN", .incidentResolved).isEmpty)
        #expect(only(located, "PZZOPEN", .alertFired)?.severity == "P2")
        #expect(events(located, "PZZOPEN", .pageAcknowledged).isEmpty)
    }

    /// Loose log entries of an incident the export does not hold (paginated /incidents beside a time
    /// window of /log_entries) were dropped without a word, and with them its acknowledgement and resolve.
    @Test func logEntriesOfAnIncidentNotInTheExportAreKept() throws {
        let text = """
        {"incidents":[{"id":"PA","type":"incident","incident_number":1,"created_at":"2026-03-01T00:00:00Z","status":"triggered","urgency":"high","service":{"id":"S","type":"service_reference","summary":"svc"}}],
         "log_entries":[
          {"type":"acknowledge_log_entry","created_at":"2026-03-02T00:05:00Z","incident":{"id":"PB","type":"incident_reference"}},
          {"type":"resolve_log_entry","created_at":"2026-03-02T01:05:00Z","incident":{"id":"PB","type":"incident_reference"},"service":{"summary":"svc"}}]}
        """
        let located = try importText(text, .pagerduty)
        #expect(only(located, "PB", .pageAcknowledged)?.at == time("2026-03-02T00:05:00Z"))
        #expect(only(located, "PB", .incidentResolved)?.at == time("2026-03-02T01:05:00Z"))
        #expect(only(located, "PB", .incidentResolved)?.service == "svc")
        #expect(events(located, "PB", .alertFired).isEmpty, "nothing invented for what the export does not say")
    }

    @Test func resolvedWithoutLogEntryUsesTheStatusChange() throws {
        let text = replacingFirst("\"RSRCHRESOLVE\"", with: "\"RSRCHNOTE\"", in:
            replacingFirst("\"type\": \"resolve_log_entry\",\n      \"created_at\": \"2026-05-21T09:10:00Z\"",
                           with: "\"type\": \"annotate_log_entry\",\n      \"created_at\": \"2026-05-21T09:10:00Z\"",
                           in: pagerDutyIncidents))
        let located = try importText(text, .pagerduty)
        #expect(only(located, "PQ7V2MX", .incidentResolved)?.at == time("2026-05-21T09:15:00Z"))
    }

    @Test func detectedAutomatically() throws {
        #expect(try ImportFormat.detect(Array(pagerDutyIncidents.utf8), file: "x") == .pagerduty)
        #expect(try importText(pagerDutyIncidents) == importText(pagerDutyIncidents, .pagerduty))
        let single = "{\"incident\": {\"id\": \"PX1\", \"type\": \"incident\", \"incident_number\": 9, \"created_at\": \"2026-01-01T00:00:00Z\", \"service\": {\"summary\": \"api\"}, \"urgency\": \"high\"}}"
        #expect(try ImportFormat.detect(Array(single.utf8), file: "x") == .pagerduty)
        #expect(try importText(single).count == 2)
    }

    @Test func reimportIsIdempotent() throws {
        try expectIdempotent(pagerDutyIncidents, .pagerduty, source: "pagerduty")
    }

    @Test func malformedPayloadsAreRefusedWithTheirLocation() {
        let zoneless = replacingFirst("\"created_at\": \"2026-05-22T12:00:00Z\"", with: "\"created_at\": \"2026-05-22T12:00:00\"", in: pagerDutyIncidents)
        expectRefused(zoneless, .pagerduty, line: lineOf("\"2026-05-22T12:00:00\"", in: zoneless), "incidents[2].created_at: time")
        let noID = replacingFirst("\"id\": \"PQ7V2MX\",", with: "", in: pagerDutyIncidents)
        expectRefused(noID, .pagerduty, line: lineOf("\"incident_number\": 1235", in: noID) - 3, "incidents[1]: missing required field \"id\"")
        let badEntry = replacingFirst("\"created_at\": \"2026-05-20T02:17:00Z\"", with: "\"created_at\": 17", in: pagerDutyIncidents)
        expectRefused(badEntry, .pagerduty, line: lineOf("\"created_at\": 17", in: badEntry), "incidents[0].log_entries[2].created_at: must be an RFC 3339 time")
        let truncated = String(pagerDutyIncidents.prefix(400))
        expectRefused(truncated, .pagerduty, line: truncated.split(separator: "\n", omittingEmptySubsequences: false).count, "expected")
    }
}
