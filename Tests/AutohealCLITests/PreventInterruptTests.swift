import Foundation
import Testing

@Suite("Interrupting prevent")
struct PreventInterruptTests {
    @Test("Ctrl-C stops the agent's whole process group, then autoheal, and keeps the branch", .timeLimit(.minutes(1)))
    func interrupt() throws {
        let r = PreventRepo()
        let (p, grandchild) = try r.startStuckPrevent()
        #expect(grandchild != nil, "the agent never started")
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(p.terminationStatus == SIGINT)
        if let grandchild {
            var gone = false
            for _ in 0..<50 where !gone { gone = kill(grandchild, 0) != 0; if !gone { usleep(100_000) } }
            #expect(gone, "the agent's background process outlived the interrupt")
        }
        #expect(r.branches().contains { $0.hasPrefix("autoheal/INC-7") })
    }
}

/// A signal while `prevent` sets up (branch, worktree, `git config` writes through libgit2) waits for
/// the setup to be whole, then ends the run; a run killed outright (SIGKILL) leaves what a re-run can
/// recognise and clear, or one clear line.
@Suite("Interrupting prevent's setup")
struct PreventSetupInterruptTests {
    static let branch = "autoheal/INC-7-connection-pool-exhausted-in-app-py"

    /// Starts `prevent INC-7 --no-agent` and sends `signal` the moment `.git/config.lock` exists, i.e.
    /// while libgit2 rewrites the repository's config; returns the wait status. The config is made
    /// large (100,000 entries), so the rewrite holds the lock for many milliseconds: long enough to be
    /// seen and signalled every time. Started as a shell starts a command — no signal blocked, none
    /// ignored — with `posix_spawn`: Foundation's `Process` passes on the mask of the test's thread,
    /// which blocks these signals (and a signal blocked from the start stays pending, before and after).
    static func signalWhileConfigLocked(_ r: PreventRepo, _ signal: Int32) throws -> Int32 {
        let config = r.repo + "/.git/config"
        let handle = try #require(FileHandle(forWritingAtPath: config))
        handle.seekToEndOfFile()
        handle.write(Data((0..<100_000).map { "[pad \"k\($0)\"]\n\tv = \($0)\n" }.joined().utf8))
        handle.closeFile()
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let words: [String] = ["/bin/sh", "-c", "cd \"$1\" && exec \"$2\" prevent INC-7 --no-agent", "sh", r.repo, Exec.binary]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let pairs: [String] = ProcessInfo.processInfo.environment.merging(r.env) { _, new in new }.map { "\($0.key)=\($0.value)" }
        let env: [UnsafeMutablePointer<CChar>?] = pairs.map { strdup($0) } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var pid = pid_t()
        #expect(posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, env) == 0)
        var seen = false, status: Int32 = 0
        let deadline = Date().addingTimeInterval(60)
        while !seen, Date() < deadline, waitpid(pid, &status, WNOHANG) == 0 {
            seen = FileManager.default.fileExists(atPath: config + ".lock")
            if !seen { usleep(200) }
        }
        #expect(seen, "prevent never took .git/config.lock")
        if seen {
            kill(pid, signal)
            waitpid(pid, &status, 0)
        }
        return status
    }

    @Test("SIGTERM, a hang-up or Ctrl-C while libgit2 writes .git/config ends prevent after the write: no config.lock is left",
          .timeLimit(.minutes(3)), arguments: [SIGTERM, SIGHUP, SIGINT])
    func signalDuringConfigWrite(signal: Int32) throws {
        let r = PreventRepo()
        let status = try Self.signalWhileConfigLocked(r, signal)
        #expect(status & 0x7F == signal, "wait status \(status): not ended by the signal")
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/config.lock"))
        // The setup is whole: the branch claimed, the worktree checked out; git config writes work.
        func git(_ args: [String]) -> Run { Exec.run("/usr/bin/env", ["git"] + args, cwd: r.repo, env: r.env) }
        #expect(git(["config", "branch.\(Self.branch).autohealIncident"]).out == "INC-7\n")
        let write = git(["config", "core.autohealProbe", "yes"])
        #expect(write.code == 0, "\(write.err)")
        let worktree = r.repo + "/.git/autoheal/worktrees/INC-7"
        #expect(FileManager.default.fileExists(atPath: worktree + "/app.py"))
        let again = r.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(again.code == 0, "\(again.err)")
        #expect(again.err.contains("reusing worktree"), "\(again.err)")
    }

