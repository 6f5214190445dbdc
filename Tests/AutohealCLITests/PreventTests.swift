import Foundation
import Testing

/// `autoheal prevent`, `templates` and `trust`, run as the real binary against real repositories.
@Suite struct PreventTests {
    @Test func successCommitsTheAgentsChangeWithTrailersAndLeavesTheCheckoutAlone() throws {
        let r = PreventRepo()
        let before = r.checkoutState()
        let agent = r.agent("ok", """
            run=$(dirname "$AUTOHEAL_TASK")
            env | grep '^AUTOHEAL_' | sort > "$run/seen-env"
            pwd > "$run/seen-pwd"
            cat > "$run/seen-stdin"
            mkdir -p tests && printf 'def test_inc_7():\\n    assert True\\n' > tests/test_inc_7.py
            echo '{"type":"result","total_cost_usd":0.25,"num_turns":3,"result":"added a test"}'
            """)
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--json"])
        #expect(run.code == 0, "\(run.err)")
        let o = run.object
        let branch = try #require(o["branch"] as? String)
        #expect(branch == "autoheal/INC-7-connection-pool-exhausted-in-app-py")
        // The hooks read the branch's incident from the configuration (an id may hold dashes and digits).
        #expect(r.git(["config", "--get", "branch.\(branch).autohealIncident"]).trimmingCharacters(in: .whitespacesAndNewlines) == "INC-7")
        let worktree = try #require(o["worktree"] as? String)
        #expect(worktree.hasSuffix(".git/autoheal/worktrees/INC-7"))
        #expect(o["template"] as? String == "regression-test")
        #expect((o["base"] as? String)?.count == 40)
        let agentJSON = try #require(o["agent"] as? [String: Any])
        #expect(agentJSON["exit_code"] as? Int == 0)
        #expect(agentJSON["command"] as? String == agent)
        #expect(agentJSON["seconds"] is Int)
        #expect(agentJSON["turns"] as? Int == 3)
        #expect(agentJSON["cost_usd"] as? Double == 0.25)
        #expect(o["verify"] is NSNull)
        let commits = try #require(o["commits"] as? [String])
        #expect(commits.count == 1)

        // The commit carries both trailers and the agent's file.
        let message = r.git(["log", "-1", "--format=%B", commits[0]])
        let runID = try #require(o["run"] as? String)
        #expect(message.contains("Prevents: INC-7\nAutoheal-Run: \(runID)"))
        #expect(r.git(["show", "--name-only", "--format=", commits[0]]).contains("tests/test_inc_7.py"))
        #expect(r.git(["rev-parse", branch]).hasPrefix(commits[0]))

        // The agent ran in the worktree with the brief on stdin and the AUTOHEAL_* variables.
        let runDir = try #require(o["run_folder"] as? String)
        #expect(runDir.contains(".git/autoheal/runs/INC-7-"))
        let seenEnv = try String(contentsOfFile: runDir + "/seen-env", encoding: .utf8)
        for key in ["AUTOHEAL_INCIDENT=INC-7", "AUTOHEAL_BRANCH=\(branch)", "AUTOHEAL_WORKTREE=\(worktree)",
                    "AUTOHEAL_TASK=\(runDir)/task.json", "AUTOHEAL_BRIEF=\(runDir)/brief.md", "AUTOHEAL_RUN=\(runID)"] {
            #expect(seenEnv.contains(key), "missing \(key)")
        }
        #expect(try String(contentsOfFile: runDir + "/seen-pwd", encoding: .utf8) == worktree + "\n")
        #expect(try String(contentsOfFile: runDir + "/seen-stdin", encoding: .utf8) == String(contentsOfFile: runDir + "/brief.md", encoding: .utf8))
        for f in ["brief.md", "task.json", "run.json", "agent.stdout.log", "agent.stderr.log"] {
            #expect(FileManager.default.fileExists(atPath: runDir + "/" + f), "\(f) missing")
        }
        let task = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: runDir + "/task.json"))) as! [String: Any]
        #expect((task["incident"] as? [String: Any])?["id"] as? String == "INC-7")
        let code = try #require((task["code_paths"] as? [[String: Any]])?.first)
        #expect(code["path"] as? String == "app.py")
        #expect(((code["excerpts"] as? [[String: Any]])?.first?["text"] as? String)?.contains("return x") == true)

        // Ledger: drafted and committed.
        let prevention = try #require(r.show()["prevention"] as? [String: Any])
        #expect(prevention["status"] as? String == "committed")
        #expect(prevention["branch"] as? String == branch)
        #expect(prevention["commits"] as? [String] == commits)

        // The user's branch, HEAD, index and untracked files are as they were.
        #expect(r.checkoutState() == before)
    }

    @Test func aFailingAgentKeepsTheBranchAndLog() throws {
        let r = PreventRepo()
        let agent = r.agent("fail", "echo half-done > partial.txt\necho 'cannot do it' >&2\nexit 2\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent])
        #expect(run.code == 1)
        #expect(run.err.contains("exited with status 2"))
        #expect(r.branches().contains { $0.hasPrefix("autoheal/INC-7-") })
        let runs = try FileManager.default.contentsOfDirectory(atPath: r.repo + "/.git/autoheal/runs")
        let log = try String(contentsOfFile: r.repo + "/.git/autoheal/runs/\(runs[0])/agent.stderr.log", encoding: .utf8)
        #expect(log == "cannot do it\n")
        #expect((r.show()["prevention"] as? [String: Any])?["status"] as? String == "drafted")
        // The next run reuses the worktree, half-done edits and all, and says so.
        let retry = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("ok", "echo done > done.txt\n")])
        #expect(retry.code == 0, "\(retry.err)")
        #expect(retry.err.contains("held uncommitted changes from an earlier run"), "\(retry.err)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aSlowAgentIsStoppedAtTheTimeout() {
        let r = PreventRepo()
        let agent = r.agent("slow", "sleep 60 &\nsleep 60\n")
        let start = Date()
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--timeout", "1s", "--json"])
        #expect(run.code == 1)
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(run.err.contains("timed out"))
        #expect((run.object["agent"] as? [String: Any])?["timed_out"] as? Bool == true)
        #expect(run.object["error"] is String)
    }

    @Test func anAgentThatChangesNothingFails() {
        let r = PreventRepo()
        let agent = r.agent("idle", "cat > /dev/null\necho nothing to do\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent])
        #expect(run.code == 1)
        #expect(run.err.contains("changed nothing"))
        #expect(r.branches().contains { $0.hasPrefix("autoheal/INC-7-") })
    }

    @Test func anAgentCommitWithoutTheTrailerIsRecordedWithAWarning() throws {
        let r = PreventRepo()
        let agent = r.agent("committer", "echo fix > fix.txt\ngit add fix.txt\ngit commit -q -m 'fix the pool'\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--json"])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.err.contains("has no \"Prevents: INC-7\" trailer"))
        let details = try #require(run.object["commit_details"] as? [[String: Any]])
        #expect(details.count == 1)
        #expect(details[0]["by"] as? String == "agent")
        #expect(details[0]["prevents_trailer"] as? Bool == false)
        let commits = run.object["commits"] as? [String] ?? []
        #expect((r.show()["prevention"] as? [String: Any])?["commits"] as? [String] == commits)
    }

    @Test func hostileIncidentTextNeverReachesAShell() throws {
        let r = PreventRepo(title: "x $(touch MARKER1) `touch MARKER2`; touch MARKER3\ntouch MARKER4",
                            summary: "pool $(touch ../MARKER5) exhausted; `touch MARKER6` && touch MARKER7 | sh")
        let agent = r.agent("copy", "cat > brief-copy.md\nprintf '%s' \"$AUTOHEAL_INCIDENT\" > id.txt\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", "\(agent) '$(touch MARKER8)' `touch MARKER9`", "--json"])
        #expect(run.code == 0, "\(run.err)")
        let worktree = try #require(run.object["worktree"] as? String)
        let brief = try String(contentsOfFile: worktree + "/brief-copy.md", encoding: .utf8)
        #expect(brief.contains("x $(touch MARKER1) `touch MARKER2`; touch MARKER3 touch MARKER4"))
        #expect(brief.contains("pool $(touch ../MARKER5) exhausted; `touch MARKER6` && touch MARKER7 | sh"))
        #expect((run.object["agent"] as? [String: Any])?["argv"] as? [String] == [agent, "$(touch MARKER8)", "`touch", "MARKER9`"])
        for dir in [r.repo, worktree, r.dir.path, (worktree as NSString).deletingLastPathComponent] {
            for n in 1...9 {
                #expect(!FileManager.default.fileExists(atPath: "\(dir)/MARKER\(n)"), "MARKER\(n) was created in \(dir)")
            }
        }
    }

    @Test(arguments: ["../escape", "INC/7", "a..b", "INC~1", "INC:7", "INC 7", "INC\n7", "INC*", "INC.lock", ".hidden", "INC,8"])
    func pathLikeAndRefInvalidIDsAreRefused(_ id: String) {
        let r = PreventRepo()
        let run = r.autoheal(["prevent", "--no-agent", "--", id])
        #expect(run.code == 65, "\(run.err)")
        #expect(run.err.contains("cannot name a branch or a folder"))
        #expect(r.branches() == ["main"])
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/autoheal/worktrees"))
    }

    @Test func aLeadingDashIsRefusedToo() {
        let r = PreventRepo()
        let run = r.autoheal(["prevent", "--no-agent", "--", "-rf"])
        #expect(run.code == 65 || run.code == 64)
        #expect(r.branches() == ["main"])
    }

    @Test func anUntrustedRepositoryAgentIsRefusedThenRunsAfterTrust() throws {
        let r = PreventRepo()
        let marker = r.dir.path + "/agent-ran"
        let agent = r.agent("repo-agent", "touch '\(marker)'\necho change > change.txt\n")
        r.dir.write("repo/.autoheal.yml", "agent:\n  command: [\"\(agent)\"]\n  timeout: 5m\n")
        let refused = r.autoheal(["prevent", "INC-7"])
        #expect(refused.code == 1)
        #expect(refused.err.contains("refusing to run the agent command `\(agent)`"))
        #expect(refused.err.split(separator: "\n").count == 1 && !refused.err.contains("\\u{A}"), "one line: \(refused.err)")
        #expect(refused.err.contains("autoheal trust"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(r.branches() == ["main"])

        let trust = r.autoheal(["trust", "--json"])
        #expect(trust.code == 0, "\(trust.err)")
        #expect(trust.object["agent"] as? String == agent)
        #expect(FileManager.default.fileExists(atPath: r.dir.path + "/data/autoheal/trusted.json"))
        let ran = r.autoheal(["prevent", "INC-7", "--json"])
        #expect(ran.code == 0, "\(ran.err)")
        #expect(FileManager.default.fileExists(atPath: marker))
        #expect((ran.object["agent"] as? [String: Any])?["source"] as? String == "repository config \(r.repo)/.autoheal.yml (trusted)")

        // One changed byte withdraws the trust; --list shows it; --revoke removes it.
        r.dir.write("repo/.autoheal.yml", "agent:\n  command: [\"\(agent)\"]\n  timeout: 6m\n")
        #expect(r.autoheal(["prevent", "INC-7"]).code == 1)
        let list = r.autoheal(["trust", "--list", "--json"])
        #expect(((list.object["trusted"] as? [[String: Any]])?.first?["current"]) as? Bool == false)
        #expect(r.autoheal(["trust", "--revoke"]).code == 0)
        #expect((r.autoheal(["trust", "--list", "--json"]).object["trusted"] as? [Any])?.isEmpty == true)
    }

    @Test func noAgentPreparesBranchBriefAndScaffoldAndReRunsReuseThem() throws {
        let r = PreventRepo()
        let first = r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "alert-rule", "--json"])
        #expect(first.code == 0, "\(first.err)")
        let worktree = try #require(first.object["worktree"] as? String)
        #expect(first.object["agent"] is NSNull)
        #expect(first.object["scaffold"] as? [String] == ["monitoring/autoheal/inc-7.rules.yml"])
        #expect(FileManager.default.fileExists(atPath: worktree + "/monitoring/autoheal/inc-7.rules.yml"))
        #expect(FileManager.default.fileExists(atPath: worktree + "/app.py"))
        #expect((r.show()["prevention"] as? [String: Any])?["status"] as? String == "drafted")

        let second = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        #expect(second.code == 0, "\(second.err)")
        #expect(second.object["branch"] as? String == first.object["branch"] as? String)
        #expect((second.object["reused"] as? [String: Bool]) == ["branch": true, "worktree": true])
        #expect(second.err.contains("reusing branch"))
        #expect(second.object["run"] as? String != first.object["run"] as? String)
    }

    /// `prevent OPS-2025-5` took `autoheal/OPS-2025-5-2-…` (another incident's branch, found by the glob
    /// `<prefix>OPS-2025-5-*`), failed, and had already marked that branch as its own, so later commits
    /// there were tagged with the wrong incident. A `Prevents:` commit made on `main` made `main` the fix
    /// branch. A `--worktree` that could not be used still created the branch.
    @Test func anotherIncidentsBranchOrAnOrdinaryBranchIsNeverTaken() throws {
        let r = PreventRepo(incident: "OPS-2025-5-2")
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"OPS-2025-5","type":"mitigation.applied","at":"2026-11-10T02:00:00Z","service":"api"}"#).code == 0)
        let longer = r.autoheal(["prevent", "OPS-2025-5-2", "--no-agent", "--json"])
        #expect(longer.code == 0, "\(longer.err)")
        let longerBranch = try #require(longer.object["branch"] as? String)
        let shorter = r.autoheal(["prevent", "OPS-2025-5", "--no-agent", "--json"])
        #expect(shorter.code == 0, "\(shorter.err)")
        #expect(shorter.object["branch"] as? String != longerBranch)
        #expect(r.git(["config", "branch.\(longerBranch).autohealIncident"]) == "OPS-2025-5-2\n")

        let busy = r.dir.path + "/busy"
        r.dir.write("busy/file", "x\n")
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-9","type":"mitigation.applied","at":"2026-11-10T02:00:00Z","service":"api"}"#).code == 0)
        let before = r.branches()
        let refused = r.autoheal(["prevent", "INC-9", "--no-agent", "--worktree", busy])
        #expect(refused.code == 64)
        #expect(refused.err.contains("name another --worktree"), "\(refused.err)")
        #expect(r.branches() == before, "no branch created")
        let underAFile = r.autoheal(["prevent", "INC-9", "--no-agent", "--worktree", busy + "/file/sub"])
        #expect(underAFile.code == 64 && underAFile.err.contains("cannot create \(busy)/file for the worktree"), "\(underAFile.err)")
        #expect(r.branches() == before, "no branch created")

        // A Prevents: commit on main, recorded by the hooks, does not make main the fix branch.
        #expect(r.autoheal(["hooks", "install"]).code == 0)
        Exec.git(["commit", "-q", "--allow-empty", "-m", "tighten limits\n\nPrevents: INC-9"], in: r.repo, env: r.env)
        let onMain = r.autoheal(["prevent", "INC-9", "--no-agent", "--json"])
        #expect(onMain.code == 0, "\(onMain.err)")
        #expect((onMain.object["branch"] as? String)?.hasPrefix("autoheal/INC-9") == true, "\(onMain.object)")
        #expect(!r.git(["config", "--get-regexp", "autohealincident"]).contains("branch.main."))
    }

    /// A later identification that only refines the summary hid the frames of an earlier one from the
    /// brief: task.json had no code paths ("No code is linked to this incident yet").
    @Test func aSummaryOnlyIdentificationDoesNotHideTheCodeFromTheBrief() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-7","type":"rootcause.identified","at":"2026-11-10T04:00:00Z","attrs":{"summary":"a sharper summary"}}"#).code == 0)
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        #expect(run.code == 0, "\(run.err)")
        let taskPath = try #require(run.object["task"] as? String)
        let task = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: taskPath))) as! [String: Any]
        #expect((task["code_paths"] as? [[String: Any]])?.first?["path"] as? String == "app.py")
        #expect((task["root_cause"] as? [String: Any])?["summary"] as? String == "a sharper summary")
    }

    /// Hooks installed before `prevention.branch_prefix` changed kept the old prefix, so commits on the
    /// new fix branches got no trailer and were not recorded.
    @Test func hooksFollowAChangedBranchPrefix() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["hooks", "install"]).code == 0)
        r.dir.write("repo/.autoheal.yml", "prevention:\n  branch_prefix: fix/\n")
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.err.contains("hooks now tag branches named fix/<INC>-"), "\(run.err)")
        let worktree = try #require(run.object["worktree"] as? String)
        try "change\n".write(toFile: worktree + "/manual.txt", atomically: true, encoding: .utf8)
        _ = r.git(["add", "manual.txt"], in: worktree)
        _ = r.git(["commit", "-q", "-m", "Manual fix"], in: worktree)
        #expect(r.git(["log", "-1", "--format=%(trailers:key=Prevents,valueonly)"], in: worktree).contains("INC-7"))
        #expect((r.show()["prevention"] as? [String: Any])?["status"] as? String == "committed")
        #expect(!r.autoheal(["prevent", "INC-7", "--no-agent"]).err.contains("hooks now tag"), "said once")
    }

    /// In a hooks directory every repository runs (a global core.hooksPath) prevent left the prefix alone,
    /// since env.sh there is every repository's; it updates this repository's own hooks-env.sh.
    @Test func hooksUnderASharedHooksPathFollowAChangedBranchPrefix() throws {
        let r = PreventRepo()
        let shared = r.dir.path + "/shared-hooks"
        let global = ["GIT_CONFIG_GLOBAL": r.dir.path + "/home/.gitconfig"]
        _ = Exec.git(["config", "--global", "core.hooksPath", shared], in: r.repo, env: r.env.merging(global) { $1 })
        #expect(r.autoheal(["hooks", "install"], env: global).code == 0)
        let common = try String(contentsOfFile: shared + "/autoheal-hooks/env.sh", encoding: .utf8)
        r.dir.write("repo/.autoheal.yml", "prevention:\n  branch_prefix: fix/\n")
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"], env: global)
        #expect(run.code == 0, "\(run.err)")
        #expect(run.err.contains("hooks now tag branches named fix/<INC>-"), "\(run.err)")
        let settings = try String(contentsOfFile: r.repo + "/.git/autoheal/hooks-env.sh", encoding: .utf8)
        #expect(settings.contains("AUTOHEAL_PREFIX='fix/'") && settings.contains("AUTOHEAL_OLD_PREFIXES='autoheal/'"), "\(settings)")
        #expect(try String(contentsOfFile: shared + "/autoheal-hooks/env.sh", encoding: .utf8) == common, "the shared env.sh is untouched")
        let worktree = try #require(run.object["worktree"] as? String)
        try "change\n".write(toFile: worktree + "/manual.txt", atomically: true, encoding: .utf8)
        _ = Exec.git(["add", "manual.txt"], in: worktree, env: r.env.merging(global) { $1 })
        _ = Exec.git(["commit", "-q", "-m", "Manual fix"], in: worktree, env: r.env.merging(global) { $1 })
        #expect(Exec.git(["log", "-1", "--format=%(trailers:key=Prevents,valueonly)"], in: worktree, env: r.env.merging(global) { $1 })
            .out.contains("INC-7"))
    }

    /// A fix branch drafted before the prefix changed is reused by prevent; the hooks, now on the new
    /// prefix, stopped tagging its commits.
    @Test func aFixBranchFromBeforeThePrefixChangedIsStillTagged() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["hooks", "install"]).code == 0)
        let first = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        #expect(first.code == 0, "\(first.err)")
        let branch = try #require(first.object["branch"] as? String)
        #expect(branch.hasPrefix("autoheal/"))
        r.dir.write("repo/.autoheal.yml", "prevention:\n  branch_prefix: fix/\n")
        let again = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        #expect(again.code == 0, "\(again.err)")
        #expect(again.object["branch"] as? String == branch, "the earlier branch is reused")
        let worktree = try #require(again.object["worktree"] as? String)
        try "change\n".write(toFile: worktree + "/manual.txt", atomically: true, encoding: .utf8)
        _ = r.git(["add", "manual.txt"], in: worktree)
        _ = r.git(["commit", "-q", "-m", "Manual fix"], in: worktree)
        #expect(r.git(["log", "-1", "--format=%(trailers:key=Prevents,valueonly)"], in: worktree).contains("INC-7"))
    }

    /// prevent drafted from `repo.defaultBranch()`, which fell back to the current branch, and ignored
    /// `default_branch` in `.autoheal.yml` (which sync and land follow): a draft made while on a
    /// feature branch started from its half-finished work.
    @Test func draftsFromTheConfiguredDefaultBranchNotTheCurrentOne() throws {
        let r = PreventRepo()
        _ = r.git(["stash", "-q", "--include-untracked"])
        _ = r.git(["branch", "-q", "-m", "main", "trunk"])
        let trunk = r.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = r.git(["checkout", "-q", "-b", "feature/wip"])
        r.dir.write("repo/wip.txt", "half done\n")
        _ = r.git(["add", "wip.txt"])
        _ = r.git(["commit", "-q", "-m", "WIP"])
        let unknown = r.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(unknown.code == 65 && unknown.err.contains("cannot tell the default branch"), "\(unknown.err)")
        r.dir.write("repo/.autoheal.yml", "default_branch: trunk\n")
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        #expect(run.code == 0, "\(run.err)")
        let branch = try #require(run.object["branch"] as? String)
        #expect(r.git(["rev-parse", branch]).trimmingCharacters(in: .whitespacesAndNewlines) == trunk, "drafted from trunk, not from feature/wip")
    }

    /// In a repository with no commit yet, prevent said "--base: no commit 'main'" though no --base was given.
    @Test func aRepositoryWithoutCommitsSaysSo() {
        let dir = TempDir()
        Exec.git(["init", "-q", "-b", "main", dir.path + "/empty"], in: dir.path)
        let env = ["AUTOHEAL_DB": dir.path + "/db.sqlite", "HOME": dir.path, "XDG_DATA_HOME": dir.path + "/data", "XDG_CONFIG_HOME": dir.path + "/config"]
        #expect(Exec.run(Exec.binary, ["import", "-"], cwd: dir.path + "/empty", stdin: #"{"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"x"}"#, env: env).code == 0)
        let run = Exec.run(Exec.binary, ["prevent", "INC-1", "--no-agent"], cwd: dir.path + "/empty", env: env)
        #expect(run.code == 1)
        #expect(run.err.contains("commit first, or pass --base REV") && !run.err.contains("--base: no commit"), "\(run.err)")
    }

    @Test func customWorktreeBaseAndUnknownTemplate() throws {
        let r = PreventRepo()
        let wt = r.dir.path + "/elsewhere/fix"
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--worktree", wt, "--base", "HEAD", "--json"])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.object["worktree"] as? String == wt)
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent", "--template", "nope"]).code == 64)
        #expect(r.autoheal(["prevent", "INC-404", "--no-agent"]).code == 1)
        #expect(r.autoheal(["prevent", "INC-7", "--agent", "claude", "--agent-cmd", "x"]).code == 64)
        #expect(r.autoheal(["prevent", "INC-7", "--agent", "nope"]).code == 64)
    }

    @Test func verifyRunsAfterTrustAndItsOutcomeIsRecorded() throws {
        let r = PreventRepo()
        r.dir.write("repo/.autoheal.yml", "verify: [\"sh\", \"-c\", \"test -f change.txt\"]\n")
        let agent = r.agent("changer", "echo change > change.txt\n")
        let untrusted = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--json"])
        #expect(untrusted.code == 0, "\(untrusted.err)")
        #expect((untrusted.object["verify"] as? [String: Any])?["skipped"] is String)
        #expect(r.autoheal(["trust"]).code == 0)
        let agent2 = r.agent("changer2", "echo more >> change.txt\n")
        let trusted = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent2, "--json"])
        #expect(trusted.code == 0, "\(trusted.err)")
        let verify = try #require(trusted.object["verify"] as? [String: Any])
        #expect(verify["passed"] as? Bool == true)
        #expect(verify["exit_code"] as? Int == 0)
    }

    @Test func templatesListsTheBuiltInsWithPurposes() throws {
        let r = PreventRepo()
        let run = r.autoheal(["templates", "--json"])
        #expect(run.code == 0)
        let list = try #require(run.object["templates"] as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["regression-test", "guard", "alert-rule", "config-validation", "dependency-pin"])
        #expect(list.allSatisfy { ($0["purpose"] as? String)?.isEmpty == false && $0["origin"] as? String == "built-in" })
        r.dir.write("repo/.autoheal/templates/guard/brief.mustache", "ours {{{incident.id}}}\n")
        let text = r.autoheal(["templates"])
        #expect(text.out.contains("guard"))
        #expect(text.out.contains("[repository (overrides built-in)]"))
    }
}
