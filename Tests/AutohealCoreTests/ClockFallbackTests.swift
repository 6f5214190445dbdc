import AutohealCore
import Testing

@Suite("Clock fallback chains")
struct ClockFallbackTests {
    @Test("The textbook incident uses no fallback")
    func textbook() {
        let s = Scenario("INC-1")
        s.at(0, .alertFired).at(0, .pageSent).at(10, .pageAcknowledged).at(12, .incidentDeclared, severity: "SEV2")
            .at(30, .mitigationApplied).at(35, .sliRecovered)
        let a = s.analysis()
        #expect(a.detection.seconds == 600)
        #expect(a.recovery.seconds == 1500)
        #expect(!a.detection.fallback && !a.recovery.fallback)
        #expect(a.hiddenInvestigationSeconds == 120)
    }

    @Test("The earliest event of the winning type is the stamp, whatever order events arrive in")
    func earliestOfWinningType() {
        let s = Scenario("INC-2")
        s.at(14, .alertFired).at(0, .alertFired).at(17, .pageAcknowledged).at(60, .sliRecovered)
        let a = s.analysis()
        #expect(a.detection.start?.at == s.base)
        #expect(a.detection.seconds == Int64(17 * 60))
    }

    @Test("Detection start falls back to impact.started, then incident.declared")
    func detectionStartFallbacks() {
        let noAlert = Scenario("INC-3")
        noAlert.at(0, .impactStarted).at(9, .pageAcknowledged).at(30, .sliRecovered)
        #expect(noAlert.analysis().detection.start?.type == .impactStarted)
        #expect(noAlert.analysis().detection.start?.fallback == true)
        #expect(noAlert.analysis().detection.seconds == 540)
        #expect(noAlert.analysis().detection.fallback)

        let onlyDeclared = Scenario("INC-4")
        onlyDeclared.at(5, .incidentDeclared, severity: "SEV3").at(20, .investigationStarted).at(50, .mitigationApplied)
        let a = onlyDeclared.analysis()
        #expect(a.detection.start?.type == .incidentDeclared)
        #expect(a.detection.seconds == Int64(15 * 60))
    }

    @Test("Detection stop takes the first of investigation.started / page.acknowledged, else incident.declared")
    func detectionStop() {
        let s = Scenario("INC-5")
        s.at(0, .alertFired).at(12, .pageAcknowledged).at(7, .investigationStarted).at(40, .sliRecovered)
        #expect(s.analysis().detection.stop?.type == .investigationStarted)
        #expect(s.analysis().detection.stop?.fallback == false)
        #expect(s.analysis().detection.seconds == 420)

        let declaredOnly = Scenario("INC-6")
        declaredOnly.at(0, .alertFired).at(25, .incidentDeclared, severity: "SEV2").at(40, .sliRecovered)
        let a = declaredOnly.analysis()
        #expect(a.detection.stop?.type == .incidentDeclared)
        #expect(a.detection.stop?.fallback == true)
        #expect(a.detection.fallback)
        #expect(a.detection.seconds == 1500)
        #expect(a.hiddenInvestigationSeconds == 0)
    }

    @Test("Recovery stop falls back to mitigation.applied, then incident.resolved", arguments: [
        (EventType.mitigationApplied, 50.0, false),
        (EventType.incidentResolved, 90.0, true),
    ])
    func recoveryFallbacks(stopType: EventType, minutes: Double, resolvedOnly: Bool) {
        let s = Scenario("INC-7")
        s.at(0, .alertFired).at(10, .pageAcknowledged)
        if !resolvedOnly { s.at(50, .mitigationApplied) }
        s.at(90, .incidentResolved)
        let a = s.analysis()
        #expect(a.recovery.stop?.type == stopType)
        #expect(a.recovery.stop?.fallback == true)
        #expect(a.recovery.fallback)
        #expect(a.recovery.seconds == Int64((minutes - 10) * 60))
    }

    @Test("A stop before its start is never a negative number: it is left out and flagged")
    func stopBeforeStart() {
        let s = Scenario("INC-8")
        s.at(30, .alertFired).at(10, .pageAcknowledged).at(40, .sliRecovered)
        let a = s.analysis()
        #expect(a.detection.seconds == nil)
        #expect(a.detection.anomaly == "stop_before_start")
        let reading = a.readings.first { $0.seconds == nil }
        #expect(reading?.json["anomaly"]?.stringValue == "stop_before_start", "clocks --json says why seconds is null")
        #expect(a.readings.first { $0.seconds != nil }?.json["anomaly"] == nil)
        let report = Report(incidents: [s.built], query: ReportQuery(), now: s.base.adding(seconds: 86_400))
        #expect(report.total.mttd.n == 0)
        #expect(report.total.anomalies == 1)
    }

