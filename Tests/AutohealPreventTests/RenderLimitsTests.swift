import AutohealCore
import Foundation
import Testing
@testable import AutohealPrevent

/// ``RenderLimits`` and ``RenderCost``: what a template may cost is reckoned over the very view it
/// renders, so large incidents still render and only runaway templates are refused.
@Suite struct RenderLimitsTests {
    /// A long timeline with one huge note renders (the cost follows each item, not the largest one
    /// times the count), and the built-in templates render over a large incident.
    @Test func largeIncidentsStillRender() throws {
        let events: [JSONValue] = (0..<2000).map { i in
            ["at": .string("2026-11-10T02:00:00Z"), "type": "alert.fired", "note": .string(i == 7 ? String(repeating: "n", count: 2_000_000) : "short")]
        }
        let r = try BriefRenderer(partials: [:])
        let text = try r.render("{{#timeline}}- {{{at}}} {{{type}}}{{#note}}: {{{note}}}{{/note}}\n{{/timeline}}", view: ["timeline": .array(events), "note": .string(String(repeating: "m", count: 3_000_000))], name: "t")
        #expect(text.utf8.count > 2_000_000 && text.utf8.count < RenderLimits.maxOutputBytes)

        let catalog = try TemplateCatalog.builtIn()
        for name in TemplateCatalog.builtInNames {
            let doc = try Fixture.document(template: name)
            guard case .object(var view) = doc.view, let first = view["timeline"]?.arrayValue?.first else { Issue.record("no timeline"); return }
            view["timeline"] = .array(Array(repeating: first, count: 20_000))
            let brief = try BriefRenderer(partials: catalog.partials).render(doc.template.brief, view: .object(view), name: name)
            #expect(brief.utf8.count > 20_000 * 10)
        }
    }

    /// The outline is read without recursion and stops at the depth limit; partial references are the
    /// same as before (``PartialGraph``).
    @Test func outlineStopsAtTheDepthLimitAndNamesTheLine() throws {
        let deep = "a\nb\n" + String(repeating: "{{#x}}", count: 100_000) + String(repeating: "{{/x}}", count: 100_000)
        #expect(throws: MustacheOutline.TooDeep.self) { try MustacheOutline.parse(deep, maxDepth: 32) }
        do { _ = try MustacheOutline.parse(deep, maxDepth: 32) } catch { #expect(error.line == 3) }
        let ok = String(repeating: "{{#x}}", count: 32) + String(repeating: "{{/x}}", count: 32)
        #expect(try MustacheOutline.parse(ok, maxDepth: 32) != nil)
        #expect(PartialGraph.references(in: "{{#a}}{{> one}}{{/a}}{{=<% %>=}}<%> two%>")?.map(\.name) == ["one", "two"])
        // Every built-in template and partial reads.
        let catalog = try TemplateCatalog.builtIn()
        for text in Array(catalog.partials.values) + TemplateCatalog.builtInNames.map({ try! catalog.template($0).brief }) {
            #expect(throws: Never.self) { _ = try RenderLimits.outline(BriefRenderer.plain(text), what: "t") }
        }
    }
}