    /// The metadata and folder `git_worktree_add` leaves when killed at each of its steps.
    enum HalfMade: String, CaseIterable, CustomStringConvertible {
        case metadataOnly, emptyFolder, emptyGitFile, gitFileOnly, withoutHead, partialCheckout
        var description: String { rawValue }
    }

    /// Leaves the worktree half-made in `state`, at the default folder or at `at` (a `--worktree DIR`).
    static func makeHalfWorktree(_ r: PreventRepo, _ state: HalfMade, extra: (String, String)? = nil, at custom: String? = nil) -> String {
        let meta = r.repo + "/.git/worktrees/INC-7", folder = custom ?? r.repo + "/.git/autoheal/worktrees/INC-7"
        let fm = FileManager.default
        try! fm.createDirectory(atPath: meta, withIntermediateDirectories: true)
        _ = r.git(["branch", Self.branch, "main"])
        if state == .metadataOnly { return folder }
        try! fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if state == .emptyFolder { return folder }
        if state == .emptyGitFile {
            // Killed as it wrote the `.git` file.
            _ = fm.createFile(atPath: folder + "/.git", contents: Data())
            return folder
        }
        _ = fm.createFile(atPath: folder + "/.git", contents: Data("gitdir: \(meta)\n".utf8))
        if let (name, text) = extra { _ = fm.createFile(atPath: folder + "/" + name, contents: Data(text.utf8)) }
        if state == .gitFileOnly { return folder }
        _ = fm.createFile(atPath: meta + "/commondir", contents: Data((r.repo + "/.git\n").utf8))
        _ = fm.createFile(atPath: meta + "/gitdir", contents: Data((folder + "/.git\n").utf8))
        if state == .withoutHead {
            _ = fm.createFile(atPath: meta + "/HEAD.lock", contents: Data("ref: refs/heads/\(Self.branch)\n".utf8))
            return folder
        }
        // Killed during the checkout: HEAD written, app.py cut short, README.md not yet there, no index.
        _ = fm.createFile(atPath: meta + "/HEAD", contents: Data("ref: refs/heads/\(Self.branch)\n".utf8))
        _ = fm.createFile(atPath: meta + "/index.lock", contents: Data())
        if extra?.0 != "app.py" { _ = fm.createFile(atPath: folder + "/app.py", contents: Data("def hand".utf8)) }
        return folder
    }

    /// The fix branch checked out whole at `folder`, the user's staged edit not carried there.
    static func expectCheckedOut(_ r: PreventRepo, _ folder: String) throws {
        #expect(try String(contentsOfFile: folder + "/app.py", encoding: .utf8) == "def handler(x):\n    return x\n")
        #expect(try String(contentsOfFile: folder + "/README.md", encoding: .utf8) == "demo\n")
        #expect(r.git(["status", "--porcelain", "--untracked-files=no"], in: folder) == "")
        #expect(r.git(["rev-parse", "--abbrev-ref", "HEAD"], in: folder) == Self.branch + "\n")
    }

