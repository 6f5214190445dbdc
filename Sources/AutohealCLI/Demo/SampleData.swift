import AutohealCore

/// The built-in sample data for `autoheal demo`: the two worked examples of the mission (the textbook
/// and the real enterprise incident) plus a realistic, deterministic population across five services
/// and three quarters, with every case the clocks must handle — fallbacks, undeclared episodes,
/// retroactive incidents, reclassifications, waived, landed and still-open prevention.
enum SampleData {
    /// The seed's worked examples, exactly as in the shared fixtures.
    static let seed: String = """
    {"id":"tb-1","incident":"INC-TEXTBOOK","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout","source":"agent","attrs":{"monitor":"checkout-memory","channel":"#checkout-pages","watched":true}}
    {"id":"tb-2","incident":"INC-TEXTBOOK","type":"page.sent","at":"2026-11-03T02:00:00Z","source":"agent"}
    {"id":"tb-3","incident":"INC-TEXTBOOK","type":"page.acknowledged","at":"2026-11-03T02:10:00Z","source":"pagerduty","attrs":{"by":"human"}}
    {"id":"tb-4","incident":"INC-TEXTBOOK","type":"incident.declared","at":"2026-11-03T02:12:00Z","severity":"SEV2","source":"human"}
    {"id":"tb-5","incident":"INC-TEXTBOOK","type":"mitigation.applied","at":"2026-11-03T02:30:00Z","source":"agent","attrs":{"action":"rollback"}}
    {"id":"tb-6","incident":"INC-TEXTBOOK","type":"sli.recovered","at":"2026-11-03T02:35:00Z","source":"agent"}
    {"id":"re-1","incident":"INC-REAL","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout","source":"agent","attrs":{"monitor":"checkout-memory","channel":"#alerts-overnight","watched":false}}
    {"id":"re-2","incident":"INC-REAL","type":"alert.fired","at":"2026-11-10T02:14:00Z","source":"agent","attrs":{"monitor":"checkout-error-rate","channel":"pagerduty","watched":true}}
    {"id":"re-3","incident":"INC-REAL","type":"page.sent","at":"2026-11-10T02:14:00Z","source":"pagerduty"}
    {"id":"re-4","incident":"INC-REAL","type":"page.acknowledged","at":"2026-11-10T02:17:00Z","source":"pagerduty","attrs":{"by":"human"}}
    {"id":"re-5","incident":"INC-REAL","type":"incident.declared","at":"2026-11-10T02:47:00Z","severity":"SEV2","source":"human"}
    {"id":"re-6","incident":"INC-REAL","type":"mitigation.applied","at":"2026-11-10T03:02:00Z","source":"agent","attrs":{"action":"rollback"}}
    {"id":"re-7","incident":"INC-REAL","type":"sli.recovered","at":"2026-11-10T03:08:00Z","source":"agent"}
    {"id":"re-8","incident":"INC-REAL","type":"incident.resolved","at":"2026-11-10T09:30:00Z","source":"human"}

    """

    /// A deterministic linear congruential generator, so the demo prints the same numbers every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    }

    static let services = ["checkout", "payments", "search", "notifications", "auth"]
    static let causes = [
        "connection pool exhausted after a retry storm", "unbounded cache growth after a config change",
        "schema migration locked a hot table", "expired TLS certificate on an internal endpoint",
        "dependency upgrade changed a timeout default", "feature flag enabled a slow query path",
        "queue consumer crashed on a malformed message", "rate limiter misconfigured for a new region",
    ]

