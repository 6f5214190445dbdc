import Foundation
import Testing

@Suite("report --format openmetrics and html, checked by real consumers")
struct ReportFormatsTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/check-reports.sh").path

    @Test("The binary's OpenMetrics parses with prometheus-client and its HTML renders in headless Chromium")
    func consumers() throws {
        let ws = Workspace()
        let sample = ws.autoheal(["demo", "--print-events"]).out
        // The sample ledger holds autoheal's own records (landings), which `import` refuses.
        #expect(ws.autoheal(["import", "-"], stdin: sample).code == 65)
        #expect(throws: Never.self) { try recordOwnEvents(db: ws.db, sample) }
        let om = ws.autoheal(["report", "--format", "openmetrics", "--by", "service"])
        #expect(om.code == 0)
        #expect(om.out.hasSuffix("# EOF\n"))
        #expect(om.out.contains(#"autoheal_mttd_seconds{service="checkout",quantile="0.5"}"#))
        let html = ws.dir.path + "/report.html"
        #expect(ws.autoheal(["report", "--format", "html", "--out", html]).code == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg"))
        // Self-contained: the only URLs are the SVG namespace, which is an identifier, not a fetch.
        let urls = page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!urls.contains("http://") && !urls.contains("https://") && !urls.contains("src="))
        let check = Exec.run("/bin/sh", [Self.script, "--autoheal", Exec.binary, "--db", ws.db])
        #expect(check.code == 0, "\(check.out)\n\(check.err)")
    }
}
