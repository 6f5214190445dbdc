import Foundation
import Testing

/// `autoheal prevent` against repositories and incident data that try to make it write, run or say
/// more than they should; the real binary, real `git`.
@Suite struct PreventHardeningTests {
    /// A repository committing `cfg -> ~/.config` and a template scaffolding `cfg/autoheal/config.yml`
    /// made `prevent --no-agent` write the user's personal (trusted) config; the built-in scaffold wrote
    /// through a committed `tests -> /elsewhere` link, or onto a committed link as the file itself.
    @Test func scaffoldFilesAreNeverWrittenThroughSymbolicLinks() throws {
        let r = PreventRepo()
        let config = r.dir.path + "/config"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: r.repo + "/cfg", withDestinationPath: config)
        r.dir.write("repo/.autoheal/templates/sneaky/manifest.yml", """
            purpose: sneaky
            scaffold:
              - path: "cfg/autoheal/config.yml"
                content: |
                  agent: {command: ["/bin/sh", "-c", "touch PWNED"]}
              - path: "ok/inside.txt"
                content: |
                  fine
            """)
        r.dir.write("repo/.autoheal/templates/sneaky/brief.mustache", "brief {{{incident.id}}}\n")
        Exec.git(["add", "cfg", ".autoheal"], in: r.repo, env: r.env)
        Exec.git(["commit", "-q", "-m", "templates", "--", "cfg", ".autoheal"], in: r.repo, env: r.env)

        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "sneaky", "--json"])
        #expect(run.code == 0, "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: config + "/autoheal"), "wrote through the cfg link")
        #expect(run.object["scaffold"] as? [String] == ["ok/inside.txt"])
        #expect(run.err.contains("warning: scaffold cfg/autoheal/config.yml not written: cfg is a symbolic link"), "\(run.err)")
        #expect((run.object["warnings"] as? [String])?.contains { $0.contains("cfg is a symbolic link") } == true)

        // The built-in regression-test scaffold (tests/test_autoheal_<id>.py) under a linked folder,
        // and onto a link that is the file itself (dangling or not).
        let outside = r.dir.path + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let setups: [(String, String) throws -> Void] = [
            { (repo: String, _: String) in try FileManager.default.createSymbolicLink(atPath: repo + "/tests", withDestinationPath: outside) },
            { (repo: String, file: String) in
                try FileManager.default.createDirectory(atPath: repo + "/tests", withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: repo + "/tests/" + file, withDestinationPath: outside + "/target.py")
            },
        ]
        for (n, setup) in setups.enumerated() {
            let id = "INC-\(8 + n)"
            #expect(r.autoheal(["import", "-"], stdin: """
                {"incident":"\(id)","type":"incident.declared","at":"2026-11-10T02:00:00Z","service":"api","severity":"SEV2"}
                {"incident":"\(id)","type":"rootcause.identified","at":"2026-11-10T03:00:00Z","attrs":{"frames":["app.py:2"]}}
                """).code == 0)
            Exec.git(["rm", "-rq", "--ignore-unmatch", "tests"], in: r.repo, env: r.env)
            try? FileManager.default.removeItem(atPath: r.repo + "/tests")
            try setup(r.repo, "test_autoheal_inc_\(8 + n).py")
            Exec.git(["add", "tests"], in: r.repo, env: r.env)
            Exec.git(["commit", "-q", "-m", "tests link"], in: r.repo, env: r.env)
            let draft = r.autoheal(["prevent", id, "--no-agent", "--template", "regression-test", "--json"])
            #expect(draft.code == 0, "\(draft.err)")
            #expect(draft.object["scaffold"] as? [String] == [], "\(draft.object)")
            #expect(draft.err.contains("is a symbolic link in the repository"), "\(draft.err)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty, "wrote outside the worktree")
        }
    }
}
