import AutohealConfig
import Foundation
import Testing
@testable import AutohealPrevent

@Suite struct AgentTests {
    @Test func presetsAndCommandsAreArgumentVectors() throws {
        let config = Configuration()
        let claude = try #require(try AgentCommand.select(agentCmd: nil, agent: "claude", timeout: nil, config: config))
        #expect(claude.argv(briefPath: "/b.md") == ["claude", "-p", "--output-format", "json"])
        let aider = try #require(try AgentCommand.select(agentCmd: nil, agent: "aider", timeout: 60, config: config))
        #expect(aider.argv(briefPath: "/b.md") == ["aider", "--yes-always", "--message-file", "/b.md"])
        #expect(aider.timeoutSeconds == 60)
        let cmd = try #require(try AgentCommand.select(agentCmd: "my-agent --flag 'two words' $(rm -rf /) `id`; x", agent: nil, timeout: nil, config: config))
        #expect(cmd.arguments == ["my-agent", "--flag", "two words", "$(rm", "-rf", "/)", "`id`;", "x"])
        #expect(cmd.source == .commandLine)
        #expect(throws: PreventError.self) { try AgentCommand.select(agentCmd: nil, agent: "nope", timeout: nil, config: config) }
        #expect(try AgentCommand.select(agentCmd: nil, agent: nil, timeout: nil, config: config) == nil)
    }

    /// The config loader checks preset names against its own list; it must be this one.
    @Test func theConfigKnowsEveryPreset() {
        #expect(Set(AgentCommand.presets.keys) == AgentSettings.presetNames)
    }

    @Test func personalConfigWinsOverRepositoryConfig() throws {
        var config = Configuration()
        config.repositoryAgent = AgentSettings(command: ["repo-agent"], origin: "/r/.autoheal.yml")
        #expect(try AgentCommand.select(agentCmd: nil, agent: nil, timeout: nil, config: config)?.source == .repository("/r/.autoheal.yml"))
        config.personalAgent = AgentSettings(preset: "codex", timeoutSeconds: 99, origin: "/home/.config/autoheal/config.yml")
        let a = try #require(try AgentCommand.select(agentCmd: nil, agent: nil, timeout: nil, config: config))
        #expect(a.source == .personal("/home/.config/autoheal/config.yml"))
        #expect(a.arguments.first == "codex")
        #expect(a.timeoutSeconds == 99)
    }

    @Test func reportsFromClaudeGeminiAndCodexOutput() {
        let claude = #"{"type":"result","subtype":"success","total_cost_usd":0.4213,"num_turns":7,"result":"Added a regression test."}"#
        #expect(AgentReport.parse(Array(claude.utf8)) == AgentReport(costUSD: 0.4213, turns: 7, summary: "Added a regression test."))
        let gemini = #"{"response":"Done: guard added","stats":{"models":{}}}"#
        #expect(AgentReport.parse(Array(gemini.utf8))?.summary == "Done: guard added")
        let codex = "{\"type\":\"thread.started\"}\nnot json\n{\"type\":\"item.completed\",\"item\":{\"text\":\"x\"}}\n{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10},\"summary\":\"pinned the lib\"}\n"
        #expect(AgentReport.parse(Array(codex.utf8))?.summary == "pinned the lib")
        #expect(AgentReport.parse(Array("plain text output\n".utf8)) == nil)
    }

    @Test("A turn count that is not a whole number from 0 to Int.max is left out, not converted",
          arguments: ["1e19", "-1e19", "9.3e18", "1e300", "-3", "2.5", "\"7\""])
    func turnsOutOfRange(value: String) {
        let report = AgentReport.parse(Array(#"{"num_turns": \#(value), "result": "done"}"#.utf8))
        #expect(report == AgentReport(costUSD: nil, turns: nil, summary: "done"))
        #expect(AgentReport.parse(Array(#"{"turns": \#(value), "usage": {"num_turns": 4}}"#.utf8))?.turns == 4)
    }

    @Test func displayQuotesWordsThatNeedIt() {
        #expect(AgentCommand.display(["a", "two words", "it's", "x=1"]) == "a 'two words' 'it'\\''s' x=1")
    }
}

/// A class, so each test's scratch directory is removed when the test is done.
@Suite final class ProcessRunnerTests {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "autoheal-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func script(_ body: String) throws -> String {
        let path = dir + "/s.sh"
        try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func runsInTheDirectoryWithStdinEnvironmentAndLogs() throws {
        let s = try script("pwd; cat; echo \"$AUTOHEAL_X\"; echo err >&2; exit 3\n")
        try "from stdin\n".write(toFile: dir + "/in", atomically: true, encoding: .utf8)
        let o = try ProcessRunner.run(.init(arguments: [s], directory: "/tmp", environment: ["AUTOHEAL_X": "$(touch \(dir)/pwned)"],
                                            stdinPath: dir + "/in", stdoutPath: dir + "/out", stderrPath: dir + "/err", timeoutSeconds: 10))
        #expect(o.exitCode == 3)
        #expect(!o.timedOut)
        #expect(try String(contentsOfFile: dir + "/out", encoding: .utf8) == "/tmp\nfrom stdin\n$(touch \(dir)/pwned)\n")
        #expect(try String(contentsOfFile: dir + "/err", encoding: .utf8) == "err\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/pwned"))
    }

    @Test(.timeLimit(.minutes(1)))
    func timeoutKillsTheWholeProcessGroup() throws {
        // The child starts a grandchild that would outlive it and hold the log open.
        let s = try script("sleep 30 &\necho $! > \(dir)/grandchild.pid\nsleep 30\n")
        let start = Date()
        var r = ProcessRunner.Request(arguments: [s], directory: dir, environment: [:], stdinPath: nil,
                                      stdoutPath: dir + "/out", stderrPath: dir + "/err", timeoutSeconds: 0.5)
        r.graceSeconds = 0.5
        let o = try ProcessRunner.run(r)
        #expect(o.timedOut)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(o.exitCode >= 128)
        let pidText = try String(contentsOfFile: dir + "/grandchild.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let grandchild = try #require(Int32(pidText))
        var alive = true
        for _ in 0..<50 where alive {
            // Gone, or a zombie waiting for init to reap it.
            let stat = (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8)) ?? ""
            alive = kill(grandchild, 0) == 0 && !stat.contains(") Z ")
            if alive { usleep(100_000) }
        }
        #expect(!alive, "the grandchild outlived the timeout")
    }

    @Test func resolvesLikeExecvpWithoutAShell() {
        #expect(ProcessRunner.resolve("sh", path: "/nonexistent:/bin:/usr/bin", base: "/") != nil)
        #expect(ProcessRunner.resolve("definitely-not-a-program-xyz", path: "/bin:/usr/bin", base: "/") == nil)
        #expect(ProcessRunner.resolve("./missing.sh", path: nil, base: "/tmp") == nil)
    }
}
