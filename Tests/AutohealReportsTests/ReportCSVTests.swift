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
}
