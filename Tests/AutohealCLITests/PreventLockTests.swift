import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("prevent: one run per incident at a time")
struct PreventLockTests {
    /// While another run holds the incident, a second stops at once with one line saying so (exit 1), and
    /// leaves nothing behind; once the first is done, it runs.
    @Test("a second prevent for an incident being drafted says another run is going, and changes nothing")
    func secondRunRefused() {
        let r = PreventRepo()
        let dir = r.repo + "/.git/autoheal/locks"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fd = open(dir + "/INC-7.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        let busy = r.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(busy.code == 1, "\(busy.out) \(busy.err)")
        #expect(busy.err.contains("another `autoheal prevent INC-7` is running") && busy.err.split(separator: "\n").count == 1, "\(busy.err)")
        #expect(r.git(["branch", "--list", "autoheal/*"]).isEmpty, "no branch made")
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/autoheal/worktrees/INC-7"), "no worktree made")
        close(fd)
        let free = r.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(free.code == 0, "\(free.err)")
    }

    /// Started together, the runs raced for the branch and worktree: some failed with libgit2's messages
    /// (or a usage error saying to remove the other run's worktree), and stale worktree metadata was left.
    @Test("prevent runs started together: each drafts or says another run is going, and no stale worktree is left")
    func concurrentRuns() {
        let r = PreventRepo()
        for round in 0..<4 {
            let runs = RunBox()
            let (repo, env) = (r.repo, r.env)
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                runs.add(Exec.run(Exec.binary, ["prevent", "INC-7", "--no-agent"], cwd: repo, env: env))
            }
            let all = runs.all
            #expect(all.count == 4)
            #expect(all.contains { $0.code == 0 }, "round \(round): at least one run drafts: \(all.map(\.err))")
            for run in all where run.code != 0 {
                #expect(run.code == 1 && run.err.contains("another `autoheal prevent INC-7` is running"), "round \(round): \(run.code) \(run.err)")
            }
            #expect(r.git(["worktree", "prune", "-n", "-v"]).isEmpty, "stale worktree metadata")
            // The next round races to create them again.
            _ = r.git(["worktree", "remove", "--force", r.repo + "/.git/autoheal/worktrees/INC-7"])
            for branch in r.git(["branch", "--format=%(refname:short)", "--list", "autoheal/*"]).split(separator: "\n") {
                _ = r.git(["branch", "-D", String(branch)])
            }
        }
    }
}

/// Results gathered from several threads.
private final class RunBox: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [Run] = []
    func add(_ run: Run) { lock.lock(); runs.append(run); lock.unlock() }
    var all: [Run] { lock.lock(); defer { lock.unlock() }; return runs }
}
