import AutohealCore
import AutohealImport
import Testing

/// An Opsgenie Incident API list response (`GET /v1/incidents`).
let opsgenieIncidents = """
{
  "data": [
    {
      "id": "70413a06-38d6-4c85-92b8-5ebc900d42e2",
      "tinyId": "1",
      "message": "Payments authorisation failing",
      "status": "closed",
      "tags": ["payments"],
      "createdAt": "2026-09-10T14:12:00.837Z",
      "updatedAt": "2026-09-12T09:00:00.000Z",
      "priority": "P1",
      "ownerTeam": "8418d193-2dab-4490-b331-8c02cdd196b7",
      "responders": [{"type": "team", "id": "8418d193-2dab-4490-b331-8c02cdd196b7"}],
      "extraProperties": {"service": "payments", "region": "eu-west-1"},
      "impactedServices": ["9a0b7c21-3e45-4f8e-bb11-7a4c2d9e6f01"],
      "impactStartDate": "2026-09-10T14:03:25.837Z",
      "impactEndDate": "2026-09-10T15:20:00.000Z",
      "actions": []
    },
    {
      "id": "81524b17-49e7-5d96-a3c9-6fcd011e53f3",
      "tinyId": "2",
      "message": "Search latency",
      "status": "open",
      "tags": [],
      "createdAt": "2026-09-11T08:00:00Z",
      "updatedAt": "2026-09-11T08:30:00Z",
      "priority": "P3",
      "impactedServices": [{"id": "b1c2", "name": "search"}],
      "impactStartDate": "2026-09-11T07:55:00Z",
      "impactEndDate": "2026-09-11T08:25:00Z"
    }
  ],
  "paging": {"first": "https://api.opsgenie.com/v1/incidents?limit=20&sort=createdAt&offset=0&order=desc"},
  "took": 0.071,
  "requestId": "9ae63dd7-ed00-4c81-86f0-c4ffd33142c9"
}
"""

@Suite struct OpsgenieTests {
    @Test func mapsIncidents() throws {
        let located = try importText(opsgenieIncidents, .opsgenie)
        let paid = "70413a06-38d6-4c85-92b8-5ebc900d42e2"
        #expect(only(located, paid, .impactStarted)?.at == Timestamp(microseconds: time("2026-09-10T14:03:25Z").microseconds + 837_000))
        let declared = try #require(only(located, paid, .incidentDeclared))
        #expect(declared.severity == "P1")
        #expect(declared.at == Timestamp(microseconds: time("2026-09-10T14:12:00Z").microseconds + 837_000))
        // Closed counts as resolved, at the end of the impact (never updatedAt).
        #expect(only(located, paid, .incidentResolved)?.at == time("2026-09-10T15:20:00Z"))
        #expect(located.filter { $0.event.incident == paid }.allSatisfy { $0.event.service == "payments" && $0.event.source == "opsgenie" })
        // Still open, impact over: the SLI recovered, the incident is not resolved.
        let search = "81524b17-49e7-5d96-a3c9-6fcd011e53f3"
        #expect(only(located, search, .sliRecovered)?.at == time("2026-09-11T08:25:00Z"))
        #expect(events(located, search, .incidentResolved).isEmpty)
        #expect(only(located, search, .incidentDeclared)?.service == "search")
    }

    @Test func singleIncidentAndDetection() throws {
        #expect(try ImportFormat.detect(Array(opsgenieIncidents.utf8), file: "x") == .opsgenie)
        let single = """
        {"data": {"id": "x1", "tinyId": "7", "status": "resolved", "createdAt": "2026-01-01T00:00:00Z", "priority": "P2",
          "impactedServices": ["svc-1"], "impactEndDate": "2026-01-01T01:00:00Z"}, "took": 0.01, "requestId": "r"}
        """
        #expect(try ImportFormat.detect(Array(single.utf8), file: "x") == .opsgenie)
        let located = try importText(single)
        #expect(only(located, "x1", .incidentResolved)?.service == "svc-1")
        // Without tinyId: told by Opsgenie's impactStartDate (detection asked for tinyId, which the
        // error message and the docs never named).
        let noTiny = #"{"data": [{"id": "og-1", "createdAt": "2026-01-01T00:00:00Z", "impactStartDate": "2026-01-01T00:00:00Z", "impactedServices": ["svc-1"]}]}"#
        #expect(try ImportFormat.detect(Array(noTiny.utf8), file: "x") == .opsgenie)
    }

    @Test func reimportIsIdempotent() throws {
        try expectIdempotent(opsgenieIncidents, .opsgenie, source: "opsgenie")
    }

    @Test func malformedPayloadsAreRefusedWithTheirLocation() {
        let noCreated = replacingFirst("\"createdAt\": \"2026-09-11T08:00:00Z\",", with: "", in: opsgenieIncidents)
        expectRefused(noCreated, .opsgenie, line: lineOf("\"tinyId\": \"2\"", in: noCreated) - 2, "data[1]: missing required field \"createdAt\"")
        let badService = replacingFirst("[{\"id\": \"b1c2\", \"name\": \"search\"}]", with: "[42]", in: opsgenieIncidents)
        expectRefused(badService, .opsgenie, line: lineOf("[42]", in: badService), "data[1].impactedServices[0]: must be a service id")
    }
}
