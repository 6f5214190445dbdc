import AutohealCore
import AutohealImport
import Foundation
import Testing

/// A Statuspage `incidents.json` (API v2): updates newest first, as Statuspage lists them.
let statuspageIncidents = """
{
  "page": {
    "id": "y2j98763l443",
    "name": "Acme Cloud",
    "url": "https://status.acme.example",
    "time_zone": "Etc/UTC",
    "updated_at": "2026-08-04T10:00:00.000Z"
  },
  "incidents": [
    {
      "id": "cp306tmzcl0y",
      "name": "Elevated checkout errors",
      "status": "resolved",
      "created_at": "2026-08-03T02:47:00.000Z",
      "updated_at": "2026-08-03T06:00:00.000Z",
      "monitoring_at": "2026-08-03T03:05:00.000Z",
      "resolved_at": "2026-08-03T04:00:00.000Z",
      "started_at": "2026-08-03T01:58:00.000Z",
      "impact": "major",
      "shortlink": "https://stspg.io/abc1",
      "page_id": "y2j98763l443",
      "incident_updates": [
        {"id": "u5", "status": "resolved", "body": "This incident has been resolved.", "incident_id": "cp306tmzcl0y",
         "created_at": "2026-08-03T03:58:00.000Z", "display_at": "2026-08-03T03:58:00.000Z", "updated_at": "2026-08-03T03:58:00.000Z"},
        {"id": "u4", "status": "monitoring", "body": "A fix has been rolled out.", "incident_id": "cp306tmzcl0y",
         "created_at": "2026-08-03T03:02:00.000Z", "display_at": "2026-08-03T03:02:00.000Z", "updated_at": "2026-08-03T03:02:00.000Z"},
        {"id": "u3", "status": "identified", "body": "Connection pool exhaustion after deploy <b>4f2a1c</b>.", "incident_id": "cp306tmzcl0y",
         "created_at": "2026-08-03T02:55:00.000Z", "display_at": "2026-08-03T02:55:00.000Z", "updated_at": "2026-08-03T02:55:00.000Z"},
        {"id": "u2", "status": "investigating", "body": "Still looking.", "incident_id": "cp306tmzcl0y",
         "created_at": "2026-08-03T02:52:00.000Z", "display_at": "2026-08-03T02:52:00.000Z", "updated_at": "2026-08-03T02:52:00.000Z"},
        {"id": "u1", "status": "investigating", "body": "We are investigating elevated errors at checkout.", "incident_id": "cp306tmzcl0y",
         "created_at": "2026-08-03T02:48:00.000Z", "display_at": "2026-08-03T02:48:00.000Z", "updated_at": "2026-08-03T02:48:00.000Z"}
      ],
      "components": [
        {"id": "8l4ygp009s5s", "name": "Checkout", "status": "operational", "position": 1, "group_id": null},
        {"id": "9m5zhq110t6t", "name": "API", "status": "operational", "position": 2, "group_id": null}
      ]
    },
    {
      "id": "zx91kq2mz0ab",
      "name": "Delayed email delivery",
      "status": "resolved",
      "created_at": "2026-08-01T10:00:00-06:00",
      "updated_at": "2026-08-01T12:30:00-06:00",
      "monitoring_at": "2026-08-01T11:00:00-06:00",
      "resolved_at": "2026-08-01T12:00:00-06:00",
      "impact": "minor",
      "shortlink": "https://stspg.io/abc2",
      "page_id": "y2j98763l443",
      "incident_updates": [],
      "components": []
    },
    {
      "id": "mnt0000001",
      "name": "Database maintenance",
      "status": "completed",
      "created_at": "2026-07-30T10:00:00Z",
      "impact": "maintenance",
      "scheduled_for": "2026-07-31T02:00:00Z",
      "scheduled_until": "2026-07-31T04:00:00Z",
      "shortlink": "https://stspg.io/abc3",
      "page_id": "y2j98763l443",
      "incident_updates": []
    }
  ]
}
"""

