import AutohealCore
@testable import AutohealReports
import Testing

@Suite struct HTMLReportRendererTests {
    let html = HTMLReportRenderer.render(ReportSamples.html, generatedAt: ReportSamples.now, title: "Q&A <report>")

    @Test func isOneSelfContainedDocument() {
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Content-Security-Policy"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains(" src="))
        #expect(!html.contains(" href="))
        #expect(!html.contains("https://"))
    }

    @Test func escapesIncidentText() {
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("pay&quot;ments\\eu"))
        #expect(html.contains("<title>Q&amp;A &lt;report&gt;</title>"))
    }

    /// A service named with a right-to-left override rendered reversed ("\u{202E}evil" read "live").
    @Test func writesBidirectionalOverridesVisibly() {
        #expect(HTML.escape("\u{202E}evil") == "\\u{202E}evil")
        #expect(HTML.escape("a\u{2067}b\u{2069}") == "a\\u{2067}b\\u{2069}")
        #expect(HTML.escape("a\u{1B}[31mb\u{85}") == "a\u{FFFD}[31mb\u{FFFD}")
        #expect(HTML.escape("line\nnext\ttab") == "line\nnext\ttab")
    }

    @Test func hasTheChartsAndSections() {
        // Three clock charts, the Kaplan–Meier curve, open work by age and severity.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 5)
        for id in ["summary", "clocks", "prevention", "open-work", "tables", "rules", "fallbacks"] {
            #expect(html.contains("id=\"\(id)\""), "\(id)")
        }
        for quarter in ["2026-Q1", "2026-Q2", "2026-Q3"] { #expect(html.contains(">\(quarter)</text>")) }
        #expect(html.contains("alert.fired &gt; impact.started &gt; incident.declared"))
    }

    @Test func listsOpenWorkOverdueFirstThenMostSevere() throws {
        let work = ReportSamples.html.openWork
        // Both are months past their targets; SEV2 (the highest it had) before a warning.
        #expect(work.map(\.incident) == ["INC-2", "INC-4"])
        #expect(work.allSatisfy { $0.overdue })
        #expect(work[0].severity == "SEV2")
        #expect(work[0].status == "drafted")
        #expect(html.contains("<tr class=\"overdue\"><td>INC-2</td>"))
        // A fresh item is not overdue and sorts after the overdue ones.
        var b = HTMLReportBuilder(query: ReportSamples.query, now: ReportSamples.now)
        for i in ReportSamples.incidents { b.add(i) }
        b.add(Incident(id: "INC-9", events: [
            ReportSamples.e("INC-9", .alertFired, "2026-08-30T00:00:00Z", service: "search"),
            ReportSamples.e("INC-9", .incidentDeclared, "2026-08-30T00:05:00Z", severity: "SEV1"),
            ReportSamples.e("INC-9", .sliRecovered, "2026-08-30T01:00:00Z"),
        ]))
        let fresh = b.finish().openWork
        #expect(fresh.map(\.incident) == ["INC-2", "INC-4", "INC-9"])
        #expect(!fresh[2].overdue)
    }

    /// With more services than the charts draw, the legend showed 8 of 12 without a word.
    @Test func saysWhichServicesTheChartsDraw() {
        #expect(!html.contains("services with the most incidents"), "every service of the sample is drawn")
        var b = HTMLReportBuilder(query: ReportSamples.query, now: ReportSamples.now)
        for k in 0..<12 {
            b.add(Incident(id: "INC-\(k)", events: [
                ReportSamples.e("INC-\(k)", .alertFired, "2026-08-30T00:00:00Z", service: "svc-\(k)"),
                ReportSamples.e("INC-\(k)", .incidentDeclared, "2026-08-30T00:05:00Z", severity: "SEV2"),
                ReportSamples.e("INC-\(k)", .sliRecovered, "2026-08-30T01:00:00Z"),
            ]))
        }
        let many = HTMLReportRenderer.render(b.finish(), generatedAt: ReportSamples.now)
        #expect(many.contains("MTTD — time to detect — the 8 services with the most incidents of 12; the tables below have every one"))
    }

    @Test func byQuarterGroupsServiceAndQuarter() {
        let q = ReportSamples.html.byQuarter
        #expect(q.query.by == [.service, .quarter])
        #expect(q.groups.contains { $0.key[.service] == "checkout" && $0.key[.quarter] == "2026-Q2" })
    }

    @Test func emptyLedgerStillRenders() {
        let empty = HTMLReportBuilder(query: ReportSamples.query, now: ReportSamples.now).finish()
        let html = HTMLReportRenderer.render(empty, generatedAt: ReportSamples.now)
        #expect(html.contains("No incidents in this window."))
        #expect(html.contains("No open preventive work."))
        #expect(html.hasSuffix("</html>\n"))
    }
}
