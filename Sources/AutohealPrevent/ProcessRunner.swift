import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program as an argument vector with `posix_spawn` — never through a shell — in its own process
/// group, with stdin read from a file and stdout/stderr written to files (no pipes, so nothing can
/// deadlock and grandchildren cannot hold us up). On timeout the whole group gets SIGTERM, then SIGKILL.
/// The signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) we received while an agent ran; 0 when none. Written
/// only by the signal handler, read by the waiting loop.
nonisolated(unsafe) private var receivedSignal: sig_atomic_t = 0

public enum ProcessRunner {
    /// The signals that stop a running agent's group, then autoheal.
    static let forwardedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Whether a saved disposition is `SIG_IGN`. Read as the raw word that starts the structure (the
    /// handler, on Linux and macOS) and never as a Swift function value: `SIG_IGN` is the address 1,
    /// which Swift takes for "no value" in a doubly optional function pointer (an array iterator's
    /// element), so a loop over saved handlers would stop at the first ignored one.
    static func ignores(_ action: sigaction) -> Bool {
        withUnsafeBytes(of: action) { $0.load(as: UInt.self) } == 1
    }

    /// How a run ended.
    public struct Outcome: Equatable, Sendable {
        /// The exit status, or 128 + signal when the process was killed by a signal.
        public var exitCode: Int32
        public var timedOut: Bool
        public var seconds: Double
    }

    /// What to run and where.
    public struct Request: Sendable {
        public var arguments: [String]
        public var directory: String
        public var environment: [String: String]
        public var stdinPath: String?
        public var stdoutPath: String
        public var stderrPath: String
        public var timeoutSeconds: Double
        /// Seconds between SIGTERM and SIGKILL.
        public var graceSeconds: Double = 2
        /// A file that holds the running program's process group id while it runs and is removed when
        /// the group is stopped, so that a later run can tell a group orphaned by a SIGKILL of autoheal
        /// (which no handler sees) is still alive (``PreventLock``).
        public var groupRecordPath: String?

        public init(arguments: [String], directory: String, environment: [String: String], stdinPath: String?,
                    stdoutPath: String, stderrPath: String, timeoutSeconds: Double) {
            self.arguments = arguments
            self.directory = directory
            self.environment = environment
            self.stdinPath = stdinPath
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
            self.timeoutSeconds = timeoutSeconds
        }
    }

    /// Finds `program` like `execvp` would, on `path` (a `PATH` value); a name with a `/` is taken
    /// relative to `base`. `nil` when there is no such executable.
    public static func resolve(_ program: String, path: String?, base: String) -> String? {
        let fm = FileManager.default
        if program.contains("/") {
            let full = program.hasPrefix("/") ? program : base + "/" + program
            return fm.isExecutableFile(atPath: full) ? (full as NSString).standardizingPath : nil
        }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(program)"
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// `posix_spawn_file_actions_addchdir_np`, looked up at run time: Glibc declares it only under
    /// `_GNU_SOURCE`, which Swift's Glibc module does not set.
    private static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ dir: String) -> Bool {
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        #if canImport(Glibc)
        let handle = dlopen(nil, RTLD_NOW)
        #else
        let handle = UnsafeMutableRawPointer(bitPattern: -2) // RTLD_DEFAULT
        #endif
        guard let sym = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return false }
        let f = unsafeBitCast(sym, to: AddChdir.self)
        return f(&actions, dir) == 0
    }

    /// Runs the request to completion (or timeout). The first argument must be an executable path.
    public static func run(_ r: Request) throws(PreventError) -> Outcome {
        guard let executable = r.arguments.first else { throw PreventError("an empty command", kind: .usage) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, r.stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, r.stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, r.stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let chdirInChild = addChdir(&actions, r.directory)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attr, Int16(flags))
        posix_spawnattr_setpgroup(&attr, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGXFSZ] { sigaddset(&defaults, s) }  // (autoheal ignores SIGXFSZ)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)

        let argv = r.arguments.map { strdup($0) } + [nil]
        let envp = r.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let start = Date()
        var pid = pid_t()
        // Without posix_spawn_file_actions_addchdir_np, change directory around the spawn (single-threaded here).
        let previous = chdirInChild ? nil : FileManager.default.currentDirectoryPath
        if !chdirInChild, chdir(r.directory) != 0 {
            throw PreventError("cannot change to \(r.directory): \(String(cString: strerror(errno)))")
        }
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        if let previous { _ = chdir(previous) }
        guard rc == 0 else {
            throw PreventError("cannot run \(executable): \(String(cString: strerror(rc)))")
        }
        if let record = r.groupRecordPath { try? "\(pid)\n".write(toFile: record, atomically: true, encoding: .utf8) }

        // Ctrl-C, a SIGTERM, a hang-up (the terminal closed, the ssh connection dropped) or a SIGQUIT stops
        // the agent's whole group, then us, the way a shell would: the agent has its own process group, so
        // the terminal's signals never reach it. A signal we were started ignoring (`nohup`, a script's
        // background job) stays ignored.
        receivedSignal = 0
        let forwarded = Self.forwardedSignals
        var previousActions: [sigaction] = Array(repeating: sigaction(), count: forwarded.count)
        var unblock = sigset_t(), previousMask = sigset_t()
        sigemptyset(&unblock)
        for i in forwarded.indices {
            sigaction(forwarded[i], nil, &previousActions[i])
            if Self.ignores(previousActions[i]) { continue }
            signal(forwarded[i]) { receivedSignal = $0 }
            sigaddset(&unblock, forwarded[i])
        }
        // A parent may have started us with these signals blocked; they must reach the handler.
        pthread_sigmask(SIG_UNBLOCK, &unblock, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        var status: Int32 = 0
        var timedOut = false
        var stopping = false
        let deadline = start.addingTimeInterval(r.timeoutSeconds)
        var killAt: Date?
        while true {
            let w = waitpid(pid, &status, WNOHANG)
            if w == pid { break }
            if w < 0, errno != EINTR { break }
            let now = Date()
            if receivedSignal != 0, !stopping {
                stopping = true
                kill(-pid, SIGTERM)
                killAt = now.addingTimeInterval(r.graceSeconds)
            } else if !timedOut, !stopping, now >= deadline {
                timedOut = true
                kill(-pid, SIGTERM)
                killAt = now.addingTimeInterval(r.graceSeconds)
            } else if let k = killAt, now >= k {
                kill(-pid, SIGKILL)
                killAt = nil
            }
            usleep(20_000)
        }
        // Whatever the agent left running in its group goes with it.
        kill(-pid, SIGKILL)
        if let record = r.groupRecordPath { unlink(record) }
        for i in forwarded.indices { sigaction(forwarded[i], &previousActions[i], nil) }
        if receivedSignal != 0 {
            // The branch, worktree and logs stay; we end as the signal asked, by its default action: what
            // was there before may be the Swift runtime's crash handler (SIGQUIT), which did not end us.
            signal(receivedSignal, SIG_DFL)
            raise(receivedSignal)
        }
        let seconds = Date().timeIntervalSince(start)
        let code: Int32
        if status & 0x7F == 0 { code = (status >> 8) & 0xFF } else { code = 128 + (status & 0x7F) }
        return Outcome(exitCode: code, timedOut: timedOut, seconds: seconds)
    }
}
