import Foundation
import Testing

/// Scaffold paths naming `.git` in a form git itself takes for `.git` (on Windows or macOS) passed the
/// pre-check, which knew only `.git`: the file was written, and every run with an agent then failed
/// after the agent had worked ("git: stage new and changed files: invalid path"), each retry adding a
/// run folder and a `prevention.drafted`. Git's own rules (`verify_path`, `is_ntfs_dotgit`,
/// `is_hfs_dotgit`) now refuse them before anything is made.
@Suite("prevent: scaffold paths git takes for .git")
struct PreventDotGitPathTests {
    /// The incident's title (rendered into the scaffold path) and what the refusal says about it. (Not
    /// its service: a service such as `".git "`, which does not print as itself, is refused at import.)
    static let forms: [(title: String, reason: String)] = [
        (".git ", "its component \".git \" is .git on Windows (trailing dots and spaces are dropped), and git refuses to stage it"),
        (".git.", "its component \".git.\" is .git on Windows (trailing dots and spaces are dropped), and git refuses to stage it"),
        ("GIT~1", "its component \"GIT~1\" is .git on Windows (\"git~1\" is its short name), and git refuses to stage it"),
        (".git::$INDEX_ALLOCATION", "its component \".git::$INDEX_ALLOCATION\" is .git on Windows (\":\" names a stream of it), and git refuses to stage it"),
        ("x\\.Git", "its component \"x\\.Git\" is .git on Windows (\"\\\" separates folders), and git refuses to stage it"),
        (".git\u{200C}", "its component \".git\u{200C}\" is .git on macOS (which ignores the U+200C in it), where git refuses it"),
        (".g\u{FEFF}it", "its component \".g\u{FEFF}it\" is .git on macOS (which ignores the U+FEFF in it), where git refuses it"),
    ]

    static func repo(title: String) -> PreventRepo {
        let r = PreventRepo()
        let event: [String: Any] = ["incident": "INC-9", "type": "incident.declared", "at": "2026-11-10T02:00:00Z", "service": "checkout", "severity": "SEV2",
                                    "attrs": ["title": title]]
        let line = String(decoding: try! JSONSerialization.data(withJSONObject: event), as: UTF8.self)
        #expect(r.autoheal(["import", "-"], stdin: line + "\n" + #"{"incident":"INC-9","type":"sli.recovered","at":"2026-11-10T03:00:00Z"}"#).code == 0)
        r.dir.write("repo/.autoheal/templates/t1/manifest.yml", """
            purpose: test
            scaffold:
              - path: "tests/{{{incident.title}}}/x.txt"
                content: "hi"
            """)
        r.dir.write("repo/.autoheal/templates/t1/brief.mustache", "brief {{{incident.id}}}\n")
        return r
    }

    @Test(arguments: 0..<forms.count)
    func aScaffoldPathGitTakesForDotGitIsRefusedBeforeAnythingIsMade(_ index: Int) {
        let (title, reason) = Self.forms[index]
        let r = Self.repo(title: title)
        let agent = r.agent("busy", "echo fix > fix.txt\n")
        for args in [["--no-agent"], ["--agent-cmd", agent]] {
            let run = r.autoheal(["prevent", "INC-9", "--template", "t1"] + args)
            #expect(run.code == 65, "\(title): \(run.err)")
            #expect(run.err.contains("template t1: scaffold path \"tests/\(title)/x.txt\" (rendered from \"tests/{{{incident.title}}}/x.txt\") must stay inside the worktree: \(reason)"),
                    "\(run.err)")
            #expect(PreventRerunTests.traces(r, "INC-9") == [], "\(title)")
        }
    }

    /// Names that only look like `.git` are files like any other: drafted, and committed with the agent's change.
    @Test func namesThatOnlyLookLikeDotGitAreWrittenAndCommitted() throws {
        for title in [".gitx", "git~2", ".git\u{200C}x", ".github", "x.git"] {
            let r = Self.repo(title: title)
            let agent = r.agent("busy", "echo fix > fix.txt\n")
            let run = r.autoheal(["prevent", "INC-9", "--template", "t1", "--agent-cmd", agent, "--json"])
            try #require(run.code == 0, "\(title): \(run.err)")
            #expect(run.object["scaffold"] as? [String] == ["tests/\(title)/x.txt"], "\(title)")
            let worktree = try #require(run.object["worktree"] as? String)
            #expect(r.git(["ls-files", "-z", "tests"], in: worktree) == "tests/\(title)/x.txt\0", "\(title)")
        }
    }
}