    /// The population as native NDJSON: `count` incidents from `start`, none later than `latest`.
    static func population(count: Int = 96, start: Timestamp = Timestamp(seconds: 1_777_593_600), latest: Timestamp = Timestamp(seconds: 1_795_824_000)) -> String {
        var g = Generator(state: 0xA0_70_4E_A1)
        var lines: [String] = []
        let span = start.seconds(until: latest) - 10 * 86_400
        for i in 1...count {
            let id = "INC-\(1000 + i)"
            let service = services[g.int(0...services.count - 1)]
            var events: [Event] = []
            func add(_ type: EventType, _ at: Timestamp, severity: String? = nil, attrs: JSONValue? = nil, source: String = "agent") {
                events.append(Event(id: "\(id)-\(events.count + 1)", incident: id, type: type, at: at,
                                    service: events.isEmpty ? service : nil, severity: severity, source: source, attrs: attrs))
            }
            let t0 = start.adding(seconds: Int64(g.int(0...Int(span))) / 60 * 60)
            let severity = ["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV3"][g.int(0...5)]
            var t = t0
            if g.chance(0.3) { add(.impactStarted, t); t = t.adding(seconds: Int64(g.int(1...12) * 60)) }
            let hasAlert = g.chance(0.9)
            if hasAlert {
                if g.chance(0.25) {
                    add(.alertFired, t, attrs: ["monitor": "\(service)-saturation", "channel": "#\(service)-overnight", "watched": false])
                    t = t.adding(seconds: Int64(g.int(5...25) * 60))
                }
                add(.alertFired, t, attrs: ["monitor": "\(service)-error-rate", "channel": "pagerduty", "watched": true])
                add(.pageSent, t.adding(seconds: 30))
                t = t.adding(seconds: Int64(g.int(2...20) * 60))
                if g.chance(0.9) { add(.pageAcknowledged, t, source: "pagerduty") }
                if g.chance(0.3) { t = t.adding(seconds: Int64(g.int(1...5) * 60)); add(.investigationStarted, t) }
            }
            let declared = g.chance(0.85) || !hasAlert
            if declared {
                t = t.adding(seconds: Int64(g.int(0...45) * 60))
                add(.incidentDeclared, t, severity: severity, attrs: ["title": .string("\(service): \(causes[g.int(0...causes.count - 1)])")], source: "human")
                if severity == "SEV2", g.chance(0.25) {
                    add(.severityChanged, t.adding(seconds: Int64(g.int(10...40) * 60)), severity: "SEV3", source: "human")
                }
            } else {
                events[0].severity = "SEV3"
            }
            t = t.adding(seconds: Int64(g.int(5...150) * 60))
            add(.mitigationApplied, t, attrs: ["action": .string(["rollback", "scale-out", "config revert", "failover"][g.int(0...3)])])
            if g.chance(0.8) { t = t.adding(seconds: Int64(g.int(2...30) * 60)); add(.sliRecovered, t) }
            let recoveredAt = t
            add(.incidentResolved, t.adding(seconds: Int64(g.int(1...12) * 3600)), source: "human")
            add(.rootcauseIdentified, t.adding(seconds: Int64(g.int(1...48) * 3600)), attrs: ["summary": .string(causes[g.int(0...causes.count - 1)])])
            if g.chance(0.05) {
                add(.incidentDiscovered, t.adding(seconds: Int64(g.int(3...20) * 86_400)), attrs: ["found_during": "INC-\(1000 + max(1, i - 3))"], source: "human")
            }
            // Prevention: drafted and committed for most, landed for some, waived for a few.
            let roll = g.int(0...99)
            if roll < 8 {
                add(.preventionWaived, recoveredAt.adding(seconds: 2 * 86_400), attrs: ["reason": "third-party outage; nothing to change on our side"], source: "human")
            } else if roll < 92 {
                let branch = "autoheal/\(id)-fix"
                let drafted = recoveredAt.adding(seconds: Int64(g.int(1...72) * 3600))
                if drafted < latest {
                    add(.preventionDrafted, drafted, attrs: ["branch": .string(branch), "template": "regression-test"], source: "autoheal")
                    let committed = drafted.adding(seconds: Int64(g.int(1...96) * 3600))
                    let sha = String(SHA256.hex(of: Array(id.utf8)).prefix(40))
                    if committed < latest {
                        add(.preventionCommitted, committed, attrs: ["commit": .string(sha), "branch": .string(branch)], source: "autoheal")
                        let landed = committed.adding(seconds: Int64(g.int(6...(roll < 60 ? 240 : 900)) * 3600))
                        if roll < 75, landed < latest {
                            add(.preventionLanded, landed, attrs: ["commit": .string(sha), "precision": "committer", "branch": .string(branch)], source: "autoheal")
                        }
                    }
                }
            }
            for e in events { lines.append(e.json.canonicalJSON) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
