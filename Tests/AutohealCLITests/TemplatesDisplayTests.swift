import Foundation
import Testing

/// `autoheal templates NAME` shows a repository's template text visibly.
@Suite struct TemplatesDisplayTests {
    /// A repository brief holding `ESC[31m` and a bidirectional override reached the terminal raw.
    @Test func aTemplatesBriefIsShownWithItsControlsVisible() throws {
        let r = PreventRepo()
        r.dir.write("repo/.autoheal/templates/evil/manifest.yml", "purpose: p\nacceptance:\n  - \"ok\"\n")
        r.dir.write("repo/.autoheal/templates/evil/brief.mustache", "Brief \u{1B}[31m red\u{202E}x {{incident.id}}\n\tindented\r\nnext\u{7}\n")
        let run = r.autoheal(["templates", "evil"])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.out.hasSuffix("--- brief.mustache ---\nBrief \\u{1B}[31m red\\u{202E}x {{incident.id}}\n\tindented\\u{D}\nnext\\u{7}\n"), "\(run.out)")
        #expect(!run.out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x07 || $0.value == 0x0D })
        // JSON keeps the text exactly.
        #expect(r.autoheal(["templates", "evil", "--json"]).object["brief"] as? String == "Brief \u{1B}[31m red\u{202E}x {{incident.id}}\n\tindented\r\nnext\u{7}\n")
    }
}
