import CLibGit2
import CLibGit2Support

/// A failed libgit2 call: what we were doing, and libgit2's own explanation.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in terms a caller can branch on.
    public enum Code: Sendable, Equatable {
        case notFound, ambiguous, exists, unbornBranch, locked, invalidSpec, conflict, other(Int32)
        /// The revision names an object of this kind (`tree`, `blob`), not a commit.
        case notACommit(String)

        init(_ raw: Int32) {
            switch raw {
            case GIT_ENOTFOUND.rawValue: self = .notFound
            case GIT_EAMBIGUOUS.rawValue: self = .ambiguous
            case GIT_EEXISTS.rawValue: self = .exists
            case GIT_EUNBORNBRANCH.rawValue: self = .unbornBranch
            case GIT_ELOCKED.rawValue: self = .locked
            case GIT_EINVALIDSPEC.rawValue: self = .invalidSpec
            case GIT_ECONFLICT.rawValue, GIT_EMERGECONFLICT.rawValue: self = .conflict
            default: self = .other(raw)
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// libgit2's message (or ours, for errors raised by this module).
    public var message: String
    /// What we were doing, e.g. "resolve revision 'abc'".
    public var context: String

    /// The lock file a `.locked` error is about, when the caller knew it and libgit2's message does
    /// not name it (``lockFile``).
    public var knownLockFile: String?

    public init(code: Code, message: String, context: String, lockFile: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
        self.knownLockFile = lockFile
    }

    /// For a `.locked` error, the lock file in the way: the one libgit2's message names ("failed to
    /// lock file '…' for writing", from a ref or config write), else the one the caller knew (libgit2
    /// says of the index only "the index is locked").
    public var lockFile: String? {
        guard code == .locked else { return nil }
        let marker = Array("lock file '".utf8), bytes = Array(message.utf8)
        if bytes.count >= marker.count,
           let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<$0 + marker.count].elementsEqual(marker) }),
           let end = bytes[(start + marker.count)...].firstIndex(of: UInt8(ascii: "'")) {
            return String(decoding: bytes[(start + marker.count)..<end], as: UTF8.self)
        }
        return knownLockFile
    }

    /// Reads `git_error_last()` on this thread for a call that returned `raw`.
    static func last(_ raw: Int32, _ context: String) -> GitError {
        var message = "libgit2 error \(raw)"
        if let err = git_error_last(), let text = err.pointee.message {
            message = String(cString: text)
        }
        return GitError(code: Code(raw), message: message, context: context)
    }

    public var description: String {
        var hint = ""
        switch code {
        case .notFound: hint = " (check the name, or fetch the missing history)"
        case .ambiguous: hint = " (use more hex digits)"
        case .locked: hint = " (another git process holds the lock; retry)"
        default: break
        }
        return "\(context): \(message)\(hint)"
    }
}

/// Turns a libgit2 return code into a thrown ``GitError``, reading the error text on the same thread.
@discardableResult
@inline(__always)
func check(_ code: Int32, _ what: @autoclosure () -> String) throws(GitError) -> Int32 {
    if code >= 0 { return code }
    throw GitError.last(code, what())
}

/// Initialises libgit2 once per process.
///
/// Debian's libgit2 parses the whole system CA bundle with mbedTLS inside `git_libgit2_init` (about
/// 6 ms, more than half of a short command). autoheal never talks to a remote, so that load is skipped
/// for the duration of the call (see `CLibGit2Support/tls_deferral.c`).
///
/// libgit2 also re-hashes every object it reads to check it against its id (strict hash verification,
/// on by default); git itself reads objects without that and leaves the check to `git fsck`. autoheal
/// reads as git does: on a long trace the check was a quarter of the time (a 300 KB file in 200
/// versions is 60 MB of SHA-1), and it was 5 % of a one-line `link`.
enum LibGit2 {
    static let initialised: Bool = {
        autoheal_defer_system_certificates(1)
        defer { autoheal_defer_system_certificates(0) }
        git_libgit2_init()
        _ = autoheal_git_set_strict_hash_verification(0)
        return true
    }()

    @inline(__always) static func ensure() { _ = initialised }
}
