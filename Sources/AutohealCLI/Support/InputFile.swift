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
        /// The input was standard input (`-`), not a file.
        var fromStandardInput = false
    }

    /// The whole contents of `path`. Read through a file descriptor rather than
    /// `FileManager.contents(atPath:)`, which returns nothing for a pipe: process substitution
    /// (`<(…)`), `/dev/stdin` and named pipes work as in any other command-line tool.
    static func read(_ path: String) throws(Unreadable) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Unreadable(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        return try readAll(fd)
    }

    /// The whole of `file` as the user named it: standard input for `-`, else the file at that path,
    /// resolved under `cwd`. The error says which (``Unreadable/fromStandardInput``), for the caller's message.
    static func read(_ file: String, cwd: String) throws(Unreadable) -> Data {
        if file == "-" {
            do { return try readStandardInput() } catch { throw Unreadable(reason: error.reason, fromStandardInput: true) }
        }
        return try read(Paths.absolute(file, relativeTo: cwd))
    }

    /// The whole of standard input (`-`). One that cannot be read — a directory (`< /tmp`), a
    /// descriptor open for writing only (`0>/dev/full`), a closed one (`<&-`) — is refused with the
    /// system's reason, like a file named on the command line, instead of ending the process.
    static func readStandardInput() throws(Unreadable) -> Data {
        if StandardStreams.inputWasClosed { throw Unreadable(reason: String(cString: strerror(EBADF))) }
        return try readAll(0)
    }

    /// Everything left to read on `fd`, through read(2) (Foundation's `readDataToEndOfFile()` stops the
    /// process on a read error).
    private static func readAll(_ fd: Int32) throws(Unreadable) -> Data {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Unreadable(reason: String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw Unreadable(reason: String(cString: strerror(EISDIR))) }
        var data = Data()
        if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 { data.reserveCapacity(Int(info.st_size)) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunk) }
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n == 0 { return data }
            if errno == EINTR { continue }
            throw Unreadable(reason: String(cString: strerror(errno)))
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
