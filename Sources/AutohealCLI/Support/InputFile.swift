import Foundation

/// Reading a file the user names as input (`import FILE`, `link --batch FILE`, `--stack FILE`).
enum InputFile {
    /// The whole contents of `path`, or `nil` when it cannot be opened or is a directory. Read through a
    /// file handle rather than `FileManager.contents(atPath:)`, which returns nothing for a pipe: process
    /// substitution (`<(…)`), `/dev/stdin` and named pipes work as in any other command-line tool.
    static func read(_ path: String) -> Data? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return try? handle.readToEnd() ?? Data()
    }
}
