import Foundation

/// One `prevent` run at a time per incident and repository: two at once raced for the same branch and
/// worktree and failed with libgit2's messages (or, worse, a usage error telling the user to remove the
/// other run's worktree). An exclusive `flock` on `<git-common-dir>/autoheal/locks/<INC>.lock`, held
/// for the whole run; the kernel lets go when the process ends, however it ends, so a lock is never
/// left stale. Closed on exec, so an agent that outlives autoheal does not hold it.
///
/// A `prevent` killed outright (SIGKILL) cannot stop its agent, which runs in its own process group and
/// would go on writing into the worktree a re-run reuses. The group's id is kept beside the lock while
/// an agent or `verify` command runs (``groupRecordPath``, written by ``ProcessRunner``); taking the lock
/// refuses while a group so recorded is still alive.
public final class PreventLock {
    private var fd: Int32
    /// Where the running agent's (or `verify` command's) process group id is kept while it runs.
    public let groupRecordPath: String

    private init(fd: Int32, groupRecordPath: String) {
        self.fd = fd
        self.groupRecordPath = groupRecordPath
    }

    /// Takes the lock, or throws at once, naming the process that holds it.
    public static func acquire(commonDir: String, incident: String) throws(PreventError) -> PreventLock {
        let dir = commonDir + "/autoheal/locks"
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw PreventError("cannot create \(dir): \(error.localizedDescription)")
        }
        let path = dir + "/" + incident + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw PreventError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(fd)
            close(fd)
            throw PreventError("another `autoheal prevent \(incident)` is running in this repository\(holder.map { " (process \($0))" } ?? ""); wait for it to finish, then run again")
        }
        let record = dir + "/" + incident + ".agent"
        if let group = Self.liveGroup(recordedAt: record) {
            close(fd)
            throw PreventError("an agent an earlier `autoheal prevent \(incident)` started is still running (process group \(group)), though that run was killed; wait for it to end, or stop it with `kill -- -\(group)`, then run again")
        }
        unlink(record)
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return PreventLock(fd: fd, groupRecordPath: record)
    }

    /// The process group id recorded at `path` when a process of that group is still alive (a record
    /// left by a run killed outright while its agent ran), else nil.
    private static func liveGroup(recordedAt path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let group = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), group > 1,
              kill(-group, 0) == 0 || errno == EPERM else { return nil }
        #if os(Linux)
        // Zombies answer kill(2) until reaped, and a container's process 1 may never reap them: alive
        // means a member of the group that is not a zombie (`/proc/PID/stat`: state, then the group).
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return group }
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group { return group }
        }
        return nil
        #else
        return group
        #endif
    }

    /// The process id the holder wrote into the lock file, if any.
    private static func holder(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Lets the lock go (also done when the process ends).
    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
