import AutohealLinkRun
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where `--out` writes a command's output.
enum OutputFile {
    /// Writes `text` to `option` (relative to `cwd`): `-` is standard output; an empty path, or one ending
    /// in `/` (a directory, there or not), is refused; a regular file (new, or
    /// reached through a symbolic link) is replaced whole by renaming a complete new one over it; a FIFO,
    /// device or socket is written in place — renaming over it would replace the node itself (as root,
    /// `/dev/full` became a plain file) and nothing would reach its reader.
    static func write(_ text: String, to option: String, cwd: String) throws {
        if option == "-" { Terminal.out(text); return }
        guard !option.isEmpty else { throw CLIError("cannot write the output: the path given is empty (name a file, or - for standard output)", status: .usage) }
        let path = Paths.absolute(option, relativeTo: cwd)
        var info = stat()
        // A path ending in "/" names a directory, never a file to make (it made a file without the "/").
        if option.hasSuffix("/") {
            let directory = String(option.dropLast(option.reversed().prefix { $0 == "/" }.count))
            guard stat(path + "/", &info) == 0 else {
                let problem = errno == ENOENT ? "the directory \(directory.isEmpty ? "/" : directory) does not exist"
                    : errno == ENOTDIR ? "\(directory) is not a directory" : String(cString: strerror(errno))
                throw CLIError("cannot write \(option): \(problem)")
            }
            throw CLIError("cannot write \(option): it is a directory")
        }
        let exists = stat(path, &info) == 0
        if exists {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw CLIError("cannot write \(option): it is a directory")
            case S_IFREG:
                break
            default:
                try writeInPlace(text, path: path, shown: option)
                return
            }
        }
        if !exists, let problem = directoryProblem(path) { throw CLIError("cannot write \(option): \(problem)") }
        try replaceWhole(text, path: path, shown: option)
        // The new file replaced the old one: keep the old one's permissions (a report kept private
        // stays private).
        if exists { _ = chmod(path, info.st_mode & 0o7777) }
    }

    /// Why a new file cannot be made at `path` for a reason its directory tells (missing, not a
    /// directory, not writable), in the system's words; `nil` when the directory looks fine.
    private static func directoryProblem(_ path: String) -> String? {
        let parent = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var info = stat()
        guard stat(parent, &info) == 0 else {
            return errno == ENOENT ? "the directory \(parent) does not exist" : "\(parent): \(String(cString: strerror(errno)))"
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(parent) is not a directory" }
        guard access(parent, W_OK) == 0 else { return "\(parent): \(String(cString: strerror(errno)))" }
        return nil
    }

    /// Writes `text` to a new file beside `path` and renames it over `path`: a reader sees the old
    /// file or the whole new one. On any failure (a full disk, a file-size limit) the new file is
    /// removed and `path` is left as it was. The new file gets the permissions a plain `>` would
    /// (0666 less the umask).
    private static func replaceWhole(_ text: String, path: String, shown: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var temporary = "", fd: Int32 = -1
        for _ in 0..<100 {
            temporary = "\(directory)/.\(name).autoheal-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw CLIError("cannot write \(shown): \(String(cString: strerror(errno)))") }
        let written = StandardStreams.writeAll(text, to: fd)
        var failure = written ? 0 : errno
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure != 0 else { return }
        unlink(temporary)
        throw CLIError("cannot write \(shown): \(String(cString: strerror(failure)))")
    }

    private static func writeInPlace(_ text: String, path: String, shown: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError("cannot write \(shown): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard StandardStreams.writeAll(text, to: fd) else {
            throw CLIError("cannot write \(shown): \(String(cString: strerror(errno)))")
        }
    }
}