    @Test("A worktree a killed prevent left half-made is removed and made again", arguments: HalfMade.allCases)
    func halfMadeWorktreeIsRemade(state: HalfMade) throws {
        let r = PreventRepo()
        let folder = Self.makeHalfWorktree(r, state)
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        try #require(run.code == 0, "\(run.code) \(run.err)")
        #expect(run.object["worktree"] as? String == folder)
        try Self.expectCheckedOut(r, folder)
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/worktrees/INC-7/index.lock"))
        if state != .metadataOnly { #expect(run.err.contains("removed the half-made worktree"), "\(run.err)") }
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent"]).code == 0)
    }

    @Test("A half-made worktree holding anything its checkout would not write is left alone, and the error says what to do",
          arguments: [(HalfMade.gitFileOnly, "notes.txt", "my notes\n"), (.partialCheckout, "notes.txt", "my notes\n"),
                      (.partialCheckout, "app.py", "def handler(x):\n    return x + 1\n")])
    func halfMadeWorktreeWithOtherWorkIsKept(state: HalfMade, file: String, text: String) throws {
        let r = PreventRepo()
        let folder = Self.makeHalfWorktree(r, state, extra: (file, text))
        let run = r.autoheal(["prevent", "INC-7", "--no-agent"])
        if state == .partialCheckout {
            #expect(run.code == 1, "\(run.code) \(run.err)")
            #expect(run.err.contains("\(folder) was left half checked out by an interrupted run"), "\(run.err)")
            #expect(FileManager.default.fileExists(atPath: r.repo + "/.git/worktrees/INC-7/HEAD"))
        } else {
            #expect(run.code == 64, "\(run.code) \(run.err)")
            #expect(run.err.contains("already exists and is not INC-7's worktree"), "\(run.err)")
        }
        #expect(try String(contentsOfFile: folder + "/" + file, encoding: .utf8) == text)
        #expect(FileManager.default.fileExists(atPath: folder + "/.git"))
    }

    @Test("A worktree a killed prevent left half-made at --worktree DIR is removed and made again there", arguments: HalfMade.allCases)
    func halfMadeCustomWorktreeIsRemade(state: HalfMade) throws {
        let r = PreventRepo()
        let custom = r.dir.path + "/trees/inc-7"
        let folder = Self.makeHalfWorktree(r, state, at: custom)
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json", "--worktree", custom])
        try #require(run.code == 0, "\(run.code) \(run.err)")
        #expect(run.object["worktree"] as? String == folder)
        try Self.expectCheckedOut(r, folder)
        if state != .metadataOnly { #expect(run.err.contains("removed the half-made worktree an interrupted run left at \(folder)"), "\(run.err)") }
        let again = r.autoheal(["prevent", "INC-7", "--no-agent", "--worktree", custom])
        #expect(again.code == 0 && again.err.contains("reusing worktree \(folder)"), "\(again.err)")
    }

    @Test("A half-made worktree at --worktree DIR, run again without --worktree, is cleared where it was")
    func halfMadeCustomWorktreeFoundByItsMetadata() throws {
        let r = PreventRepo()
        let custom = r.dir.path + "/trees/inc-7"
        let folder = Self.makeHalfWorktree(r, .partialCheckout, at: custom)
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--json"])
        try #require(run.code == 0, "\(run.code) \(run.err)")
        #expect(run.err.contains("removed the half-made worktree an interrupted run left at \(folder)"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        let made = r.repo + "/.git/autoheal/worktrees/INC-7"
        try #require(run.object["worktree"] as? String == made)
        #expect(r.git(["status", "--porcelain", "--untracked-files=no"], in: made) == "")
    }

    @Test("A half-made worktree at --worktree DIR holding anything its checkout would not write is left alone",
          arguments: [(HalfMade.gitFileOnly, "notes.txt", "my notes\n"), (.partialCheckout, "notes.txt", "my notes\n"),
                      (.partialCheckout, "app.py", "def handler(x):\n    return x + 1\n")])
    func halfMadeCustomWorktreeWithOtherWorkIsKept(state: HalfMade, file: String, text: String) throws {
        let r = PreventRepo()
        let custom = r.dir.path + "/trees/inc-7"
        let folder = Self.makeHalfWorktree(r, state, extra: (file, text), at: custom)
        let run = r.autoheal(["prevent", "INC-7", "--no-agent", "--worktree", custom])
        if state == .partialCheckout {
            #expect(run.code == 1, "\(run.code) \(run.err)")
            #expect(run.err.contains("\(folder) was left half checked out by an interrupted run"), "\(run.err)")
        } else {
            #expect(run.code == 64, "\(run.code) \(run.err)")
            #expect(run.err.contains("\(folder) already exists and is not INC-7's worktree"), "\(run.err)")
        }
        #expect(try String(contentsOfFile: folder + "/" + file, encoding: .utf8) == text)
        #expect(FileManager.default.fileExists(atPath: folder + "/.git"))
    }

    @Test("A ref lock a killed prevent left is named in one line and not deleted")
    func staleRefLockIsNamed() throws {
        let r = PreventRepo()
        let lock = r.repo + "/.git/refs/heads/" + Self.branch + ".lock"
        try FileManager.default.createDirectory(atPath: (lock as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: lock, contents: Data())
        let run = r.autoheal(["prevent", "INC-7", "--no-agent"])
        #expect(run.code == 1)
        #expect(run.err == "autoheal: \(lock) is in the way: a git command is using it, or one was killed before it could remove it (as a `prevent` stopped with SIGKILL can be); if no git command is running in this repository, delete \(lock) and run again\n",
                "\(run.err)")
        #expect(FileManager.default.fileExists(atPath: lock))
        #expect(r.branches() == ["main"])
        try FileManager.default.removeItem(atPath: lock)
        #expect(r.autoheal(["prevent", "INC-7", "--no-agent"]).code == 0)
    }
}
