import Foundation
import Testing

/// `prevent` refusing a template before it creates anything, and re-runs that meet what an earlier run
/// left: a worktree elsewhere than `--worktree` asks, uncommitted changes in it.
@Suite("prevent: refusals before anything is made, and re-runs")
struct PreventRerunTests {
    static let branch = "autoheal/INC-7-connection-pool-exhausted-in-app-py"

    /// Everything `prevent` could have made for `incident`: branches, worktree metadata and folder, run
    /// folders, its lock file, and `prevention.*` events.
    static func traces(_ r: PreventRepo, _ incident: String) -> [String] {
        let fm = FileManager.default
        var found = r.branches().filter { $0.contains(incident) }
        for p in [".git/worktrees/" + incident, ".git/autoheal/worktrees/" + incident, ".git/autoheal/locks/" + incident + ".lock"]
        where fm.fileExists(atPath: r.repo + "/" + p) { found.append(p) }
        found += ((try? fm.contentsOfDirectory(atPath: r.repo + "/.git/autoheal/runs")) ?? []).filter { $0.hasPrefix(incident + "-") }
        let events = (r.show(incident)["events"] as? [[String: Any]]) ?? []
        found += events.compactMap { $0["type"] as? String }.filter { $0.hasPrefix("prevention.") }
        return found
    }

