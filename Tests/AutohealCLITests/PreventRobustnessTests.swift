import Foundation
import Testing

/// `prevent` against what an agent, the environment or a hang-up may throw at it, as the real binary.
@Suite struct PreventRobustnessTests {
    @Test("A turn count no Int holds is ignored, and the change is still committed and recorded",
          arguments: [#"{"num_turns": 1e19}"#, #"{"num_turns": -1e19}"#, #"{"turns": 1e300, "result": "ok"}"#,
                      #"{"num_turns": 2.5}"#, #"{"usage": {"num_turns": -3}}"#])
    func hugeTurnCount(report: String) throws {
        let r = PreventRepo()
        let agent = r.agent("turns", "echo fix > fix.txt\necho '\(report)'\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--json"])
        #expect(run.code == 0, "\(run.code) \(run.err)")
        let agentJSON = try #require(run.object["agent"] as? [String: Any])
        #expect((agentJSON["turns"] ?? NSNull()) is NSNull, "\(agentJSON)")
        let commits = try #require(run.object["commits"] as? [String])
        #expect(commits.count == 1)
        #expect(try #require(r.show()["prevention"] as? [String: Any])["status"] as? String == "committed")
        let text = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("again", "echo more > more.txt\necho '\(report)'\n")])
        #expect(text.code == 0, "\(text.code) \(text.err)")
        #expect(!text.out.contains("turns"))
    }

    @Test func numbersNoIntHoldsInTheLedgerAreSkippedNotConverted() throws {
        let r = PreventRepo()
        // `prevention.waived` is imported with whatever attrs it carries; `sync` reads a "pr" from them.
        let waived = #"{"incident":"INC-7","type":"prevention.waived","at":"2026-11-11T00:00:00Z","attrs":{"reason":"later","pr":1e19}}"#
        #expect(r.autoheal(["import", "-"], stdin: waived).code == 0)
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 0, "\(sync.code) \(sync.err)")
        // A stored link whose numbers no Int holds (another tool's, or an older autoheal's).
        try recordOwnEvents(db: r.repo + "/.git/autoheal/autoheal.sqlite", #"""
            {"incident":"INC-7","type":"rootcause.linked","at":"2026-11-10T04:00:00Z","attrs":{"method":"frames","introducing":[{"commit":"abc","lines":1e19}],"paths":[{"path":"app.py","lines":[[1,1e19],[1,2]]}],"owners":[{"owner":"x","source":"blame","lines":-1e19}]}}
            """#)
        let show = r.autoheal(["show", "INC-7"])
        #expect(show.code == 0, "\(show.code) \(show.err)")
        #expect(show.out.contains("app.py:?,1-2"), "\(show.out)")
        #expect(r.autoheal(["show", "INC-7", "--json"]).code == 0)
        for command in [["review"], ["report"], ["prevent", "INC-7", "--no-agent"]] {
            let run = r.autoheal(command)
            #expect(run.code == 0, "\(command): \(run.code) \(run.err)")
        }
    }


    @Test("A hang-up or SIGQUIT stops the agent's whole process group, then autoheal", .timeLimit(.minutes(1)),
          arguments: [SIGHUP, SIGQUIT])
    func hangUp(signal: Int32) throws {
        let r = PreventRepo()
        let (p, grandchild) = try r.startStuckPrevent()
        #expect(grandchild != nil, "the agent never started")
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(p.terminationStatus == signal)
        if let grandchild {
            var gone = false
            for _ in 0..<50 where !gone { gone = kill(grandchild, 0) != 0; if !gone { usleep(100_000) } }
            #expect(gone, "the agent's background process outlived the signal")
            if !gone { kill(grandchild, SIGKILL) }
        }
        #expect(r.branches().contains { $0.hasPrefix("autoheal/INC-7") })
    }

    @Test("Under nohup a hang-up stays ignored: the agent finishes and its change is committed", .timeLimit(.minutes(1)))
    func nohupKeepsRunning() throws {
        let r = PreventRepo()
        let pidFile = r.dir.path + "/grandchild.pid"
        let (p, started) = try r.startStuckPrevent(launcher: "/usr/bin/nohup",
                                                 agentBody: "echo $$ > '\(pidFile)'\nsleep 2\necho fix > fix.txt\n")
        #expect(started != nil, "the agent never started")
        kill(p.processIdentifier, SIGHUP)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 0)
        #expect(try #require(r.show()["prevention"] as? [String: Any])["status"] as? String == "committed")
    }

    @Test func autohealsOwnCommitFollowsGitsIdentityEnvironmentThenConfig() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("a", "echo fix > fix.txt\n")], env: [
            "GIT_AUTHOR_NAME": "Ann Author", "GIT_AUTHOR_EMAIL": "ann@example.com", "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+01:00",
            "GIT_COMMITTER_NAME": "Cy Committer", "GIT_COMMITTER_EMAIL": "cy@example.com", "GIT_COMMITTER_DATE": "@1795168800 -0500",
        ]).code == 0)
        let format = "--format=%an <%ae> %aI | %cn <%ce> %cI"
        #expect(r.git(["log", "-1", format, "autoheal/INC-7-connection-pool-exhausted-in-app-py"])
            == "Ann Author <ann@example.com> 2026-11-20T10:00:00+01:00 | Cy Committer <cy@example.com> 2026-11-20T05:00:00-05:00\n")
        // Without the variables, user.name and user.email; the dates are the commit's moment.
        _ = r.git(["config", "user.name", "Config Person"])
        _ = r.git(["config", "user.email", "config@example.com"])
        let unset = ["GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_NAME": "", "GIT_COMMITTER_EMAIL": ""]
        #expect(r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("b", "echo more > more.txt\n")], env: unset).code == 0)
        #expect(r.git(["log", "-1", "--format=%an <%ae> | %cn <%ce>", "autoheal/INC-7-connection-pool-exhausted-in-app-py"])
            == "Config Person <config@example.com> | Config Person <config@example.com>\n")
        // A date git would refuse stops the run before the agent works.
        let marker = r.dir.path + "/agent-ran"
        let bad = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("c", "touch '\(marker)'\necho x > x.txt\n")],
                             env: ["GIT_AUTHOR_DATE": "next tuesday"])
        #expect(bad.code == 1)
        #expect(bad.err.contains("GIT_AUTHOR_DATE: invalid date format: next tuesday"), "\(bad.err)")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func verifyHasItsOwnTimeoutNotTheAgents() throws {
        let r = PreventRepo()
        r.dir.write("repo/.autoheal.yml", "verify: [sleep, \"3\"]\n")
        #expect(r.autoheal(["trust"]).code == 0)
        // --timeout stops the agent; verify, slower than that, still runs to the end.
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("a", "echo fix > fix.txt\n"), "--timeout", "1s", "--json"])
        #expect(run.code == 0, "\(run.err)")
        let verify = try #require(run.object["verify"] as? [String: Any])
        #expect(verify["passed"] as? Bool == true)
        #expect(verify["timed_out"] as? Bool == false)
        // verify_timeout is its limit.
        r.dir.write("repo/.autoheal.yml", "verify: [sleep, \"30\"]\nverify_timeout: 1s\n")
        #expect(r.autoheal(["trust"]).code == 0)
        #expect(r.autoheal(["config", "--json"]).object["verify_timeout"] as? Int == 1)
        let stopped = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("b", "echo more > more.txt\n"), "--json"])
        #expect(stopped.code == 1)
        #expect((stopped.object["verify"] as? [String: Any])?["timed_out"] as? Bool == true)
        #expect(stopped.err.contains("stopped after verify_timeout 1s"), "\(stopped.err)")
        r.dir.write("repo/.autoheal.yml", "verify: [sleep, \"1\"]\nverify_timeout: 5\n")
        #expect(r.autoheal(["config"]).code == 65)
    }

    @Test func runIdsFollowTheCommandsClockAndStayUnique() throws {
        let r = PreventRepo()
        var ids: [String] = []
        for (i, env) in [[:], [:], ["AUTOHEAL_NOW": "2026-12-21T08:30:05Z"]].enumerated() {
            let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("a\(i)", "echo \(i) > fix\(i).txt\n"), "--json"], env: env)
            #expect(run.code == 0, "\(run.err)")
            ids.append(run.object["run"] as? String ?? "")
            #expect((run.object["run_folder"] as? String)?.hasSuffix("/.git/autoheal/runs/" + ids[i]) == true)
        }
        #expect(ids == ["INC-7-20261220T000000Z", "INC-7-20261220T000000Z-2", "INC-7-20261221T083005Z"])
        #expect(r.git(["log", "-1", "--format=%B", "autoheal/INC-7-connection-pool-exhausted-in-app-py"]).contains("Autoheal-Run: INC-7-20261221T083005Z\n"))
    }

    @Test func aVerifyCommandNotFoundWritesTheLogItsMessagePointsAt() throws {
        let r = PreventRepo()
        r.dir.write("repo/.autoheal.yml", "verify: [no-such-verify-tool, --all]\n")
        #expect(r.autoheal(["trust"]).code == 0)
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("a", "echo fix > fix.txt\n"), "--json"])
        #expect(run.code == 1)
        let runDir = try #require(run.object["run_folder"] as? String)
        #expect(run.err.contains("exited 127); see \(runDir)/verify.log"), "\(run.err)")
        let verify = try #require(run.object["verify"] as? [String: Any])
        #expect(verify["exit_code"] as? Int == 127)
        #expect(verify["log"] as? String == runDir + "/verify.log")
        let log = try String(contentsOfFile: runDir + "/verify.log", encoding: .utf8)
        #expect(log.contains("verify command not found: no-such-verify-tool"), "\(log)")
    }
}