    /// A fix that landed before the recovery stop (a fast-forward keeps the fix's committer time) gave
    /// `show` a null MTTP but `report` a perfect 0, counted within target.
    @Test("A landing before the recovery stop is an anomaly in show and report, not an MTTP of 0")
    func landingBeforeRecoveryStop() {
        let s = Scenario("INC-8")
        s.at(0, .alertFired).at(10, .pageAcknowledged).at(120, .sliRecovered)
        s.at(60, .preventionLanded, attrs: ["commit": "0123456789abcdef0123456789abcdef01234567"])
        s.events.sort { $0.at < $1.at }
        let a = s.analysis()
        #expect(a.prevention.seconds == nil)
        #expect(a.prevention.anomaly == "stop_before_start")
        #expect(a.preventionElapsedSeconds == nil, "no made-up 0")
        let report = Report(incidents: [s.built], query: ReportQuery(), now: s.base.adding(seconds: 86_400))
        #expect(report.total.mttp.landed == 0 && report.total.mttp.n == 0)
        #expect(report.total.mttp.withinTarget == nil)
        #expect(report.total.anomalies == 1)
        #expect(report.total.mttd.n == 1, "detection and recovery still count")
        // It dropped out of the MTTP block altogether (landed, open, waived and n all 0): counted there now.
        #expect(report.total.mttp.anomalies == 1)
        #expect(report.total.mttp.json["anomalies"]?.intValue == 1)
    }

    /// With `--until` before the incident began, a fix that had landed earlier (one of autoheal's own
    /// records), or a waiver stamped earlier (clock skew, future-dated events), made the incident count
    /// as an undeclared one with no service (waived, for the waiver).
    @Test("A report until before an incident began leaves it out, whatever was recorded earlier",
          arguments: [EventType.preventionLanded, .preventionWaived])
    func untilBeforeTheIncidentBegan(_ earlier: EventType) {
        let s = Scenario("INC-8")
        s.at(-3 * 1440, earlier, attrs: earlier == .preventionLanded
             ? ["commit": "0123456789abcdef0123456789abcdef01234567"] : ["reason": "third-party"])
        s.at(0, .alertFired).at(10, .pageAcknowledged).at(120, .sliRecovered)
        let before = Report(incidents: [s.built], query: ReportQuery(until: s.base.adding(seconds: -86_400)), now: s.base.adding(seconds: 86_400))
        #expect(before.total.incidents == 0 && before.total.mttp.waived == 0)
        let after = Report(incidents: [s.built], query: ReportQuery(until: s.base.adding(seconds: 86_400)), now: s.base.adding(seconds: 86_400))
        #expect(after.total.incidents == 1)
        #expect(after.total.mttp.waived == (earlier == .preventionWaived ? 1 : 0))
        #expect(s.analysis().startedAt == s.base, "its start is the alert, not the earlier record")
    }

    @Test("Custom rules: recovery measured from declaration")
    func customRules() {
        var rules = ClockRules.default
        rules.recoveryStart = .chain(Chain(types: [.incidentDeclared]))
        let s = Scenario("INC-9")
        s.at(0, .alertFired).at(17, .pageAcknowledged).at(47, .incidentDeclared, severity: "SEV2").at(68, .sliRecovered)
        #expect(s.analysis(rules: rules).recovery.seconds == Int64(21 * 60))
        #expect(s.analysis().recovery.seconds == Int64(51 * 60))
    }

    @Test("Readings list every interpretation and mark the rule's")
    func readings() {
        let s = Scenario("INC-10")
        s.at(0, .alertFired, attrs: ["watched": false]).at(14, .alertFired).at(14, .pageSent).at(17, .pageAcknowledged)
            .at(47, .incidentDeclared, severity: "SEV2").at(62, .mitigationApplied).at(68, .sliRecovered).at(450, .incidentResolved)
        let r = s.analysis().readings
        func find(_ clock: String, _ start: String, _ stop: String) -> ClockReading? {
            r.first { $0.clock == clock && $0.start == start && $0.stop == stop }
        }
        #expect(find("detection", "alert.fired", "page.acknowledged")?.seconds == 1020)
        #expect(find("detection", "alert.fired", "page.acknowledged")?.rule == true)
        #expect(find("detection", "page.sent", "page.acknowledged")?.seconds == 180)
        #expect(find("detection", "alert.fired(watched)", "page.acknowledged")?.seconds == 180)
        #expect(find("recovery", "page.acknowledged", "sli.recovered")?.rule == true)
        #expect(find("recovery", "incident.declared", "sli.recovered")?.seconds == 1260)
        #expect(find("recovery", "incident.declared", "mitigation.applied")?.seconds == 900)
        #expect(r.filter(\.rule).count == 2)

        // Recovery configured from the declaration (the friendly reading): the reading from the
        // detection stop is still listed beside it, not dropped.
        var friendly = ClockRules.default
        friendly.recoveryStart = .chain(Chain(types: [.incidentDeclared]))
        let f = s.analysis(rules: friendly).readings
        #expect(f.first { $0.clock == "recovery" && $0.start == "page.acknowledged" && $0.stop == "sli.recovered" }?.seconds == Int64(51 * 60))
        #expect(f.first { $0.clock == "recovery" && $0.start == "incident.declared" && $0.stop == "sli.recovered" }?.rule == true)
    }

    /// `show` and `report` use the rules' reading of an incident known only by its declaration
    /// (declared to declared, 0 s); `clocks` left it out, as a start of the stop's own type.
    @Test("The rules' own reading is listed even when it starts and stops at the same type")
    func declaredOnly() {
        let s = Scenario("INC-11")
        s.at(0, .incidentDeclared, severity: "SEV1")
        let a = s.analysis()
        #expect(a.detection.seconds == 0)
        let rule = a.readings.filter(\.rule)
        #expect(rule.map(\.clock) == ["detection"])
        #expect(rule.first?.start == "incident.declared" && rule.first?.stop == "incident.declared" && rule.first?.seconds == 0)
    }
}
