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
}
