import Foundation
import Testing

@Suite("Shell completions and the man page come from the commands")
struct DocsTests {
    @Test("Completion scripts for bash, zsh and fish name every command", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) {
        let r = Exec.run(Exec.binary, ["--generate-completion-script", shell])
        #expect(r.code == 0)
        for command in ["import", "report", "clocks", "sync", "review", "hooks", "link"] {
            #expect(r.out.contains(command), "\(shell) completion lacks \(command)")
        }
    }

    @Test("The man page lists every visible command and renders with groff")
    func manPage() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/gen-manpage.py").path
        let page = Exec.run("/usr/bin/env", ["python3", script, Exec.binary])
        #expect(page.code == 0, "\(page.err)")
        #expect(page.out.hasPrefix(".TH AUTOHEAL 1"))
        for command in ["autoheal import", "autoheal report", "autoheal hooks install", "autoheal sync", "autoheal review"] {
            #expect(page.out.contains(".SS \(command)"), "man page lacks \(command)")
        }
        #expect(!page.out.contains("hook-event"), "hidden commands stay out of the man page")
    }
}
