import Foundation
import Testing

/// A `prevent` killed outright (SIGKILL, which no handler sees) cannot stop its agent: the agent has its
/// own process group and went on writing into the worktree while a re-run took the lock, reused the
/// worktree and committed.
@Suite("prevent after a run killed outright")
struct PreventOrphanAgentTests {
    @Test("A re-run refuses while the agent a killed run started is alive, and goes on once it is gone",
          .timeLimit(.minutes(2)))
    func refusesWhileTheOrphanedAgentLives() throws {
        let r = PreventRepo()
        // The agent leads its own process group: its pid is the group's id.
        let (p, leader) = try r.startStuckPrevent(agentBody: "echo $$ > '\(r.dir.path)/grandchild.pid'\nsleep 60\n")
        let group = try #require(leader, "the agent never started")
        defer { kill(-group, SIGKILL) }
        kill(p.processIdentifier, SIGKILL)
        // Not `waitUntilExit`: Foundation notices the end only once every holder of a pipe it gave the
        // child has closed it, the orphaned agent included. The run is dead once its /proc entry is gone
        // or a zombie.
        func dead(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return true }
            return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
        }
        for _ in 0..<200 where !dead(p.processIdentifier) { usleep(50_000) }
        #expect(dead(p.processIdentifier), "the run was killed")
        #expect(kill(-group, 0) == 0, "the agent outlives the run")

        let refused = r.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(refused.code == 1, "\(refused.err)")
        #expect(refused.err.contains("still running (process group \(group))") && refused.err.contains("kill -- -\(group)"),
                "\(refused.err)")

        kill(-group, SIGKILL)
        var gone = false
        for _ in 0..<100 where !gone {
            let again = r.autoheal(["prevent", "INC-7", "--no-agent"])
            gone = !again.err.contains("still running")
            if gone { #expect(again.code == 0, "\(again.err)") } else { usleep(50_000) }
        }
        #expect(gone, "a dead group no longer stops a run")
        p.waitUntilExit()
    }
}
