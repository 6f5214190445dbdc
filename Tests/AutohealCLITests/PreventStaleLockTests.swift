import Foundation
import Testing

/// A `prevent` (or the agent's own git) killed outright during the agent phase can leave the worktree's
/// `index.lock` behind, or the fix branch's ref `.lock`. A re-run failed with libgit2's "the index is
/// locked" (naming no file) after writing a run folder and `prevention.drafted`; a lock appearing while
/// the agent ran failed the commit the same way. Each is now named in one line (exit 1), never deleted.
@Suite("Lock files left in prevent's agent phase")
struct PreventStaleLockTests {
    static let branch = "autoheal/INC-7-connection-pool-exhausted-in-app-py"

    static func advice(_ lock: String) -> String {
        "\(lock) is in the way: a git command is using it, or one was killed before it could remove it (as a `prevent` stopped with SIGKILL can be); if no git command is running in this repository, delete \(lock) and run again"
    }

    func runFolders(_ r: PreventRepo) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: r.repo + "/.git/autoheal/runs")) ?? []
    }

    func drafts(_ r: PreventRepo) -> Int {
        let events = (r.show()["events"] as? [[String: Any]]) ?? []
        return events.filter { $0["type"] as? String == "prevention.drafted" }.count
    }

    @Test("prevent killed with its agent (SIGKILL to both process groups) leaves index.lock: the re-run names it in one line and runs nothing",
          .timeLimit(.minutes(1)))
    func killedAgentLeavesIndexLock() throws {
        let r = PreventRepo()
        // The agent stages a change and is killed while its git holds the worktree's index lock.
        let (p, grandchild) = try r.startStuckPrevent(agentBody: """
            echo '# guard' >> app.py
            git add app.py
            : > "$(git rev-parse --git-path index.lock)"
            sleep 60 &
            echo $! > '\(r.dir.path)/grandchild.pid'
            wait

            """)
        let agentGroup = try #require(grandchild.map { getpgid($0) })
        kill(p.processIdentifier, SIGKILL)
        kill(-agentGroup, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        let lock = r.repo + "/.git/worktrees/INC-7/index.lock"
        try #require(FileManager.default.fileExists(atPath: lock))
        let folders = runFolders(r), drafted = drafts(r)

        let marker = r.dir.path + "/agent-ran"
        let agent = r.agent("mark", "touch '\(marker)'\necho '# more' >> app.py\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent])
        #expect(run.code == 1, "\(run.code) \(run.err)")
        let lines = run.err.split(separator: "\n").map(String.init).filter { $0.hasPrefix("autoheal: ") }
        #expect(lines == ["autoheal: " + Self.advice(lock)], "\(run.err)")
        #expect(!run.err.contains("the index is locked"), "\(run.err)")
        #expect(FileManager.default.fileExists(atPath: lock), "a git lock file is never deleted")
        #expect(!FileManager.default.fileExists(atPath: marker), "the agent ran")
        #expect(runFolders(r) == folders, "a run folder was made")
        #expect(drafts(r) == drafted, "prevention.drafted was recorded")

        // Deleted, the next run commits the staged change with the new one.
        try FileManager.default.removeItem(atPath: lock)
        let again = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--json"])
        #expect(again.code == 0, "\(again.code) \(again.err)")
        #expect(FileManager.default.fileExists(atPath: marker))
        let worktree = r.repo + "/.git/autoheal/worktrees/INC-7"
        #expect(r.git(["show", "HEAD:app.py"], in: worktree) == "def handler(x):\n    return x\n# guard\n# more\n")
    }

    @Test("A fix branch's ref lock there before the agent starts stops the run at once, naming it")
    func staleRefLockBeforeTheAgent() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent"]).code == 0)
        let lock = r.repo + "/.git/refs/heads/" + Self.branch + ".lock"
        _ = FileManager.default.createFile(atPath: lock, contents: Data())
        let folders = runFolders(r)
        let marker = r.dir.path + "/agent-ran"
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("mark", "touch '\(marker)'\necho '# x' >> app.py\n")])
        #expect(run.code == 1, "\(run.code) \(run.err)")
        #expect(run.err.hasSuffix("autoheal: " + Self.advice(lock) + "\n"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the agent ran, to have its work refused after")
        #expect(runFolders(r) == folders)
        #expect(FileManager.default.fileExists(atPath: lock))
        // --no-agent writes nothing through it: a person's run still prepares the worktree.
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent"]).code == 0)
    }

    /// What the agent leaves in the way of autoheal's commit: the worktree's index lock, or the
    /// branch's ref lock (after a commit of its own, which is still recorded).
    enum LeftByAgent: String, CaseIterable, CustomStringConvertible {
        case indexLock, refLockAfterOwnCommit
        var description: String { rawValue }
    }

    @Test("A lock file the agent leaves keeps its change uncommitted, says so in one line, and its own commits are recorded",
          arguments: LeftByAgent.allCases)
    func lockLeftByTheAgent(left: LeftByAgent) throws {
        let r = PreventRepo()
        let worktree = r.repo + "/.git/autoheal/worktrees/INC-7"
        let lock = left == .indexLock ? r.repo + "/.git/worktrees/INC-7/index.lock" : r.repo + "/.git/refs/heads/" + Self.branch + ".lock"
        let ownCommit = left == .refLockAfterOwnCommit
            ? "echo '# first' >> app.py\ngit commit -q -am 'Guard the pool' -m 'Prevents: INC-7'\n" : ""
        let agent = r.agent("leaves-lock", ownCommit + "echo '# second' >> app.py\n: > '\(lock)'\n")
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", agent, "--json"])
        #expect(run.code == 1, "\(run.code) \(run.err)")
        let message = "autoheal: INC-7: \(lock) is in the way, so what the agent left in \(worktree) was not committed (it is still there): a git command is using the file, or one was killed before it could remove it (as a `prevent` or a git command of the agent stopped with SIGKILL can be); if no git command is running in this repository, delete \(lock), then commit the change there with the trailer \"Prevents: INC-7\" (or run again: it is committed with the agent's next change)\n"
        #expect(run.err.hasSuffix(message), "\(run.err)")
        #expect(!run.err.contains("another git process holds the lock; retry"), "\(run.err)")
        let result = (try? JSONSerialization.jsonObject(with: Data(run.out.utf8))) as? [String: Any]
        #expect(result?["error"] as? String == String(message.dropFirst("autoheal: INC-7: ".count).dropLast()))
        #expect(FileManager.default.fileExists(atPath: lock))
        #expect(try String(contentsOfFile: worktree + "/app.py", encoding: .utf8).hasSuffix("# second\n"), "the agent's change is kept")
        let commits = (r.show()["prevention"] as? [String: Any])?["commits"] as? [String] ?? []
        if left == .refLockAfterOwnCommit {
            let own = r.git(["rev-parse", Self.branch]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(commits == [own], "the agent's own commit is recorded")
        } else {
            #expect(commits.isEmpty)
        }
        try FileManager.default.removeItem(atPath: lock)
        let again = r.autoheal(["prevent", "INC-7", "--agent-cmd", r.agent("third", "echo '# third' >> app.py\n")])
        #expect(again.code == 0, "\(again.code) \(again.err)")
        #expect(r.git(["show", Self.branch + ":app.py"]).hasSuffix("# second\n# third\n"))
    }
}
