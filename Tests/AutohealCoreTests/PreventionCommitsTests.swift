import AutohealCore
import Testing

/// The fix commits `show` and `review` list: recorded ones, less those rewritten or dropped since.
@Suite struct PreventionCommitsTests {
    @Test("A commit a rebase replaced or dropped leaves the list; the others keep their order")
    func replacedAndDropped() {
        let events = Scenario("INC-7")
            .at(0, .incidentDeclared, severity: "SEV2")
            .at(10, .preventionCommitted, attrs: ["commit": "aaa", "branch": "autoheal/INC-7-x"])
            .at(20, .preventionCommitted, attrs: ["commit": "bbb", "branch": "autoheal/INC-7-x"])
            .at(30, .preventionCommitted, attrs: ["commit": "ccc", "branch": "autoheal/INC-7-x"])
            .at(40, .preventionCommitted, attrs: ["commit": "ccc2", "replaces": "ccc", "branch": "autoheal/INC-7-x"])
            .at(50, .preventionCommitted, attrs: ["dropped": "bbb", "branch": "autoheal/INC-7-x"])
            .events
        let state = PreventionState(events: events, asOf: Timestamp(seconds: 1_900_000_000))
        #expect(state.commits == ["aaa", "ccc2"])
        #expect(state.status == .committed)
        #expect(state.branch == "autoheal/INC-7-x")
        #expect(state.lastActivity == events.last?.at)
        // Before the drop was recorded, the commit was listed.
        #expect(PreventionState(events: events, asOf: events[4].at).commits == ["aaa", "bbb", "ccc2"])
    }

    @Test("A restoring record puts a dropped or replaced commit back; a later drop takes it off again")
    func restored() {
        let events = Scenario("INC-7")
            .at(0, .incidentDeclared, severity: "SEV2")
            .at(10, .preventionCommitted, attrs: ["commit": "aaa", "branch": "autoheal/INC-7-x"])
            .at(20, .preventionCommitted, attrs: ["commit": "bbb", "branch": "autoheal/INC-7-x"])
            .at(30, .preventionCommitted, attrs: ["commit": "bbb2", "replaces": "bbb", "branch": "autoheal/INC-7-x"])
            .at(40, .preventionCommitted, attrs: ["dropped": "aaa", "branch": "autoheal/INC-7-x"])
            // A reset brings both back and takes the rewrite off.
            .at(50, .preventionCommitted, attrs: ["commit": "aaa", "restored": true, "branch": "autoheal/INC-7-x"])
            .at(50, .preventionCommitted, attrs: ["commit": "bbb", "restored": true, "branch": "autoheal/INC-7-x"])
            .at(50, .preventionCommitted, attrs: ["dropped": "bbb2", "branch": "autoheal/INC-7-x"])
            .events
        let end = Timestamp(seconds: 1_900_000_000)
        #expect(PreventionState(events: events, asOf: end).commits == ["aaa", "bbb"])
        #expect(PreventionState(events: events, asOf: events[4].at).commits == ["bbb2"])
        // Dropped again after the restoring.
        let again = events + Scenario("INC-7").at(60, .preventionCommitted, attrs: ["dropped": "aaa"]).events
        #expect(PreventionState(events: again, asOf: end).commits == ["bbb"])
    }

    @Test("A plain record of a replaced commit, dated after the rewrite, does not put it back")
    func plainRecordAfterRewrite() {
        // A rebase that keeps dates (--committer-date-is-author-date) dates the rewrite before the original.
        let events = Scenario("INC-7")
            .at(0, .incidentDeclared, severity: "SEV2")
            .at(10, .preventionCommitted, attrs: ["commit": "ccc2", "replaces": "ccc"])
            .at(20, .preventionCommitted, attrs: ["commit": "ccc"])
            .events
        #expect(PreventionState(events: events, asOf: Timestamp(seconds: 1_900_000_000)).commits == ["ccc2"])
    }
}