@Suite struct StatuspageTests {
    @Test func mapsIncidentAndUpdates() throws {
        let located = try importText(statuspageIncidents, .statuspage)
        let id = "cp306tmzcl0y"
        #expect(only(located, id, .impactStarted)?.at == time("2026-08-03T01:58:00Z"))
        let declared = try #require(only(located, id, .incidentDeclared))
        #expect(declared.at == time("2026-08-03T02:47:00Z"))
        #expect(declared.severity == "major")
        #expect(only(located, id, .investigationStarted)?.at == time("2026-08-03T02:48:00Z"))
        let cause = try #require(only(located, id, .rootcauseIdentified))
        #expect(cause.at == time("2026-08-03T02:55:00Z"))
        #expect(cause.attrs?["summary"] == "Connection pool exhaustion after deploy <b>4f2a1c</b>.")
        // The first monitoring update wins over monitoring_at; the resolved update over resolved_at.
        #expect(only(located, id, .mitigationApplied)?.at == time("2026-08-03T03:02:00Z"))
        #expect(only(located, id, .incidentResolved)?.at == time("2026-08-03T03:58:00Z"))
        #expect(located.filter { $0.event.incident == id }.allSatisfy { $0.event.service == "Checkout" && $0.event.source == "statuspage" })
        #expect(located.first { $0.event.type == .rootcauseIdentified }?.line == lineOf("\"id\": \"u3\"", in: statuspageIncidents))
    }

    @Test func fieldsStandInForMissingUpdatesAndThePageNamesTheService() throws {
        let located = try importText(statuspageIncidents, .statuspage)
        let id = "zx91kq2mz0ab"
        #expect(only(located, id, .incidentDeclared)?.at == time("2026-08-01T16:00:00Z"))
        #expect(only(located, id, .incidentDeclared)?.severity == "minor")
        #expect(only(located, id, .mitigationApplied)?.at == time("2026-08-01T17:00:00Z"))
        #expect(only(located, id, .incidentResolved)?.at == time("2026-08-01T18:00:00Z"))
        #expect(events(located, id, .impactStarted).isEmpty)
        #expect(located.filter { $0.event.incident == id }.allSatisfy { $0.event.service == "Acme Cloud" })
        // Scheduled maintenance is not an incident.
        #expect(!located.contains { $0.event.incident == "mnt0000001" })
    }

    @Test func acceptsABareList() throws {
        let start = statuspageIncidents.range(of: "\"incidents\": [")!.upperBound
        let end = statuspageIncidents.range(of: "]\n}", options: .backwards)!.lowerBound
        let list = "[" + statuspageIncidents[start..<end] + "]"
        #expect(try ImportFormat.detect(Array(list.utf8), file: "x") == .statuspage)
        let located = try importText(list)
        // Without the page, an incident with no component has no service to report.
        #expect(only(located, "cp306tmzcl0y", .incidentDeclared)?.service == "Checkout")
        #expect(only(located, "zx91kq2mz0ab", .incidentDeclared)?.service == nil)
    }

    @Test func detectedAutomatically() throws {
        #expect(try ImportFormat.detect(Array(statuspageIncidents.utf8), file: "x") == .statuspage)
    }

    @Test func reimportIsIdempotent() throws {
        try expectIdempotent(statuspageIncidents, .statuspage, source: "statuspage")
    }

    @Test func malformedPayloadsAreRefusedWithTheirLocation() {
        let noStatus = replacingFirst("{\"id\": \"u2\", \"status\": \"investigating\",", with: "{\"id\": \"u2\",", in: statuspageIncidents)
        expectRefused(noStatus, .statuspage, line: lineOf("\"id\": \"u2\"", in: noStatus), "incidents[0].incident_updates[3]: missing required field \"status\"")
        let badTime = replacingFirst("\"resolved_at\": \"2026-08-01T12:00:00-06:00\"", with: "\"resolved_at\": \"yesterday\"", in: statuspageIncidents)
        expectRefused(badTime, .statuspage, line: lineOf("yesterday", in: badTime), "incidents[1].resolved_at: time \"yesterday\" is not RFC 3339")
    }
}
