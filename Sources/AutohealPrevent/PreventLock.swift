import Foundation

/// One `prevent` run at a time per incident and repository: two at once raced for the same branch and
/// worktree and failed with libgit2's messages (or, worse, a usage error telling the user to remove the
/// other run's worktree). An exclusive `flock` on `<git-common-dir>/autoheal/locks/<INC>.lock`, held
/// for the whole run; the kernel lets go when the process ends, however it ends, so a lock is never
/// left stale. Closed on exec, so an agent that outlives autoheal does not hold it.
public final class PreventLock {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

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
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return PreventLock(fd: fd)
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
