import AutohealCore
#if canImport(Glibc)
import Glibc
#endif

/// Paths, the environment and the clock as commands read them, without Foundation (both executables
/// use these, so both resolve `-C`, `--db` and `$AUTOHEAL_NOW` the same way).
public enum Paths {
    /// The working directory, or `/` when it cannot be read.
    public static func currentDirectory() -> String {
        guard let buffer = getcwd(nil, 0) else { return "/" }
        defer { free(buffer) }
        return String(cString: buffer)
    }

    /// The directory a command runs in: `-C dir` made absolute (nil when that is not a directory),
    /// else the working directory.
    public static func commandDirectory(_ option: String?) -> String? {
        let base = currentDirectory()
        guard let option else { return base }
        let path = absolute(option, relativeTo: base)
        return isDirectory(path) ? path : nil
    }

    /// Why `-C option` cannot be used: there is nothing there, or it is not a directory.
    public static func commandDirectoryProblem(_ option: String) -> String {
        var info = stat()
        let path = absolute(option, relativeTo: currentDirectory())
        if stat(path, &info) != 0 { return "cannot change to \(option): \(String(cString: strerror(errno)))" }
        return "cannot change to \(option): not a directory"
    }

    /// Whether `path` names a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// One environment variable.
    public static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The real path of the running executable (`/proc/self/exe`), or nil when it cannot be read.
    public static func runningExecutable() -> String? {
        realPath("/proc/self/exe")
    }

    /// `$HOME`, else the user database's home directory, else `/`.
    public static func homeDirectory() -> String {
        if let home = variable("HOME"), !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// `path` made absolute against `base`: a leading `~` or `~user` expanded, then symbolic links, `.`,
    /// `..` and repeated slashes resolved as far as the path exists (the rest is normalised as text), as
    /// Foundation's `expandingTildeInPath` and `standardizingPath` do.
    public static func absolute(_ path: String, relativeTo base: String) -> String {
        let expanded = expandingTilde(path)
        return resolved(expanded.hasPrefix("/") ? expanded : base + "/" + expanded)
    }

    static func expandingTilde(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = path[path.index(after: path.startIndex)..<slash]
        let home: String
        if user.isEmpty {
            home = homeDirectory()
        } else if let entry = getpwnam(String(user)), let dir = entry.pointee.pw_dir {
            home = String(cString: dir)
        } else {
            return path
        }
        return home + path[slash...]
    }

    /// The real path of the longest existing leading part of an absolute path, with the rest appended.
    static func resolved(_ path: String) -> String {
        if let real = realPath(path) { return real }
        var parts: [Substring] = []
        for component in path.split(separator: "/") where component != "." {
            if component == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(component) }
        }
        var rest: [Substring] = []
        while !parts.isEmpty {
            rest.insert(parts.removeLast(), at: 0)
            let head = "/" + parts.joined(separator: "/")
            if let real = realPath(head) {
                return (real == "/" ? "" : real) + "/" + rest.joined(separator: "/")
            }
        }
        return "/" + rest.joined(separator: "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let buffer = realpath(path, nil) else { return nil }
        defer { free(buffer) }
        return String(cString: buffer)
    }
}

/// Where the ledger is.
public enum LedgerPath {
    /// `--db`, else `$AUTOHEAL_DB`, else `<git-common-dir>/autoheal/autoheal.sqlite` inside a
    /// repository, else `$XDG_DATA_HOME/autoheal/autoheal.sqlite` (default `~/.local/share`).
    public static func resolve(option: String?, cwd: String, commonDir: String?) -> String {
        if let db = option { return Paths.absolute(db, relativeTo: cwd) }
        if let db = Paths.variable("AUTOHEAL_DB"), !db.isEmpty { return Paths.absolute(db, relativeTo: cwd) }
        if let commonDir { return commonDir + "/autoheal/autoheal.sqlite" }
        let data = Paths.variable("XDG_DATA_HOME").flatMap { $0.isEmpty ? nil : $0 } ?? Paths.homeDirectory() + "/.local/share"
        return data + "/autoheal/autoheal.sqlite"
    }
}

/// The time commands record.
public enum CommandClock {
    /// Now, or `$AUTOHEAL_NOW` (RFC 3339) when set — for reproducible output in scripts and tests.
    public static func now() -> Timestamp {
        if let text = Paths.variable("AUTOHEAL_NOW"), let t = try? RFC3339.parse(text) { return t }
        return .now
    }

    /// Why `$AUTOHEAL_NOW` cannot be used, when it is set to something that is not an RFC 3339 time:
    /// commands refuse to run rather than quietly use the real clock.
    public static var environmentProblem: String? {
        guard let text = Paths.variable("AUTOHEAL_NOW") else { return nil }
        do { _ = try RFC3339.parse(text) } catch { return "$AUTOHEAL_NOW: \(error); unset it to use the clock" }
        return nil
    }
}
