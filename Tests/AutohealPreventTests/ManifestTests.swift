import Testing
@testable import AutohealPrevent

@Suite struct ManifestTests {
    @Test func parsesPurposeAcceptanceAndScaffoldBlocks() throws {
        let text = """
        # a comment
        purpose: "Quoted: purpose"
        acceptance:
          - first
          - 'it''s second'

        scaffold:
          - path: "tests/{{{incident.id_snake}}}.py"
            content: |
              def test():
                  pass

              # end
          - path: other.txt
            content: one line
        """
        let m = try TemplateManifest.parse(text, file: "m.yml")
        #expect(m.purpose == "Quoted: purpose")
        #expect(m.acceptance == ["first", "it's second"])
        #expect(m.scaffold.count == 2)
        #expect(m.scaffold[0].path == "tests/{{{incident.id_snake}}}.py")
        #expect(m.scaffold[0].content == "def test():\n    pass\n\n# end\n")
        #expect(m.scaffold[1] == .init(path: "other.txt", content: "one line"))
    }

    @Test(arguments: [
        ("purpose: x\nbogus: y\n", "m.yml:2: unknown key \"bogus\""),
        ("purpose: x\npurpose: y\n", "m.yml:2: \"purpose\" appears twice"),
        ("acceptance:\n  first\n", "m.yml:2: expected \"- item\""),
        ("scaffold:\n  - content: x\n", "m.yml:2: a scaffold entry needs a path"),
    ])
    func errorsNameTheLine(_ text: String, _ prefix: String) {
        do {
            _ = try TemplateManifest.parse(text, file: "m.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix(prefix), "\(error.message)")
            #expect(error.kind == .badInput)
        }
    }
}
