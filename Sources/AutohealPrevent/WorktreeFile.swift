#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates a file inside a worktree without ever following a symbolic link: a repository can commit
/// `cfg -> ~/.config` or `tests -> /elsewhere`, and a scaffold path through it would otherwise write
/// outside the worktree (into the user's trusted personal config, say). Each folder of the path is
/// opened relative to the one before with `O_NOFOLLOW` (missing ones are made), and the file itself is
/// created with `O_CREAT | O_EXCL | O_NOFOLLOW`, so an existing file or link is never written through.
enum WorktreeFile {
    enum Outcome: Equatable {
        /// The file was created with the content.
        case written
        /// A regular file (or folder) is already there; it is left alone.
        case exists
        /// Not written, and why (a symbolic link on the way, a file where a folder should be, an error).
        case refused(String)
    }

    /// Creates `relativePath` (already checked to hold no `..`, `.`, empty or `.git` component) under
    /// `root` with `content`.
    static func create(root: String, relativePath: String, content: String) -> Outcome {
        // On the scalar `/` (a mark after it would join it into one Character), as the path was checked.
        let parts = relativePath.unicodeScalars.split(separator: "/").map { String(String.UnicodeScalarView($0)) }
        guard let name = parts.last else { return .refused("empty path") }
        var dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { return .refused("cannot open the worktree \(root): \(errorText())") }
        defer { close(dir) }
        var walked = ""
        for part in parts.dropLast() {
            walked += (walked.isEmpty ? "" : "/") + part
            var next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT {
                if mkdirat(dir, part, 0o755) != 0, errno != EEXIST {
                    return .refused("cannot create the folder \(walked): \(errorText())")
                }
                next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if next < 0 {
                if isSymbolicLink(dir, part) { return .refused("\(walked) is a symbolic link in the repository; autoheal does not write through it") }
                if errno == ENOTDIR { return .refused("\(walked) is not a folder") }
                return .refused("cannot open the folder \(walked): \(errorText())")
            }
            close(dir)
            dir = next
        }
        let fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if fd < 0 {
            let failure = errno
            if isSymbolicLink(dir, name) { return .refused("\(relativePath) is a symbolic link in the repository; autoheal does not write through it") }
            if failure == EEXIST { return .exists }
            return .refused("cannot create \(relativePath): \(String(cString: strerror(failure)))")
        }
        defer { close(fd) }
        var bytes = Array(content.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .refused("cannot write \(relativePath): \(errorText())")
            }
            bytes = bytes.dropFirst(n)
        }
        return .written
    }

    static func isSymbolicLink(_ dir: Int32, _ name: String) -> Bool {
        var st = stat()
        return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
