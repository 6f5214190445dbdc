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
}
