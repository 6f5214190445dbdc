import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Holds SIGINT, SIGTERM, SIGHUP and SIGQUIT off while `prevent` changes the repository through
/// libgit2 (the branch, the worktree and its checkout, `git config` writes, the worktree's index, the
/// commit): libgit2 takes `config.lock`, `refs/heads/….lock`, `HEAD.lock` and `index.lock` and removes
/// them only when it finishes, so a signal in between left one behind, and every later `prevent` and
/// `git config` write in the repository failed until it was deleted by hand.
///
/// The signals are blocked (``begin()``) and, when the section ends (``end()``), one that arrived
/// meanwhile ends the process by its default action — as it would have, only after the locks are
/// released and the section's work is whole. A signal the process was started ignoring (`nohup`) stays
/// ignored, and one its parent started it blocking stays blocked (that is the parent's choice, as
/// before). The agent phase is not held: ``ProcessRunner`` forwards those signals to the agent's group
/// and spawns the agent with an empty signal mask.
///
/// `prevent` is single-threaded while it holds them (a signal is blocked per thread).
final class SignalHold {
    private var previousMask = sigset_t()
    private var holding = false

    private init() {}

    /// Blocks the signals until ``end()``.
    static func begin() -> SignalHold {
        let hold = SignalHold()
        var block = sigset_t()
        sigemptyset(&block)
        for s in ProcessRunner.forwardedSignals { sigaddset(&block, s) }
        pthread_sigmask(SIG_BLOCK, &block, &hold.previousMask)
        hold.holding = true
        return hold
    }

    /// Unblocks the signals; one that arrived while they were held ends the process now, by its
    /// default action (not a handler left by someone else, such as the Swift runtime's on SIGQUIT).
    /// Does nothing the second time.
    func end() {
        guard holding else { return }
        holding = false
        var pending = sigset_t()
        sigpending(&pending)
        var ending: [Int32] = []
        for s in ProcessRunner.forwardedSignals where sigismember(&pending, s) == 1 && sigismember(&previousMask, s) == 0 {
            var current = sigaction()
            sigaction(s, nil, &current)
            if ProcessRunner.ignores(current) { continue }
            ending.append(s)
        }
        for s in ending { signal(s, SIG_DFL) }
        // Delivered as the mask is restored, before pthread_sigmask returns.
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        // Not reached when a signal was pending; should one have been taken elsewhere, end by it anyway.
        if let s = ending.first { raise(s) }
    }
}
