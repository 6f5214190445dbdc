import AutohealCore
import AutohealReports
import Foundation
import Testing

/// Runs `scripts/check-reports.sh` on the renderers' output: the OpenMetrics text through
/// prometheus-client's parser, the HTML through headless Chromium. CI installs both (`make setup-test`).
@Suite(.serialized) struct ReportCheckScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = [Self.root.appendingPathComponent("scripts/check-reports.sh").path] + args
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: out)
        return (p.terminationStatus, text)
    }

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("autoheal-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.timeLimit(.minutes(3))) func realConsumersAcceptTheReports() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let om = try write(OpenMetricsRenderer.render(ReportSamples.report), "report.om", in: dir)
        let html = try write(HTMLReportRenderer.render(ReportSamples.html, generatedAt: ReportSamples.now), "report.html", in: dir)
        // AUTOHEAL_REPORTS_OUT=DIR keeps a copy of both files for a look at them.
        if let keep = ProcessInfo.processInfo.environment["AUTOHEAL_REPORTS_OUT"] {
            for f in [om, html] {
                let dest = URL(fileURLWithPath: keep).appendingPathComponent(URL(fileURLWithPath: f).lastPathComponent)
                try? FileManager.default.removeItem(at: dest)
                try FileManager.default.copyItem(atPath: f, toPath: dest.path)
            }
        }
        let result = try run(["--openmetrics", om, "--html", html])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("OpenMetrics families"))
        #expect(result.output.contains("SVG charts"))
    }

    @Test(.timeLimit(.minutes(3))) func theCheckFailsOnABlankPageAndBrokenMetrics() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blank = try write("<!DOCTYPE html><html><body></body></html>\n", "blank.html", in: dir)
        let result = try run(["--html", blank])
        #expect(result.status == 1)
        #expect(result.output.contains("looks blank"), "\(result.output)")
        let broken = try write("# TYPE x gauge\nx{a=\"1\" 2\n# EOF\n", "broken.om", in: dir)
        let bad = try run(["--openmetrics", broken])
        #expect(bad.status == 1)
        #expect(bad.output.contains("not valid OpenMetrics"), "\(bad.output)")
    }
}
