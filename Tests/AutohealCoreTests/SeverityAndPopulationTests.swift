import AutohealCore
import Testing

@Suite("Severity policies and who counts")
struct SeverityAndPopulationTests {
    /// A SEV2 declared, later reclassified to SEV3.
    static func reclassified() -> Scenario {
        let s = Scenario("INC-20")
        s.at(0, .alertFired).at(5, .pageAcknowledged).at(10, .incidentDeclared, severity: "SEV2")
            .at(40, .severityChanged, severity: "SEV3").at(60, .sliRecovered)
        return s
    }

    @Test("Each policy places a SEV2→SEV3 reclassification", arguments: [
        (SeverityPolicy.highest, "SEV2"), (.declared, "SEV2"), (.final, "SEV3"),
    ])
    func policies(policy: SeverityPolicy, expected: String) {
        let s = Self.reclassified()
        #expect(s.built.severity.level(for: policy) == expected)
        #expect(s.built.severity.reclassified)
        let report = Report(incidents: [s.built], query: ReportQuery(by: [.severity], severityPolicy: policy), now: s.base.adding(seconds: 86_400))
        #expect(report.groups.map { $0.key[.severity] } == [expected])
        #expect(report.groups[0].reclassified == 1)
    }

    @Test("Highest means most severe, not latest: SEV3 raised to SEV1 counts as SEV1")
    func raised() {
        let s = Scenario("INC-21")
        s.at(0, .incidentDeclared, severity: "SEV3").at(5, .severityChanged, severity: "SEV1").at(9, .severityChanged, severity: "SEV2")
        #expect(s.built.severity.highest == "SEV1")
        #expect(s.built.severity.declared == "SEV3")
        #expect(s.built.severity.final == "SEV2")
    }

    @Test("An undeclared episode is counted, in its own column")
    func undeclared() {
        let s = Scenario("INC-22")
        s.at(0, .alertFired).at(4, .pageAcknowledged).at(9, .mitigationApplied)
        let d = Scenario("INC-23")
        d.at(0, .alertFired).at(4, .pageAcknowledged).at(5, .incidentDeclared, severity: "SEV3").at(20, .sliRecovered)
        let report = Report(incidents: [s.built, d.built], query: ReportQuery(), now: s.base.adding(seconds: 86_400))
        #expect(report.total.incidents == 2)
        #expect(report.total.undeclared == 1)
        #expect(report.total.declared == 1)
        #expect(report.total.mttd.n == 2)
        #expect(s.analysis().hiddenInvestigationSeconds == nil)
    }

    @Test("A retroactive incident counts in the period its start falls in, not when it was found")
    func retroactive() {
        let s = Scenario("INC-24")
        s.base = Timestamp(seconds: 1_788_000_000) // 2026-08-29, Q3
        s.at(0, .impactStarted).at(30, .incidentDeclared, severity: "SEV3").at(60, .mitigationApplied)
            .at(60 * 24 * 40, .incidentDiscovered, attrs: ["found_during": "INC-30"]) // found 40 days later, Q4
        let report = Report(incidents: [s.built], query: ReportQuery(by: [.quarter]), now: s.base.adding(seconds: 90 * 86_400))
        #expect(report.groups.map { $0.key[.quarter] } == ["2026-Q3"])
        #expect(report.groups[0].retroactive == 1)
        let byMonth = Report(incidents: [s.built], query: ReportQuery(by: [.month]), now: s.base.adding(seconds: 90 * 86_400))
        #expect(byMonth.groups.map { $0.key[.month] } == ["2026-08"])
    }

    @Test("Waived prevention leaves the MTTP population and is counted as waived")
    func waived() {
        let w = Scenario("INC-25")
        w.at(0, .alertFired).at(5, .pageAcknowledged).at(30, .sliRecovered).at(60, .preventionWaived, attrs: ["reason": "vendor"])
        let o = Scenario("INC-26")
        o.at(0, .alertFired).at(5, .pageAcknowledged).at(30, .sliRecovered)
        let report = Report(incidents: [w.built, o.built], query: ReportQuery(), now: w.base.adding(seconds: 86_400))
        #expect(report.total.mttp.waived == 1)
        #expect(report.total.mttp.n == 1)
        #expect(report.total.mttp.open == 1)
        #expect(w.analysis().preventionState.status == .waived)
        #expect(!w.analysis().preventionOpen)
    }

    @Test("A landing closes prevention; a revert reopens it; a new landing closes it again")
    func landingRevert() {
        let s = Scenario("INC-27")
        s.at(0, .alertFired).at(5, .pageAcknowledged).at(30, .sliRecovered)
            .at(60, .preventionCommitted, attrs: ["commit": "aaa", "branch": "autoheal/INC-27-x"])
            .at(30 + 3 * 24 * 60, .preventionLanded, attrs: ["commit": "aaa", "precision": "committer"])
        #expect(s.analysis().prevention.seconds == Int64(3 * 86_400))
        #expect(s.analysis().preventionState.status == .landed)
        s.at(30 + 4 * 24 * 60, .preventionReverted, attrs: ["commit": "aaa"])
        #expect(s.analysis().preventionState.status == .reverted)
        #expect(s.analysis().preventionOpen)
        s.at(30 + 6 * 24 * 60, .preventionLanded, attrs: ["commit": "bbb", "precision": "server"])
        #expect(s.analysis().prevention.seconds == Int64(6 * 86_400))
        #expect(s.analysis().preventionState.landed?.precision == "server")
    }

