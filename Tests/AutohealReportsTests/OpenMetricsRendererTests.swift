import AutohealCore
import AutohealReports
import Testing

@Suite struct OpenMetricsRendererTests {
    let text = OpenMetricsRenderer.render(ReportSamples.report)

    @Test func endsWithEOF() {
        #expect(text.hasSuffix("\n# EOF\n"))
        #expect(text.components(separatedBy: "# EOF").count == 2)
    }

    @Test func perServiceQuantilesInSeconds() {
        // Checkout: MTTD 10m and 17m → median 13.5m = 810 s; MTTR 25m and 51m.
        #expect(text.contains("autoheal_mttd_seconds{service=\"checkout\",quantile=\"0.5\"} 810\n"))
        #expect(text.contains("autoheal_mttd_seconds_count{service=\"checkout\"} 2\n"))
        #expect(text.contains("autoheal_mttd_seconds_sum{service=\"checkout\"} 1620\n"))
        #expect(text.contains("autoheal_mttr_seconds{service=\"checkout\",quantile=\"0.9\"} "))
        #expect(text.contains("# TYPE autoheal_mttd_seconds summary\n# UNIT autoheal_mttd_seconds seconds\n"))
        // Search landed after 5 days: the Kaplan–Meier median.
        #expect(text.contains("autoheal_mttp_seconds{service=\"search\",quantile=\"0.5\"} 432000\n"))
        // The total has no group labels.
        #expect(text.contains("autoheal_incidents 5\n"))
    }

    /// Incidents without a severity and a severity named `none` are two groups; both were labelled
    /// `none`, which would repeat a series. The group without a value has the label empty — and, as
    /// Prometheus reads an empty label as none at all, an `unset` label, so it is not the total's series
    /// (`{severity=""}` beside the unlabelled total was one series with two samples).
    @Test func aGroupWithoutAValueHasAnEmptyLabel() {
        let incidents = [
            Incident(id: "A", events: [ReportSamples.e("A", .alertFired, "2026-08-01T00:00:00Z", service: "s")]),
            Incident(id: "B", events: [ReportSamples.e("B", .incidentDeclared, "2026-08-01T00:00:00Z", service: "s", severity: "none")]),
        ]
        let text = OpenMetricsRenderer.render(Report(incidents: incidents, query: ReportQuery(by: [.severity]), now: ReportSamples.now))
        #expect(text.contains("autoheal_incidents{severity=\"none\"} 1\n"))
        #expect(text.contains("autoheal_incidents{severity=\"\",unset=\"severity\"} 1\n"))
        #expect(text.contains("autoheal_incidents 2\n"), "the total, apart")
        let byTwo = OpenMetricsRenderer.render(Report(incidents: incidents, query: ReportQuery(by: [.service, .severity]), now: ReportSamples.now))
        #expect(byTwo.contains("autoheal_incidents{service=\"s\",severity=\"\",unset=\"severity\"} 1\n"), "\(byTwo)")
    }

    @Test func countsOpenWorkAndFallbacks() {
        #expect(text.contains("autoheal_prevention_open{service=\"checkout\"} 1\n"))
        #expect(text.contains("autoheal_prevention_waived 1\n"))
        #expect(text.contains("autoheal_incidents_undeclared 1\n"))
        #expect(text.contains("autoheal_incidents_reclassified{service=\"checkout\"} 1\n"))
        #expect(text.contains("autoheal_clock_fallbacks{clock=\"detection\"} 1\n"))
        #expect(text.contains("autoheal_clock_fallbacks{clock=\"recovery\"} 1\n"))
        #expect(text.contains("autoheal_clock_rule{clock=\"detection\",start=\"alert.fired > impact.started > incident.declared\""))
    }

    @Test func escapesLabelValues() {
        #expect(text.contains("autoheal_incidents{service=\"pay\\\"ments\\\\eu\"} 1\n"))
        #expect(text.contains("autoheal_incidents{service=\"<script>alert(\\\"x\\\")</script>\"} 1\n"))
    }

    @Test func everyFamilyIsDeclaredOnceAndContiguous() {
        var seen: [String] = []
        for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            seen.append(String(line.split(separator: " ")[2]))
        }
        #expect(Set(seen).count == seen.count)
        // Every sample belongs to the family declared last.
        var current = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { current = String(line.split(separator: " ")[2]); continue }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(name == current || name == current + "_sum" || name == current + "_count", "\(line)")
        }
    }

    @Test func groupedBySeverityAndQuarter() {
        var q = ReportSamples.query
        q.by = [.severity, .quarter]
        let text = OpenMetricsRenderer.render(Report(incidents: ReportSamples.incidents, query: q, now: ReportSamples.now))
        #expect(text.contains("autoheal_incidents{severity=\"SEV1\",period=\"2026-Q3\"} 1\n"))
    }
}
