import Foundation
import Testing

/// Repository templates that would crash or flood `prevent` and the MCP server are refused (exit 65)
/// before anything is created.
@Suite struct TemplateLimitsTests {
    /// Writes a repository template `name` (manifest and brief) and, if given, partials.
    func template(_ r: PreventRepo, _ name: String, brief: String, manifest: String = "purpose: p\n", partials: [String: String] = [:]) {
        r.dir.write("repo/.autoheal/templates/\(name)/manifest.yml", manifest)
        r.dir.write("repo/.autoheal/templates/\(name)/brief.mustache", brief)
        for (p, text) in partials { r.dir.write("repo/.autoheal/templates/_partials/\(p).mustache", text) }
    }

    func expectNothingCreated(_ r: PreventRepo) {
        #expect(r.branches() == ["main"])
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/autoheal/worktrees"))
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/autoheal/runs"))
    }

    /// 3,000 nested `{{#incident}}` sections overflowed the stack: `prevent` exited 139 and
    /// `get_prevention_brief` killed the MCP server.
    @Test func deeplyNestedSectionsAreBadInputAndTheMCPServerStaysUp() throws {
        let r = PreventRepo()
        let n = 3000
        template(r, "deep", brief: "intro\n" + String(repeating: "{{#incident}}", count: n) + "x" + String(repeating: "{{/incident}}", count: n) + "\n")
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "deep"])
        #expect(run.code == 65, "\(run.err)")
        #expect(run.err == "autoheal: template deep: line 2: sections nest more than 32 deep (at most 32)\n", "\(run.err)")
        expectNothingCreated(r)
        let replies = try MCPTests().session(r, [
            MCPTests.call(1, "get_prevention_brief", ["incident": "INC-7", "template": "deep"]),
            ["jsonrpc": "2.0", "id": 2, "method": "ping"],
        ])
        #expect(MCPTests.isError(replies[1]))
        #expect(MCPTests.text(replies[1]).contains("sections nest more than 32 deep"), "\(replies)")
        #expect(replies[2]?["result"] != nil, "the server answered after the deep template")

        // Sections in a partial count where it is included: 20 inside 20 is 40 deep.
        let twenty = (String(repeating: "{{#incident}}", count: 20), String(repeating: "{{/incident}}", count: 20))
        template(r, "deep", brief: "\(twenty.0){{> inner}}\(twenty.1)\n", partials: ["inner": "\(twenty.0)y\(twenty.1)\n"])
        let through = r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "deep"])
        #expect(through.code == 65, "\(through.err)")
        #expect(through.err.contains("template deep: line 1: sections nest 40 deep, counting the partials they include (at most 32)"), "\(through.err)")
        expectNothingCreated(r)
    }

    /// Sections nested 7 deep over a 40-item list rendered 40⁷ times, without end, memory growing; a
    /// few nested over it with text inside wrote hundreds of megabytes.
    @Test func templatesThatRenderWithoutEndOrTooMuchAreBadInput() throws {
        let r = PreventRepo()
        let manifest = "purpose: p\nacceptance:\n" + (1...40).map { "  - \"item \($0)\"\n" }.joined()
        let seven = (String(repeating: "{{#acceptance}}", count: 7), String(repeating: "{{/acceptance}}", count: 7))
        template(r, "bomb", brief: "# Brief\n\(seven.0)x\(seven.1)\n", manifest: manifest)
        let start = Date()
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "bomb"])
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(run.code == 65, "\(run.err)")
        #expect(run.err == "autoheal: template bomb: line 2: takes more than 2000000 steps to render over this incident (sections repeating over lists inside one another?)\n", "\(run.err)")
        expectNothingCreated(r)

        // 40⁴ repeats of a 100-byte line: 256 MB.
        let four = (String(repeating: "{{#acceptance}}", count: 4), String(repeating: "{{/acceptance}}", count: 4))
        template(r, "bomb", brief: "# Brief\n\n\(four.0)\(String(repeating: "y", count: 99))\n\(four.1)\n", manifest: manifest)
        let big = r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "bomb"])
        #expect(big.code == 65, "\(big.err)")
        #expect(big.err.contains("template bomb: line 3: renders more than 8 MiB over this incident"), "\(big.err)")
        expectNothingCreated(r)

        // The same lists nested twice render as before.
        template(r, "bomb", brief: "# Brief\n{{#acceptance}}{{#acceptance}}{{.}};{{/acceptance}}\n{{/acceptance}}", manifest: manifest)
        let fine = r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "bomb", "--json"])
        #expect(fine.code == 0, "\(fine.err)")
        let brief = try String(contentsOfFile: try #require(fine.object["brief"] as? String), encoding: .utf8)
        #expect(brief.components(separatedBy: "item 40;").count == 41)
    }
}