    @Test("Landings after --until are not yet known; the open item is censored at --until")
    func until() {
        let s = Scenario("INC-28")
        s.at(0, .alertFired).at(5, .pageAcknowledged).at(30, .sliRecovered).at(30 + 10 * 24 * 60, .preventionLanded)
        let until = s.base.adding(seconds: 5 * 86_400)
        let report = Report(incidents: [s.built], query: ReportQuery(until: until), now: s.base.adding(seconds: 30 * 86_400))
        #expect(report.total.mttp.open == 1)
        #expect(report.total.mttp.landed == 0)
        #expect(report.total.mttp.median == nil)
        let later = Report(incidents: [s.built], query: ReportQuery(), now: s.base.adding(seconds: 30 * 86_400))
        #expect(later.total.mttp.median == Double(10 * 86_400))
    }

    /// `--until` dated the report but still read what happened after it: a recovery two days later gave
    /// an MTTR, and a later reclassification moved the incident's group.
    @Test("With --until, events from then on are not known yet")
    func untilIsAViewAsOfThen() {
        let s = Scenario("INC-31")
        s.at(0, .alertFired).at(10, .pageAcknowledged).at(20, .incidentDeclared, severity: "SEV3")
            .at(3 * 24 * 60, .sliRecovered).at(3 * 24 * 60, .severityChanged, severity: "SEV1")
        let until = s.base.adding(seconds: 86_400)
        let asOfThen = Report(incidents: [s.built], query: ReportQuery(by: [.severity], until: until), now: s.base.adding(seconds: 30 * 86_400))
        #expect(asOfThen.total.incidents == 1)
        #expect(asOfThen.total.mttr.n == 0, "not recovered by --until")
        #expect(asOfThen.groups.map { $0.key[.severity] } == ["SEV3"])
        let now = Report(incidents: [s.built], query: ReportQuery(by: [.severity]), now: s.base.adding(seconds: 30 * 86_400))
        #expect(now.total.mttr.n == 1)
        #expect(now.groups.map { $0.key[.severity] } == ["SEV1"])
    }

    /// An incident without a severity was grouped as "none", together with a severity literally named
    /// `none` (incident.io's unset and Statuspage's `impact: none` both produce it).
    @Test("No severity is its own group, null in JSON, apart from a severity named none")
    func noSeverityIsNotNamedNone() {
        let a = Scenario("INC-41")
        a.at(0, .alertFired)
        let b = Scenario("INC-42")
        b.at(0, .incidentDeclared, severity: "none")
        let c = Scenario("INC-43")
        c.at(0, .incidentDeclared, severity: "SEV1")
        let report = Report(incidents: [a.built, b.built, c.built], query: ReportQuery(by: [.severity]), now: a.base.adding(seconds: 86_400))
        #expect(report.groups.map { $0.key[.severity] } == ["SEV1", "none", nil])
        #expect(report.groups.map(\.incidents) == [1, 1, 1])
        #expect(report.groups.last?.json["severity"] == JSONValue.null)
        #expect(report.total.json["severity"] == nil)
    }

    @Test("--since and --until select incidents by start")
    func sinceUntil() {
        let a = Scenario("INC-29")
        a.at(0, .alertFired)
        let b = Scenario("INC-30")
        b.base = a.base.adding(seconds: 10 * 86_400)
        b.at(0, .alertFired)
        let q = ReportQuery(since: a.base.adding(seconds: 86_400), until: a.base.adding(seconds: 20 * 86_400))
        #expect(Report(incidents: [a.built, b.built], query: q, now: b.base.adding(seconds: 86_400 * 30)).total.incidents == 1)
    }

    @Test("Severity labels order SEV/P numbers and words", arguments: [
        ("SEV1", "SEV2", "SEV1"), ("P3", "P2", "P2"), ("critical", "warning", "critical"), ("SEV2", "unknown", "SEV2"),
    ])
    func ordering(a: String, b: String, more: String) {
        #expect(SeverityOrder.moreSevere(a, b) == more)
    }

    @Test("A label's rank: the number in its last run of digits, else its word, else last", arguments: [
        ("SEV2", 2), ("sev2", 2), ("P1", 1), ("P1-high", 1), ("sev-10", 10), ("2a", 2), ("SEV007", 7),
        ("Critical", 1), ("HIGH", 2), ("warn", 3), ("info", 4), ("sev", 1_000), ("", 1_000),
        ("SEV99999999999999999999", 1_000),  // too long for a number
        ("Sévère", 1_000), ("ÉLEVÉ2", 2), ("sev٣", 1_000),  // non-ASCII: Unicode digits are no number
    ])
    func rank(label: String, rank: Int) {
        #expect(SeverityOrder.rank(label) == rank)
    }
}
