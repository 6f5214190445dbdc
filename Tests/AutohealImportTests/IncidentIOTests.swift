import AutohealCore
import AutohealImport
import Testing

/// An incident.io API v2 `GET /v2/incidents` response (trimmed of fields autoheal does not read).
let incidentIOIncidents = """
{
  "incidents": [
    {
      "id": "01FDAG4SAP5TYPT98WGR2N7W91",
      "reference": "INC-123",
      "name": "Our database is sad",
      "summary": "Primary failed over; writes rejected for 20 minutes.",
      "created_at": "2026-10-05T02:10:00.801578Z",
      "updated_at": "2026-10-06T09:00:00Z",
      "mode": "standard",
      "visibility": "public",
      "creator": {"alert": {"id": "01GW2G3V0S59R238FAHPDS1R66", "title": "PG::Error failed to connect"}},
      "incident_status": {"id": "01FCNDV6P870EA6S7TK1DSYD5H", "name": "Closed", "category": "closed", "rank": 4},
      "severity": {"id": "01FCNDV6P870EA6S7TK1DSYDG0", "name": "Major", "rank": 2, "description": "Issues with **significant impact**."},
      "incident_type": {"id": "01FCNDV6P870EA6S7TK1DSYDG1", "name": "Production outage"},
      "custom_field_entries": [
        {
          "custom_field": {"id": "01FCNDV6P870EA6S7TK1DSYDG2", "name": "Affected Team", "field_type": "single_select"},
          "values": [{"value_option": {"id": "o1", "value": "Platform"}}]
        },
        {
          "custom_field": {"id": "01FCNDV6P870EA6S7TK1DSYDG3", "name": "Affected services", "field_type": "multi_select"},
          "values": [
            {"value_catalog_entry": {"id": "c1", "name": "orders-db", "external_id": "orders-db", "aliases": []}},
            {"value_catalog_entry": {"id": "c2", "name": "orders-api", "external_id": "orders-api", "aliases": []}}
          ]
        }
      ],
      "incident_timestamp_values": [
        {"incident_timestamp": {"id": "t1", "name": "Impact started", "rank": 1}, "value": {"value": "2026-10-05T02:01:00Z"}},
        {"incident_timestamp": {"id": "t2", "name": "Reported at", "rank": 2}, "value": {"value": "2026-10-05T02:12:00Z"}},
        {"incident_timestamp": {"id": "t3", "name": "Accepted at", "rank": 3}, "value": {"value": "2026-10-05T02:15:00Z"}},
        {"incident_timestamp": {"id": "t4", "name": "Identified", "rank": 4}, "value": {"value": "2026-10-05T02:30:00Z"}},
        {"incident_timestamp": {"id": "t5", "name": "Fixed", "rank": 5}, "value": {"value": "2026-10-05T02:40:00Z"}},
        {"incident_timestamp": {"id": "t6", "name": "Resolved at", "rank": 6}, "value": {"value": "2026-10-05T03:00:00Z"}},
        {"incident_timestamp": {"id": "t7", "name": "Closed at", "rank": 7}, "value": {"value": "2026-10-06T09:00:00Z"}},
        {"incident_timestamp": {"id": "t8", "name": "Declined at", "rank": 8}}
      ]
    },
    {
      "id": "01FDAG4SAP5TYPT98WGR2N7W92",
      "reference": "INC-124",
      "name": "Stale search results",
      "created_at": "2026-10-20T11:00:00Z",
      "mode": "retrospective",
      "incident_status": {"id": "s2", "name": "Closed", "category": "closed", "rank": 4},
      "severity": {"id": "sv3", "name": "Minor", "rank": 1},
      "custom_field_entries": [
        {"custom_field": {"id": "f9", "name": "Service", "field_type": "text"}, "values": [{"value_text": "search"}]}
      ],
      "incident_timestamp_values": [
        {"incident_timestamp": {"id": "t1", "name": "Impact started", "rank": 1}, "value": {"value": "2026-10-12T08:00:00Z"}},
        {"incident_timestamp": {"id": "t7", "name": "Closed at", "rank": 7}, "value": {"value": "2026-10-20T12:00:00Z"}}
      ]
    },
    {
      "id": "01FDAG4SAP5TYPT98WGR2N7W93",
      "reference": "INC-125",
      "name": "Testing the pager",
      "created_at": "2026-10-21T11:00:00Z",
      "mode": "test",
      "incident_status": {"id": "s3", "name": "Closed", "category": "closed", "rank": 4},
      "severity": {"id": "sv3", "name": "Minor", "rank": 1}
    },
    {
      "id": "01FDAG4SAP5TYPT98WGR2N7W94",
      "reference": "INC-126",
      "name": "Duplicate of INC-123",
      "created_at": "2026-10-05T02:20:00Z",
      "mode": "standard",
      "incident_status": {"id": "s4", "name": "Merged", "category": "merged", "rank": 9},
      "severity": {"id": "sv3", "name": "Minor", "rank": 1}
    }
  ],
  "pagination_meta": {"after": "01FDAG4SAP5TYPT98WGR2N7W94", "page_size": 25}
}
"""

