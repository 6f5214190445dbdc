import Foundation
import Testing

/// A worktree whose checkout fails halfway (a full disk; here a file-size limit the repository's
/// largest file exceeds) left the fix branch and a half-made worktree, though the README says nothing
/// is created when the worktree cannot be made.
@Suite("prevent when the worktree's checkout fails")
struct PreventCheckoutFailureTests {
    @Test("A checkout that fails halfway leaves neither the branch nor the worktree")
    func failedCheckoutLeavesNothing() throws {
        let r = PreventRepo()
        r.dir.write("repo/big.bin", String(repeating: "x", count: 400_000))
        _ = r.git(["add", "big.bin"])
        _ = r.git(["commit", "-q", "-m", "a large file"])
        // 256 blocks of 512 bytes: the ledger and the run folder fit, big.bin's checkout does not.
        let env = r.env.merging(["AH": Exec.binary]) { $1 }
        let run = Exec.run("/bin/bash", ["-c", #"ulimit -f 256; env --default-signal=XFSZ "$AH" prevent INC-7 --no-agent"#],
                           cwd: r.repo, env: env)
        #expect(run.code != 0, "\(run.out)")
        #expect(run.err.split(separator: "\n").count == 1, "one line: \(run.err)")
        #expect(r.git(["branch", "--list", "autoheal/*"]).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "no fix branch left")
        #expect(!r.git(["worktree", "list"]).contains("INC-7"), "no worktree left")
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/autoheal/worktrees/INC-7"))
        // Without the limit the same run makes both, from nothing.
        let again = r.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(again.code == 0, "\(again.err)")
        #expect(!again.err.contains("half-made"), "\(again.err)")
    }
}
