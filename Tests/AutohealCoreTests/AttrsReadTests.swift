import Testing
import AutohealCore

/// Commands that load events without attrs (reports, `incidents`, `review`) rely on the declared sets of
/// event types whose attrs the core reads. Stripping every other attr must change nothing.
@Suite struct AttrsReadTests {
    /// An incident with attrs on every event, including the ones nothing should read.
    func scenario() -> Scenario {
        Scenario("INC-9")
            .at(0, .alertFired, attrs: ["monitor": "api-errors", "watched": true, "title": "API errors"])
            .at(10, .incidentDeclared, severity: "SEV2", attrs: ["title": "Checkout down"])
            .at(40, .sliRecovered, attrs: ["slo": "availability"])
            .at(60, .rootcauseLinked, attrs: ["method": "fix", "owners": [["owner": "@payments", "source": "CODEOWNERS"]]])
            .at(120, .preventionDrafted, attrs: ["branch": "autoheal/INC-9-guard", "template": "guard"])
            .at(180, .preventionCommitted, attrs: ["commit": "c0ffee", "branch": "autoheal/INC-9-guard"])
            .at(600, .preventionLanded, attrs: ["commit": "c0ffee", "precision": "committer"])
            .at(900, .preventionLanded, attrs: ["commit": "c0ffee", "precision": "server"])
    }

    func stripped(_ events: [Event], keeping types: Set<EventType>) -> [Event] {
        events.map { e in
            var e = e
            if !types.contains(e.type) { e.attrs = nil }
            return e
        }
    }

    @Test func preventionStateNeedsOnlyItsDeclaredAttrs() {
        let full = scenario().events
        let asOf = Timestamp(seconds: 1_900_000_000)
        let lean = PreventionState(events: stripped(full, keeping: PreventionState.attrsRead), asOf: asOf)
        #expect(lean == PreventionState(events: full, asOf: asOf))
        #expect(lean.landed?.precision == "server")
        // The declaration is not vacuous: without it the landing precision and branch are lost.
        #expect(PreventionState(events: stripped(full, keeping: []), asOf: asOf) != lean)
    }

    @Test func reviewItemsNeedOnlyTheirDeclaredAttrs() {
        let s = scenario()
        s.events.removeLast(2)  // keep the work open so it is listed
        let now = Timestamp(seconds: 1_900_000_000)
        let items = { (events: [Event]) in
            ReviewQueue.items([Incident(id: "INC-9", events: events)], rules: .default, policy: .highest, targets: .default, now: now)
        }
        let lean = items(stripped(s.events, keeping: ReviewQueue.attrsRead))
        #expect(lean.map(\.json) == items(s.events).map(\.json))
        #expect(lean.first?.branch == "autoheal/INC-9-guard" && lean.first?.owners == ["@payments"])
    }
}
