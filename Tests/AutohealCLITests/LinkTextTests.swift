import AutohealLink
import AutohealLinkRun
import Testing

/// The text form of a link result, as `link` prints it without `--json`.
@Suite("Link results as text")
struct LinkTextTests {
    @Test("Counts of one read in the singular: the introducing commit's lines and the owners' lines")
    func counts() {
        let result = LinkResult(
            incident: "INC-1", method: "fix",
            introducing: [.init(commit: String(repeating: "a", count: 40), summary: "add retries", author: "Ada <a@x>",
                                authoredAt: "2026-01-01T00:00:00Z", lines: 1)],
            paths: [.init(path: "src/pool.go", lines: [3...3, 7...9], functions: ["Get"])],
            owners: [.init(owner: "Ada <a@x>", source: .blame, lines: 1), .init(owner: "Bob <b@x>", source: .blame, lines: 2),
                     .init(owner: "@team", source: .codeowners)])
        #expect(LinkText.render(result) == """
            INC-1 linked by fix
            introducing:
              aaaaaaaaaaaa  2026-01-01T00:00:00Z  1 line  add retries  (Ada <a@x>)
            paths:
              src/pool.go:3,7-9  in Get
            owners:
              Ada <a@x>  (blame, 1 line)
              Bob <b@x>  (blame, 2 lines)
              @team  (CODEOWNERS)

            """)
    }

    /// Commit subjects and author names reached the terminal raw: any contributor could clear or recolour
    /// it, or reorder the line with a bidirectional override. They are written as `show` writes them.
    @Test("Commit subjects, authors and paths with hidden characters are written visibly")
    func hiddenCharacters() {
        let result = LinkResult(
            incident: "INC-1", method: "fix",
            introducing: [.init(commit: String(repeating: "a", count: 40), summary: "bug \u{1B}[2J\u{202E}evil", author: "Mallory\u{1B}[31m",
                                authoredAt: "2026-01-01T00:00:00Z", lines: 2)],
            paths: [.init(path: "src/a\nb.go", lines: [3...3], functions: [])])
        let text = LinkText.render(result)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}"))
        #expect(text.contains(#"bug \u{1B}[2J\u{202E}evil  (Mallory\u{1B}[31m)"#), "\(text)")
        #expect(text.contains(#"src/a\u{A}b.go:3"#), "\(text)")
    }
}