    /// A scaffold path rendered from incident data (`"service": "../../…"`) that would leave the worktree
    /// was refused (exit 65) only after the branch, the worktree and a run folder were made, with no
    /// `prevention.drafted`; every retry added a run folder. Now nothing is made: not even the lock.
    @Test func aScaffoldPathThatLeavesTheWorktreeIsRefusedBeforeAnythingIsMade() throws {
        let r = PreventRepo()
        let escape = r.dir.path + "/SVC_ESCAPE"
        let service = String(repeating: "../", count: 12) + String(escape.dropFirst())
        #expect(r.autoheal(["import", "-"], stdin: """
            {"incident":"INC-9","type":"incident.declared","at":"2026-11-10T02:00:00Z","service":"\(service)","severity":"SEV2"}
            {"incident":"INC-9","type":"sli.recovered","at":"2026-11-10T03:00:00Z"}
            """).code == 0)
        r.dir.write("repo/.autoheal/templates/evil/manifest.yml", """
            purpose: evil
            scaffold:
              - path: "tests/{{{incident.service}}}/x.txt"
                content: |
                  escaped
            """)
        r.dir.write("repo/.autoheal/templates/evil/brief.mustache", "brief {{{incident.id}}}\n")
        let agent = r.agent("busy", "echo fix > fix.txt\n")
        for args in [["--no-agent"], ["--no-agent"], ["--agent-cmd", agent]] {
            let run = r.autoheal(["prevent", "INC-9", "--template", "evil"] + args)
            #expect(run.code == 65, "\(run.err)")
            #expect(run.err.contains("template evil: scaffold path \"tests/\(service)/x.txt\" (rendered from \"tests/{{{incident.service}}}/x.txt\") must stay inside the worktree: it has a \"..\" component"),
                    "\(run.err)")
            #expect(!run.err.contains("created branch"), "\(run.err)")
            #expect(Self.traces(r, "INC-9") == [])
        }
        #expect(!FileManager.default.fileExists(atPath: escape))
        #expect(r.git(["worktree", "list", "--porcelain"]).components(separatedBy: "worktree ").count == 2)
    }

    /// A brief that is not valid Mustache was found only when it was rendered, after the branch,
    /// worktree and run folder existed.
    @Test func aBriefThatDoesNotParseIsRefusedBeforeAnythingIsMade() {
        let r = PreventRepo()
        r.dir.write("repo/.autoheal/templates/broken/manifest.yml", "purpose: broken\n")
        r.dir.write("repo/.autoheal/templates/broken/brief.mustache", "brief {{#incident}} never closed\n")
        let run = r.autoheal(["prevent", "INC-7", "--template", "broken", "--no-agent"])
        #expect(run.code == 65, "\(run.err)")
        #expect(run.err.contains("template broken: not valid Mustache"), "\(run.err)")
        #expect(Self.traces(r, "INC-7") == [])
    }

    /// A re-run asking for `--worktree DIR` while the incident's worktree is elsewhere reused that one
    /// and said nothing; DIR stayed empty. It now warns, naming the worktree used, as for `--base`.
    @Test func aReRunWithAnotherWorktreeWarnsAndNamesTheOneUsed() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent"]).code == 0)
        let used = r.repo + "/.git/autoheal/worktrees/INC-7"
        let asked = r.dir.path + "/elsewhere"
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--worktree", asked, "--json"])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.object["worktree"] as? String == used)
        let warning = "--worktree \(asked) was not used: INC-7's existing worktree \(used) (on \(Self.branch)) was reused; to have it at \(asked), move it there first with `git worktree move \(used) \(asked)` (\(asked) must not exist yet)"
        #expect(run.err.contains("warning: " + warning), "\(run.err)")
        #expect(run.object["warnings"] as? [String] == [warning])
        #expect(!FileManager.default.fileExists(atPath: asked))

        // Moved there as the warning says, the worktree is found there, and naming it warns no more.
        Exec.git(["worktree", "move", used, asked], in: r.repo, env: r.env)
        let again = r.autoheal(["prevent", "INC-7", "--no-agent", "--worktree", asked + "/", "--json"])
        #expect(again.code == 0, "\(again.err)")
        #expect(again.object["worktree"] as? String == asked)
        #expect(again.object["warnings"] as? [String] == [], "\(again.err)")
        // Without --worktree, the reused one is simply used.
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent", "--json"]).object["warnings"] as? [String] == [])
    }

    /// What an earlier run left uncommitted in the worktree was announced as going "into this draft",
    /// but a re-run whose agent changed nothing failed with "changed nothing" and committed none of it.
    @Test func leftoversAreCommittedWhenTheReRunsAgentChangesNothing() throws {
        let r = PreventRepo()
        let failing = r.agent("fail", "echo half-done > partial.txt\necho '# guard' >> app.py\nexit 2\n")
        #expect(r.autoheal(["prevent", "INC-7", "--agent-cmd", failing]).code == 1)
        let idle = r.agent("idle", "cat > /dev/null\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", idle, "--json"])
        #expect(run.code == 0, "\(run.err)")
        let worktree = r.repo + "/.git/autoheal/worktrees/INC-7"
        #expect(run.err.contains("warning: the worktree \(worktree) held uncommitted changes from an earlier run (app.py, partial.txt); they go into this draft, committed with the agent's change or on their own if it changes nothing"),
                "\(run.err)")
        #expect(run.err.contains("warning: the agent changed nothing in this run; the draft's commit holds only what the earlier run left in \(worktree) (app.py, partial.txt)"),
                "\(run.err)")
        let commits = try #require(run.object["commits"] as? [String])
        try #require(commits.count == 1)
        let files = r.git(["show", "--name-only", "--format=%B", commits[0]])
        #expect(files.contains("Prevents: INC-7"))
        for f in ["app.py", "partial.txt", "tests/test_autoheal_inc_7.py"] { #expect(files.contains(f), "\(files)") }
        #expect(r.git(["status", "--porcelain"], in: worktree) == "")
        let prevention = try #require(r.show()["prevention"] as? [String: Any])
        #expect(prevention["status"] as? String == "committed")
        #expect(prevention["commits"] as? [String] == commits)
    }

    /// The scaffold an earlier run left (its agent changed nothing) is no change of anyone's: a re-run
    /// whose agent changes nothing again still fails, and no leftovers are announced.
    @Test func anEarlierRunsScaffoldAloneIsNoDraft() {
        let r = PreventRepo()
        let idle = r.agent("idle", "cat > /dev/null\n")
        let first = r.autoheal(["prevent", "INC-7", "--agent-cmd", idle])
        #expect(first.code == 1)
        #expect(first.err.contains("changed nothing"), "\(first.err)")
        #expect(FileManager.default.fileExists(atPath: r.repo + "/.git/autoheal/worktrees/INC-7/tests/test_autoheal_inc_7.py"))
        let again = r.autoheal(["prevent", "INC-7", "--agent-cmd", idle])
        #expect(again.code == 1)
        #expect(again.err.contains("changed nothing"), "\(again.err)")
        #expect(!again.err.contains("held uncommitted changes"), "\(again.err)")
        // An agent that does change something commits it with the scaffold, and no leftovers are named.
        let busy = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("busy", "echo fix > fix.txt\n"), "--json"])
        #expect(busy.code == 0, "\(busy.err)")
        #expect(!busy.err.contains("held uncommitted changes"), "\(busy.err)")
    }

    /// "1 turns" (and "1 commits examined", "imported 1 events … for 1 incidents" — the import
    /// wording is pinned in `ExtensionOnlyIncidentTests` and `BadInputTests`).
    @Test func countsOfOneAreSingular() {
        let r = PreventRepo()
        let agent = r.agent("one-turn", "echo fix > fix.txt\necho '{\"num_turns\": 1, \"result\": \"done\"}'\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.out.contains("  1 turn\n"), "\(run.out)")
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 0, "\(sync.err)")
        #expect(sync.out.contains(": 1 commit examined"), "\(sync.out)")
        let two = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("two", "echo more >> fix.txt\necho '{\"num_turns\": 2}'\n")])
        #expect(two.out.contains("  2 turns\n"), "\(two.out)")
    }
}
