import AutohealLinkRun
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading a file the user names as input (`import FILE`, `link --batch FILE`, `--stack FILE`).
enum InputFile {
    /// Why a file could not be read, in the operating system's words (`No such file or directory`,
    /// `Is a directory`, `Permission denied`).
    struct Unreadable: Error {
        var reason: String
    }

    /// The whole contents of `path`. Read through a file descriptor rather than
    /// `FileManager.contents(atPath:)`, which returns nothing for a pipe: process substitution
    /// (`<(…)`), `/dev/stdin` and named pipes work as in any other command-line tool.
    static func read(_ path: String) throws(Unreadable) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Unreadable(reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw Unreadable(reason: String(cString: strerror(EISDIR))) }
        do { return try handle.readToEnd() ?? Data() } catch {
            let code = (error as NSError).domain == NSPOSIXErrorDomain ? Int32((error as NSError).code) : EIO
            throw Unreadable(reason: String(cString: strerror(code)))
        }
    }
}

extension Context {
    /// `file`, a path the user named, as a message should name it: as given, unless it is relative
    /// and `-C DIR` moved the directory it is taken from — then the path it was read from, so the
    /// message does not name a file the user's shell would look for somewhere else.
    func shownPath(_ file: String) -> String {
        guard file != "-", !file.hasPrefix("/"), !file.hasPrefix("~"), cwd != Paths.currentDirectory() else { return file }
        return Paths.absolute(file, relativeTo: cwd)
    }
}
