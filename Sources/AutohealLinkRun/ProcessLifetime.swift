import CAllocator
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide settings for the two executables, made first thing by each (`autoheal`'s `main` and
/// `AutohealMain.run()`); not by tests, which call `AutohealMain.execute(_:)` in process and must free
/// everything they open.
public enum ProcessLifetime {
    /// Set once, on the main thread, before any command runs.
    nonisolated(unsafe) private static var isExecutable = false
    /// What the process keeps until `exit`; touched only by the main thread.
    nonisolated(unsafe) private static var kept: [AnyObject] = []

    /// Called first thing by the executable. It also makes the allocator reuse large freed blocks
    /// instead of unmapping them (`Sources/CAllocator`): a one-fix `link` spends about a tenth of its
    /// time in the kernel zeroing fresh mappings otherwise.
    ///
    /// Closed standard descriptors are opened on `/dev/null` (``StandardStreams/guardStandardDescriptors()``),
    /// and SIGXFSZ is ignored: past a file-size limit (`ulimit -f`) a write fails with EFBIG and takes
    /// the usual error path (one line, nothing half-written) instead of the signal ending the process
    /// without a word and leaving a temporary file behind.
    public static func startExecutable() {
        isExecutable = true
        StandardStreams.guardStandardDescriptors()
        signal(SIGXFSZ, SIG_IGN)
        autoheal_reuse_freed_memory()
    }

    /// Leaves `object` to the end of the process instead of freeing it now, in the executable only:
    /// freeing a repository empties libgit2's object cache object by object and unmaps its packs,
    /// work the kernel does at exit anyway (7 % of 50 one-process links). Anything that must be
    /// written or closed properly (the ledger) is closed before.
    public static func leaveToExit(_ object: AnyObject) {
        if isExecutable { kept.append(object) }
    }
}
