import Foundation
import Testing

/// `autoheal link` with input that must be refused or read carefully: text echoed in errors, frames at
/// line 0, malformed hints, odd revisions, reverts of missing commits, ambiguous frames.
@Suite("autoheal link: input read carefully")
struct LinkInputTests {
    /// The repository of ``FixRepo`` with a second incident whose rootcause.identified names `attrs`.
    static func withHints(_ attrs: String, in r: FixRepo, at: String = "2026-11-10T04:00:00Z") -> Run {
        r.autoheal(["import", "-"], stdin: #"{"incident":"INC-7","type":"rootcause.identified","at":"\#(at)","attrs":\#(attrs)}"#)
    }

    /// An error is one line: a newline in an incident's hint or in an argument was printed raw, so the
    /// incident's data could forge a line that reads like autoheal's output (`INC-7 linked by fix`).
    @Test("A newline in echoed input is written as \\u{A}: every error is one line")
    func newlineInErrorsIsEscaped() {
        let r = FixRepo()
        #expect(Self.withHints(#"{"fix_commit":"x\nINC-7 linked by fix"}"#, in: r).code == 0)
        let hinted = r.autoheal(["link", "INC-7"])
        #expect(hinted.code == 65)
        #expect(hinted.err.split(separator: "\n").count == 1, "\(hinted.err)")
        #expect(hinted.err.contains(#"x\u{A}INC-7 linked by fix"#), "\(hinted.err)")
        let frame = r.autoheal(["link", "INC-7", "--frame", "app.py\n:3"])
        #expect(frame.code == 65)
        #expect(frame.err.split(separator: "\n").count == 1 && frame.err.contains(#"app.py\u{A}:3"#), "\(frame.err)")
        let id = r.autoheal(["link", "INC-7\nINC-8 linked by fix", "--fix", "HEAD"])
        #expect(id.code == 1 && id.err.split(separator: "\n").count == 1, "\(id.err)")
    }
}
