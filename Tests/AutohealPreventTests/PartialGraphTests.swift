import AutohealCore
@testable import AutohealPrevent
import Testing

/// Partials that include themselves made swift-mustache recurse until the stack overflowed (SIGSEGV in
/// `prevent`, after its branch and worktree were made, and in the MCP server).
@Suite struct PartialGraphTests {
    @Test(arguments: [
        ["rules": "{{> rules}}"],
        ["rules": "text\n{{#acceptance}}\n  {{>  rules }}\n{{/acceptance}}\n"],
        ["a": "{{> b}}", "b": "{{> c}}", "c": "{{#x}}{{> a}}{{/x}}"],
        ["a": "{{=<% %>=}}<%> a%>"],
        ["a": "{{<a}}{{/a}}"],
        ["a": "{{>*name}}"],
        ["a": "{{! a comment }}}{{> a}}"],
    ])
    func recursivePartialsAreRefusedAsBadInput(_ partials: [String: String]) {
        #expect(throws: PreventError.self) { try BriefRenderer(partials: partials) }
        do { _ = try BriefRenderer(partials: partials) } catch {
            #expect(error.kind == .badInput)
            #expect(error.message.contains("includes itself"), "\(error.message)")
        }
    }

    @Test func tooDeepOrTooWideNestingIsRefused() throws {
        var chain: [String: String] = [:]
        for n in 0..<20 { chain["p\(n)"] = n == 19 ? "end" : "{{> p\(n + 1)}}" }
        #expect(throws: PreventError.self) { try BriefRenderer(partials: chain) }
        var wide: [String: String] = [:]
        for n in 0..<8 { wide["w\(n)"] = n == 7 ? "x" : String(repeating: "{{> w\(n + 1)}}", count: 10) }
        #expect(throws: PreventError.self) { try BriefRenderer(partials: wide) }
        // Sixteen levels, a repeated (not recursive) partial, the built-in partials: fine.
        var ok: [String: String] = [:]
        for n in 0...16 { ok["p\(n)"] = n == 16 ? "end" : "{{> p\(n + 1)}}{{> p\(n + 1)}}" }
        ok["p15"] = "{{> p16}}"
        let r = try BriefRenderer(partials: ok)
        #expect(try r.render("{{> p14}}", view: [:], name: "t") == "endend")
        _ = try BriefRenderer(partials: TemplateCatalog.builtIn().partials)
    }

    /// The scan reads tags as swift-mustache does: a name in a comment, in text or behind changed
    /// delimiters (which end with their section) is told apart from a real inclusion.
    @Test func theScanFollowsDelimitersSectionsAndComments() {
        func names(_ t: String) -> [String]? { PartialGraph.references(in: t)?.map(\.name) }
        #expect(names("{{! {{> a}} }}{{> b}}") == ["b"])
        #expect(names("> a {{{x}}} {{&y}} {{> c}}") == ["c"])
        #expect(names("{{#s}}{{=<% %>=}}<%> a%>{{> no}}<%/s%>{{> b}}") == ["a", "b"])
        #expect(names("{{<parent}}{{$block}}{{> inner}}{{/block}}{{/parent}}") == ["parent", "inner"])
        #expect(PartialGraph.references(in: "{{>*dyn}}")?.first?.dynamic == true)
        #expect(names("{{% CONTENT_TYPE: TEXT}}{{> rules}}") == ["rules"])
    }
}
