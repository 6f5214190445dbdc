import AutohealReports
import Testing

@Suite struct ReportCSVTests {
    /// A service name a spreadsheet would run as a formula is written as text (OWASP's leading `'`);
    /// other names, and quoting of commas and quotes, are unchanged.
    @Test func namesThatLookLikeFormulasAreWrittenAsText() {
        #expect(ReportCSV.escape(ReportCSV.text("=HYPERLINK(\"http://x\",\"y\")")) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        for lead in ["+", "-", "@", "\t"] { #expect(ReportCSV.text(lead + "cmd") == "'" + lead + "cmd") }
        #expect(ReportCSV.text("checkout") == "checkout")
        #expect(ReportCSV.text(nil) == "")
        let csv = ReportCSV.render(ReportSamples.report)
        #expect(csv.contains("\r\ncheckout,"))
        #expect(csv.contains("\r\n\"pay\"\"ments\\eu\","), "a quote in a name is doubled inside a quoted cell")
    }

    /// The last column tells group rows from the total row, which a service named `total` would
    /// otherwise look like.
    @Test func theRowColumnTellsTheTotalFromAServiceNamedTotal() {
        var report = ReportSamples.report
        report.groups[0].key[.service] = "total"
        let rows = ReportCSV.render(report).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows[0].last == "row")
        #expect(rows.allSatisfy { $0.count == ReportCSV.columns.count })
        #expect(rows[1].first == "total" && rows[1].last == "group")
        #expect(rows.dropFirst().map { $0.last! } == Array(repeating: "group", count: report.groups.count) + ["total"])
        #expect(rows.last?.first == "total")
    }

    /// Table, JSON, HTML and OpenMetrics count incidents left out for a stop before its start; the CSV
    /// had no column for it, so such an incident vanished from MTTP with nothing saying why.
    @Test func anomaliesHaveAColumn() {
        var report = ReportSamples.report
        report.groups[0].anomalies = 2
        report.total.anomalies = 3
        let rows = ReportCSV.render(report).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = rows[0].firstIndex(of: "anomalies")!
        #expect(rows[1][column] == "2" && rows.last![column] == "3")
    }
}
