import Foundation
import Testing
@testable import AutohealCLI

/// `help` in the shapes people type shows what `COMMAND --help` shows. Before, ArgumentParser's `help`
/// took command names alone, at the root only: `help -C repo link` was "Unknown option '-C'",
/// `help report --format` "Unknown option '--format'", `hooks help install` "2 unexpected arguments"
/// (all exit 64), and `help link prevent` showed `link`'s help without a word about `prevent`.
@Suite("Help shapes")
struct HelpShapesTests {
    /// Runs the binary in a directory of its own (no repository, no ledger).
    static func run(_ args: [String], env: [String: String] = [:]) -> Run {
        let dir = TempDir()
        return Exec.run(Exec.binary, args, cwd: dir.path, env: env)
    }

    @Test("Global options before or after help, and a command's own options after its name, are ignored")
    func optionsIgnored() {
        let dir = TempDir()
        let link = Self.run(["link", "--help"])
        #expect(link.code == 0 && link.out.contains("USAGE: autoheal link"), "\(link.err)")
        for args in [["help", "-C", dir.path, "link"], ["-C", dir.path, "help", "link"], ["help", "--db", "F", "link"],
                     ["--db", "F", "help", "link"], ["help", "-C\(dir.path)", "link"], ["help", "--db=F", "link"],
                     ["help", "link", "--db", "F"], ["help", "link", "-C"], ["help", "-C", dir.path, "--db", "F", "link"],
                     ["help", "-h", "link"], ["help", "link", "--fix", "HEAD"]] {
            let r = Self.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(r.err == "", "\(args): \(r.err)")
            #expect(r.out == link.out, "\(args): \(r.out)")
        }
        let report = Self.run(["report", "--help"])
        #expect(report.out.contains("USAGE: autoheal report"))
        for args in [["help", "report", "--format"], ["help", "report", "--format", "json"], ["help", "report", "--by", "service", "--json"],
                     ["--db", "F", "help", "report", "--format"]] {
            let r = Self.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(r.err == "", "\(args): \(r.err)")
            #expect(r.out == report.out, "\(args): \(r.out)")
        }
    }

    @Test("A subcommand's help: help hooks install, hooks help install, hooks help")
    func subcommandHelp() {
        let dir = TempDir()
        let install = Self.run(["hooks", "install", "--help"])
        #expect(install.code == 0 && install.out.contains("USAGE: autoheal hooks install"), "\(install.err)")
        for args in [["hooks", "help", "install"], ["help", "hooks", "install"], ["-C", dir.path, "hooks", "help", "install"],
                     ["hooks", "help", "install", "--json"], ["help", "-C", dir.path, "hooks", "install"]] {
            let r = Self.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(r.out == install.out, "\(args): \(r.out)")
        }
        let hooks = Self.run(["hooks", "--help"])
        for args in [["hooks", "help"], ["help", "hooks"], ["hooks", "help", "--db", "F"]] {
            let r = Self.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(r.out == hooks.out, "\(args): \(r.out)")
        }
    }

    /// As `git help log commit` shows `log`'s page, ignoring `commit` (git 2.39); here with a note.
    @Test("Words after a command without subcommands: its help, and a note naming the words ignored")
    func extraWords() {
        let link = Self.run(["link", "--help"])
        let r = Self.run(["help", "link", "prevent"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == link.out)
        #expect(r.err == "autoheal: help takes one command: showing link's help, ignoring 'prevent'\n")
        let nested = Self.run(["help", "hooks", "install", "status", "now", "--json"])
        #expect(nested.code == 0, "\(nested.err)")
        #expect(nested.out == Self.run(["hooks", "install", "--help"]).out)
        #expect(nested.err == "autoheal: help takes one command: showing hooks install's help, ignoring 'status' 'now'\n")
    }

    @Test("A word that names no command: one line naming it and where the commands are listed, exit 64")
    func unknownCommand() {
        let dir = TempDir()
        for args in [["help", "nosuch"], ["help", "-C", dir.path, "nosuch"], ["--db", "F", "help", "nosuch"], ["help", "nosuch", "--json"]] {
            let r = Self.run(args)
            #expect(r.code == 64, "\(args): \(r.err)")
            #expect(r.out == "", "\(args)")
            #expect(r.err == "autoheal: 'nosuch' is not an autoheal command (autoheal --help lists them)\n", "\(args): \(r.err)")
        }
        for args in [["help", "hooks", "nosuch"], ["hooks", "help", "nosuch"]] {
            let r = Self.run(args)
            #expect(r.code == 64, "\(args): \(r.err)")
            #expect(r.out == "", "\(args): \(r.out)")
            #expect(r.err == "autoheal: 'hooks nosuch' is not an autoheal command (autoheal help hooks lists them)\n", "\(args): \(r.err)")
        }
        // A word with a control character is written visibly.
        #expect(Self.run(["help", "no\u{1B}such"]).err == "autoheal: 'no\\u{1B}such' is not an autoheal command (autoheal --help lists them)\n")
    }

    @Test("help alone, help -h, help --help and help help read as before; help needs no valid $AUTOHEAL_NOW")
    func plainShapes() {
        let top = Self.run(["--help"])
        #expect(top.code == 0 && top.out.contains("USAGE: autoheal"))
        for args in [["help"], ["help", "-h"], ["help", "--help"], ["help", "-C", "."], ["-C", ".", "help"]] {
            let r = Self.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(r.out == top.out, "\(args): \(r.out)")
        }
        let helpHelp = Self.run(["help", "help"])
        #expect(helpHelp.code == 0 && helpHelp.out.contains("USAGE: autoheal help"), "\(helpHelp.err)")
        // `link --help` already ran with a mistyped clock; `help link` refused it (exit 64).
        let clock = Self.run(["help", "link"], env: ["AUTOHEAL_NOW": "garbage"])
        #expect(clock.code == 0, "\(clock.err)")
        #expect(clock.out == Self.run(["link", "--help"]).out)
    }

    @Test("Other command lines are no help request (the link and hook-event fast paths are untouched)")
    func notHelp() {
        #expect(HelpRequest.read(["link", "INC-1", "--fix", "HEAD"]) == nil)
        #expect(HelpRequest.read(["hook-event", "committed", "--commit", "HEAD"]) == nil)
        #expect(HelpRequest.read(["link", "help"]) == nil)
        #expect(HelpRequest.read(["report", "help"]) == nil)
        #expect(HelpRequest.read([]) == nil)
        #expect(HelpRequest.read(["help", "-C", "x", "link"]) == .show(path: ["link"], ignored: []))
        #expect(HelpRequest.read(["hooks", "help", "install"]) == .show(path: ["hooks", "install"], ignored: []))
        #expect(HelpRequest.read(["help", "link", "prevent"]) == .show(path: ["link"], ignored: ["prevent"]))
        #expect(HelpRequest.read(["help", "help", "link"]) == .show(path: ["help"], ignored: ["link"]))
        #expect(HelpRequest.read(["help", "hooks", "nosuch"]) == .unknown(path: ["hooks"], word: "nosuch"))
    }
}
