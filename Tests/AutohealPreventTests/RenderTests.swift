import AutohealCore
import Foundation
import Testing
@testable import AutohealPrevent

@Suite struct RenderTests {
    static var goldenDir: String { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path }

    /// Every built-in brief against its golden file. Set AUTOHEAL_UPDATE_GOLDEN=1 to rewrite them.
    @Test(arguments: TemplateCatalog.builtInNames)
    func briefMatchesGolden(_ name: String) throws {
        let text = try Fixture.render(name)
        let path = Self.goldenDir + "/\(name).md"
        if ProcessInfo.processInfo.environment["AUTOHEAL_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.goldenDir, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == golden)
    }

    @Test func incidentTextIsNotHTMLEscapedAndUnknownKeysRenderEmpty() throws {
        let r = try BriefRenderer(partials: [:])
        let view: JSONValue = ["x": "<a href=\"$(id)\">&`;</a>"]
        #expect(try r.render("{{x}}|{{{x}}}|{{missing}}|", view: view, name: "t") == "<a href=\"$(id)\">&`;</a>|<a href=\"$(id)\">&`;</a>||")
        let brief = try Fixture.render()
        #expect(brief.contains("Checkout 5xx <& \"quotes\">"))
        #expect(!brief.contains("&lt;") && !brief.contains("&amp;") && !brief.contains("&quot;"))
    }

    @Test func taskDocumentCarriesTheContract() throws {
        let doc = try Fixture.document()
        let json = doc.json
        #expect(json["incident"]?["id"] == "INC-7")
        #expect(json["timeline"]?.arrayValue?.count == 6)
        #expect(json["clocks"]?["detection"]?["seconds"] == 1020)
        #expect(json["root_cause"]?["summary"] == "connection pool exhausted under retry storm")
        #expect(json["code_paths"]?.arrayValue?.first?["excerpts"]?.arrayValue?.first?["start"] == 1)
        #expect(json["owners"]?.arrayValue?.first?["owner"] == "@payments")
        #expect(json["related_incidents"] == ["INC-3"])
        #expect(json["template"]?["acceptance"]?.arrayValue?.isEmpty == false)
        #expect(json["git"]?["branch"] == "autoheal/INC-7-connection-pool-exhausted-under-retry")
    }

    @Test func scaffoldPathsRenderPerLanguageAndStayInside() throws {
        let dir = NSTemporaryDirectory() + "autoheal-scaffold-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let doc = try Fixture.document()
        let r = try BriefRenderer(partials: [:])
        let written = try Preventer.scaffold(doc.template, view: doc.view, renderer: r, worktree: dir)
        #expect(written == ["tests/test_autoheal_inc_7.py"])
        let text = try String(contentsOfFile: dir + "/tests/test_autoheal_inc_7.py", encoding: .utf8)
        #expect(text.contains("def test_inc_7_does_not_recur():"))
        // Not overwritten on a second run.
        #expect(try Preventer.scaffold(doc.template, view: doc.view, renderer: r, worktree: dir).isEmpty)
        var evil = doc.template
        evil.manifest.scaffold = [.init(path: "../escape.txt", content: "x")]
        #expect(throws: PreventError.self) { try Preventer.scaffold(evil, view: doc.view, renderer: r, worktree: dir) }
    }
}

@Suite struct ChooserTests {
    @Test(arguments: [
        ("bad config pushed: pool size set to 0", "config-validation"),
        ("upgraded the http library to 3.0", "dependency-pin"),
        ("negative quantity overflowed the counter", "guard"),
        ("connection pool exhausted under retry storm", "regression-test"),
    ])
    func picksFromTheRootCause(_ summary: String, _ expected: String) {
        let choice = TemplateChooser.choose(Fixture.analysis(Fixture.incident(summary: summary, title: "t")))
        #expect(choice.name == expected)
        #expect(!choice.reason.isEmpty)
    }

    /// Slow detection read from a fallback picks alert-rule, and the reason says which end fell back:
    /// no alert at the start, or (an alert did fire first) no acknowledged page at the stop — which the
    /// reason once also blamed on a missing alert.
    @Test(arguments: [
        ("impact.started", "no alert caught it first", "its detection stop fell back"),
        ("alert.fired", "its detection stop fell back to incident.declared", "no alert caught it first"),
    ])
    func slowDetectionPicksAlertRule(first: String, says: String, doesNotSay: String) {
        let inc = Incident(id: "INC-9", events: [
            Fixture.event(EventType(first), "2026-11-10T00:00:00Z", service: "api"),
            Fixture.event(.incidentDeclared, "2026-11-10T02:00:00Z", severity: "SEV2"),
            Fixture.event(.sliRecovered, "2026-11-10T03:00:00Z"),
        ])
        let choice = TemplateChooser.choose(Fixture.analysis(inc))
        #expect(choice.name == "alert-rule")
        #expect(choice.reason.contains("fallback") || choice.reason.contains("detection took"))
        #expect(choice.reason.contains(says), "\(choice.reason)")
        #expect(!choice.reason.contains(doesNotSay), "\(choice.reason)")
    }

    @Test func onlyAvailableTemplatesArePicked() {
        let choice = TemplateChooser.choose(Fixture.analysis(Fixture.incident(summary: "bad config", title: "t")), available: ["regression-test"])
        #expect(choice.name == "regression-test")
    }
}