@Suite struct IncidentIOTests {
    @Test func mapsTimestampsAndSeverity() throws {
        let located = try importText(incidentIOIncidents, .incidentio)
        let inc = "INC-123"
        #expect(only(located, inc, .impactStarted)?.at == time("2026-10-05T02:01:00Z"))
        let fired = try #require(only(located, inc, .alertFired))
        #expect(fired.at == Timestamp(microseconds: time("2026-10-05T02:10:00Z").microseconds + 801_578))
        #expect(fired.attrs?["monitor"] == "PG::Error failed to connect")
        let declared = try #require(only(located, inc, .incidentDeclared))
        #expect(declared.at == time("2026-10-05T02:12:00Z"))  // "Reported at", not created_at
        #expect(declared.severity == "Major")
        #expect(only(located, inc, .pageAcknowledged)?.at == time("2026-10-05T02:15:00Z"))
        #expect(only(located, inc, .rootcauseIdentified)?.at == time("2026-10-05T02:30:00Z"))
        #expect(only(located, inc, .mitigationApplied)?.at == time("2026-10-05T02:40:00Z"))
        #expect(only(located, inc, .incidentResolved)?.at == time("2026-10-05T03:00:00Z"))  // resolved, not closed
        #expect(located.filter { $0.event.incident == inc }.allSatisfy { $0.event.service == "orders-db" && $0.event.source == "incidentio" })
        #expect(located.first { $0.event.type == .mitigationApplied }?.line == lineOf("\"name\": \"Fixed\"", in: incidentIOIncidents))
    }

    @Test func retrospectiveIncidentsAreDiscoveredAndTestsSkipped() throws {
        let located = try importText(incidentIOIncidents, .incidentio)
        let inc = "INC-124"
        #expect(only(located, inc, .incidentDiscovered)?.at == time("2026-10-20T11:00:00Z"))
        #expect(only(located, inc, .impactStarted)?.at == time("2026-10-12T08:00:00Z"))
        #expect(only(located, inc, .incidentDeclared)?.severity == "Minor")
        #expect(only(located, inc, .incidentResolved)?.at == time("2026-10-20T12:00:00Z"))  // closed stands in
        #expect(located.filter { $0.event.incident == inc }.allSatisfy { $0.event.service == "search" })
        #expect(!located.contains { $0.event.incident == "INC-125" || $0.event.incident == "INC-126" })
    }

    @Test func detectedAutomatically() throws {
        #expect(try ImportFormat.detect(Array(incidentIOIncidents.utf8), file: "x") == .incidentio)
    }

    @Test func reimportIsIdempotent() throws {
        try expectIdempotent(incidentIOIncidents, .incidentio, source: "incidentio")
    }

    @Test func malformedPayloadsAreRefusedWithTheirLocation() {
        let bad = replacingFirst("{\"value\": \"2026-10-05T02:40:00Z\"}", with: "{\"value\": \"2026-10-05 02:40\"}", in: incidentIOIncidents)
        expectRefused(bad, .incidentio, line: lineOf("2026-10-05 02:40", in: bad), "incidents[0].incident_timestamp_values[4].value.value: time")
        let badSeverity = replacingFirst("\"severity\": {\"id\": \"sv3\", \"name\": \"Minor\", \"rank\": 1},", with: "\"severity\": \"Minor\",", in: incidentIOIncidents)
        expectRefused(badSeverity, .incidentio, line: lineOf("\"severity\": \"Minor\"", in: badSeverity), "incidents[1].severity: must be an object")
    }
}
