import AutohealCore
import AutohealImport
import Testing

/// PagerDuty v3 webhook deliveries for one incident, one envelope a line, as a receiver logs them.
let pagerDutyWebhookLog = """
{"event":{"id":"01DEN4HP5ZVBQ0MIB0HHGP7K7Y","event_type":"incident.triggered","resource_type":"incident","occurred_at":"2026-06-02T02:14:00.120Z","agent":null,"client":{"name":"Datadog"},"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2","html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","incident_key":"d3640fbd41094207a1c11e58e46b1662","created_at":"2026-06-02T02:14:00Z","title":"Orders API 5xx above 5%","service":{"html_url":"https://acme.pagerduty.com/services/PF9KMXH","id":"PF9KMXH","self":"https://api.pagerduty.com/services/PF9KMXH","summary":"orders-api","type":"service_reference"},"assignees":[{"html_url":"https://acme.pagerduty.com/users/PTUXL6G","id":"PTUXL6G","self":"https://api.pagerduty.com/users/PTUXL6G","summary":"User 123","type":"user_reference"}],"escalation_policy":{"id":"PUS0KTE","summary":"Default","type":"escalation_policy_reference"},"teams":[],"priority":{"html_url":"https://acme.pagerduty.com/account/incident_priorities","id":"PSO75BM","self":"https://api.pagerduty.com/priorities/PSO75BM","summary":"P2","type":"priority_reference"},"urgency":"high","conference_bridge":null,"resolve_reason":null}}}
{"event":{"id":"01DEN4HP5ZVBQ0MIB0HHGP7K7Z","event_type":"incident.acknowledged","resource_type":"incident","occurred_at":"2026-06-02T02:17:30Z","agent":{"id":"PTUXL6G","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","number":2,"status":"acknowledged","created_at":"2026-06-02T02:14:00Z","title":"Orders API 5xx above 5%","service":{"id":"PF9KMXH","summary":"orders-api","type":"service_reference"},"priority":{"id":"PSO75BM","summary":"P2","type":"priority_reference"},"urgency":"high"}}}
{"event":{"id":"01DEN4HP5ZVBQ0MIB0HHGP7K80","event_type":"incident.annotated","resource_type":"incident","occurred_at":"2026-06-02T02:20:00Z","agent":{"id":"PTUXL6G","type":"user_reference"},"client":null,"data":{"incident":{"html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","id":"PGR0VU2","self":"https://api.pagerduty.com/incidents/PGR0VU2","summary":"Orders API 5xx above 5%","type":"incident_reference"},"id":"P9XKAAB","content":"rolling back 4f2a1c","trimmed":false,"type":"incident_note"}}}
{"event":{"id":"01DEN4HP5ZVBQ0MIB0HHGP7K81","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2026-06-02T02:25:00Z","agent":{"id":"PTUXL6G","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","number":2,"status":"acknowledged","created_at":"2026-06-02T02:14:00Z","title":"Orders API 5xx above 5%","service":{"id":"PF9KMXH","summary":"orders-api","type":"service_reference"},"priority":{"id":"PSO75BA","summary":"P1","type":"priority_reference"},"urgency":"high"}}}
{"event":{"id":"01DEN4HP5ZVBQ0MIB0HHGP7K82","event_type":"incident.resolved","resource_type":"incident","occurred_at":"2026-06-02T03:02:00Z","agent":{"id":"PTUXL6G","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","number":2,"status":"resolved","created_at":"2026-06-02T02:14:00Z","title":"Orders API 5xx above 5%","service":{"id":"PF9KMXH","summary":"orders-api","type":"service_reference"},"priority":{"id":"PSO75BA","summary":"P1","type":"priority_reference"},"urgency":"high","resolve_reason":null}}}
"""

@Suite struct PagerDutyWebhookTests {
    @Test func mapsEventTypes() throws {
        let located = try importText(pagerDutyWebhookLog, .pagerdutyWebhook)
        let fired = try #require(only(located, "PGR0VU2", .alertFired))
        #expect(fired.at == time("2026-06-02T02:14:00Z"))
        #expect(fired.severity == "P2")
        #expect(fired.service == "orders-api")
        #expect(fired.source == "pagerduty")
        #expect(only(located, "PGR0VU2", .pageSent)?.at == time("2026-06-02T02:14:00Z"))
        #expect(only(located, "PGR0VU2", .pageAcknowledged)?.at == time("2026-06-02T02:17:30Z"))
        let changed = try #require(only(located, "PGR0VU2", .severityChanged))
        #expect(changed.severity == "P1")
        #expect(changed.at == time("2026-06-02T02:25:00Z"))
        #expect(only(located, "PGR0VU2", .incidentResolved)?.at == time("2026-06-02T03:02:00Z"))
        #expect(located.count == 5)  // the annotation is skipped
        #expect(located.map(\.line) == [1, 1, 2, 4, 5])
    }

    @Test func acceptsOneEnvelopeOrAnArray() throws {
        let lines = pagerDutyWebhookLog.split(separator: "\n").map(String.init)
        #expect(try importText(lines[1], .pagerdutyWebhook).count == 1)
        let array = "[\n" + lines.joined(separator: ",\n") + "\n]"
        #expect(try importText(array).map(\.event) == importText(pagerDutyWebhookLog).map(\.event))
    }

    @Test func detectedAutomatically() throws {
        #expect(try ImportFormat.detect(Array(pagerDutyWebhookLog.utf8), file: "x") == .pagerdutyWebhook)
    }

    @Test func convergesWithTheRESTExport() throws {
        // The same trigger seen through REST gets the same id, so both imports store it once.
        let rest = """
        {"incidents": [{"id": "PGR0VU2", "type": "incident", "incident_number": 2, "created_at": "2026-06-02T02:14:00Z",
          "status": "triggered", "service": {"summary": "orders-api", "type": "service_reference"}, "urgency": "high",
          "priority": {"summary": "P2", "type": "priority_reference"}}]}
        """
        let fromREST = try importText(rest, .pagerduty)
        let fromWebhook = try importText(pagerDutyWebhookLog, .pagerdutyWebhook)
        #expect(Set(fromREST.map(\.event.identity)).isSubset(of: Set(fromWebhook.map(\.event.identity))))
    }

    @Test func reimportIsIdempotent() throws {
        try expectIdempotent(pagerDutyWebhookLog, .pagerdutyWebhook, source: "pagerduty")
    }

    @Test func malformedPayloadsAreRefusedWithTheirLocation() {
        let noTime = replacingFirst("\"occurred_at\":\"2026-06-02T02:17:30Z\",", with: "", in: pagerDutyWebhookLog)
        expectRefused(noTime, .pagerdutyWebhook, line: 2, "event: missing required field \"occurred_at\"")
        let badJSON = replacingFirst("\"event_type\":\"incident.resolved\"", with: "\"event_type\" \"incident.resolved\"", in: pagerDutyWebhookLog)
        expectRefused(badJSON, .pagerdutyWebhook, line: 5, "expected ':'")
        expectRefused("{\"hello\": 1}", .pagerdutyWebhook, line: 1, "expected a PagerDuty v3 webhook envelope")
    }
}
