import Foundation

/// Installs autoheal's hooks into a hooks directory, chaining any hook already there.
///
/// Layout after `install`: `<hooks>/autoheal-hooks/` holds our scripts, `_common.sh` and `env.sh`
/// (binary path, branch prefix, default branch); `<hooks>/<name>` is a small wrapper that first runs the
/// previous hook — moved aside byte for byte to `<name>.autoheal-orig` — with the same arguments and
/// input, then ours. `uninstall` restores the previous hook exactly.
///
/// A hooks directory every repository runs (`core.hooksPath` from the global or system configuration) is
/// *shared*: its `env.sh` holds only the binary and `AUTOHEAL_SHARED=1`, and each repository where
/// autoheal is installed keeps its own settings (branch prefix, default branch, ledger) in
/// `<git-common-dir>/autoheal/hooks-env.sh`; in every other repository autoheal's part of the hooks does
/// nothing (the previous hooks still run).
public struct HookInstaller {
    /// The hooks autoheal installs, in the order git documents them.
    public static let hookNames = [
        "prepare-commit-msg", "commit-msg", "post-commit", "post-merge", "post-rewrite", "reference-transaction", "post-receive",
    ]
    /// Hooks git feeds on standard input.
    static let readsStdin: Set<String> = ["post-rewrite", "reference-transaction", "post-receive"]
    static let marker = "# autoheal-managed hook"
    static let folder = "autoheal-hooks"

    public let hooksDirectory: String
    /// This repository's settings when the hooks directory is shared: `<git-common-dir>/autoheal/hooks-env.sh`.
    public let repositoryEnvPath: String?
    private let fm = FileManager.default

    /// `commonDirectory`: the repository's common git directory, where its settings go when the hooks
    /// directory is shared.
    public init(hooksDirectory: String, commonDirectory: String? = nil) {
        self.hooksDirectory = hooksDirectory
        repositoryEnvPath = commonDirectory.map { $0 + "/autoheal/hooks-env.sh" }
    }

    /// What is installed for one hook.
    public struct HookStatus: Equatable, Sendable {
        public var name: String
        /// Our wrapper is in place.
        public var installed: Bool
        /// A previous hook is kept and runs first.
        public var chained: Bool
        /// A hook that is not ours sits there (install would chain it).
        public var foreign: Bool
    }

    /// Failures a user can act on.
    public struct InstallError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Installs (or refreshes) every hook. Idempotent: a second install changes nothing but env.sh.
    /// `database`: the ledger the hooks write to when it is not the default one (`--db` or
    /// `$AUTOHEAL_DB` at install); a `$AUTOHEAL_DB` set when git runs the hook still comes first.
    /// `shared`: every repository runs this hooks directory, so this repository's settings go to
    /// ``repositoryEnvPath`` and env.sh keeps only what is common (a directory installed shared stays so).
    /// Every check runs before anything changes, so a refused install leaves the hooks as they were.
    public func install(binary: String, branchPrefix: String, defaultBranch: String?, database: String? = nil,
                        shared: Bool = false) throws {
        let shared = shared || isShared
        if shared, repositoryEnvPath == nil {
            throw InstallError(description: "\(hooksDirectory) is shared by every repository, and this one has no git directory for its own settings")
        }
        let blocked = Self.hookNames.map { hooksDirectory + "/" + $0 }
            .filter { exists($0) && !isOurs($0) && exists($0 + ".autoheal-orig") }
        if !blocked.isEmpty {
            let names = blocked.map { $0 + ".autoheal-orig" }.joined(separator: ", ")
            throw InstallError(description: "\(names) already exist\(blocked.count == 1 ? "s" : ""); move \(blocked.count == 1 ? "it" : "them") away before installing (nothing was changed)")
        }
        try createDirectory(hooksDirectory)
        let ours = hooksDirectory + "/" + Self.folder
        try createDirectory(ours)
        for (name, text) in EmbeddedHooks.files {
            try write(ours + "/" + name, text, executable: !name.hasSuffix(".sh"))
        }
        let settings = """
        AUTOHEAL_PREFIX=\(Self.shellQuote(branchPrefix))
        AUTOHEAL_DEFAULT_BRANCH=\(Self.shellQuote(defaultBranch ?? ""))

        """ + (database.map { "[ -n \"${AUTOHEAL_DB:-}\" ] || AUTOHEAL_DB=\(Self.shellQuote($0))\nexport AUTOHEAL_DB\n" } ?? "")
        if shared, let repositoryEnvPath {
            try createDirectory((repositoryEnvPath as NSString).deletingLastPathComponent)
            try write(repositoryEnvPath, "# Written by `autoheal hooks install`: this repository's settings for the hooks in \(hooksDirectory).\n" + settings,
                      executable: false)
            try write(envPath, """
                # Written by `autoheal hooks install`. Every repository runs these hooks (a global core.hooksPath):
                # each one where autoheal is installed has its settings in <git-common-dir>/autoheal/hooks-env.sh.
                AUTOHEAL_BIN=\(Self.shellQuote(binary))
                AUTOHEAL_SHARED=1

                """, executable: false)
        } else {
            try write(envPath, "# Written by `autoheal hooks install`.\nAUTOHEAL_BIN=\(Self.shellQuote(binary))\n" + settings, executable: false)
        }
        for name in Self.hookNames {
            let path = hooksDirectory + "/" + name
            let original = path + ".autoheal-orig"
            if exists(path), !isOurs(path) {
                do { try fm.moveItem(atPath: path, toPath: original) } catch {
                    throw InstallError(description: "cannot keep the existing \(name) hook: \(error.localizedDescription)")
                }
            }
            try write(path, Self.wrapper(name), executable: true)
        }
    }

    /// What ``uninstall(all:)`` did.
    public enum Removal: Equatable, Sendable {
        /// The hooks are gone and the previous ones are back.
        case hooks
        /// Shared hooks directory: only this repository's settings went; the hooks stay for the others.
        case repositorySettings
    }

    /// Removes our hooks and puts back the ones that were there before, byte for byte. In a shared hooks
    /// directory only this repository's settings go (autoheal's hooks then do nothing here), unless `all`.
    @discardableResult
    /// `sharedPath`: the hooks directory is every repository's (a global or system `core.hooksPath`),
    /// also when its hooks were installed before settings were kept per repository.
    public func uninstall(all: Bool = false, sharedPath: Bool = false) throws -> Removal {
        if let repositoryEnvPath, exists(repositoryEnvPath) {
            do { try fm.removeItem(atPath: repositoryEnvPath) } catch {
                throw InstallError(description: "cannot remove \(repositoryEnvPath): \(error.localizedDescription)")
            }
            // (The folder install made for it, when nothing else is there: no ledger, no hooks.log.)
            let folder = (repositoryEnvPath as NSString).deletingLastPathComponent
            if (try? fm.contentsOfDirectory(atPath: folder))?.isEmpty == true { try? fm.removeItem(atPath: folder) }
        }
        if isShared || sharedPath, !all { return .repositorySettings }
        for name in Self.hookNames {
            let path = hooksDirectory + "/" + name
            let original = path + ".autoheal-orig"
            if exists(path), isOurs(path) { try? fm.removeItem(atPath: path) }
            if exists(original), !exists(path) {
                do { try fm.moveItem(atPath: original, toPath: path) } catch {
                    throw InstallError(description: "cannot restore \(name): \(error.localizedDescription)")
                }
            }
        }
        try? fm.removeItem(atPath: hooksDirectory + "/" + Self.folder)
        return .hooks
    }

    /// The branch prefix the installed hooks tag this repository's fix branches by (from `env.sh`, or
    /// from its `hooks-env.sh` in a shared hooks directory), or `nil` when none are installed for it.
    public func installedPrefix() -> String? {
        settingsLines().flatMap { Self.value("AUTOHEAL_PREFIX", in: $0) }
    }

    /// Whether the installed hooks are shared by every repository (their `env.sh` says so).
    public var isShared: Bool {
        lines(envPath).map { Self.value("AUTOHEAL_SHARED", in: $0).map { !$0.isEmpty } ?? false } ?? false
    }

    /// Whether env.sh holds one repository's settings (an install into a directory not known as shared).
    public var holdsRepositorySettings: Bool {
        lines(envPath).map { Self.value("AUTOHEAL_PREFIX", in: $0) != nil } ?? false
    }

    /// Where this repository's settings are: env.sh, or `hooks-env.sh` in a shared hooks directory.
    public var settingsPath: String? { isShared ? repositoryEnvPath : envPath }

    private var envPath: String { hooksDirectory + "/" + Self.folder + "/env.sh" }

    /// The lines of this repository's installed settings, or `nil` when there are none.
    private func settingsLines() -> [String]? { settingsPath.flatMap(lines) }

    /// The lines of the file at `path`, or `nil` when there is none.
    private func lines(_ path: String) -> [String]? {
        guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The value `env.sh` gives `name`, unquoted.
    private static func value(_ name: String, in lines: [String]) -> String? {
        lines.first { $0.hasPrefix(name + "=") }.map { shellUnquote(String($0.dropFirst(name.count + 1))) }
    }

    /// Points the installed hooks at another branch prefix (`prevention.branch_prefix` changed after
    /// `hooks install`): they tag and record commits on `<prefix><INC>-…` branches, and still on the
    /// fix branches made under the earlier prefixes (`AUTOHEAL_OLD_PREFIXES`), which `prevent` reuses.
    /// Returns whether anything changed.
    @discardableResult
    public func updatePrefix(_ prefix: String) throws -> Bool {
        guard let path = settingsPath, var lines = settingsLines(), let old = Self.value("AUTOHEAL_PREFIX", in: lines), old != prefix else { return false }
        let earlier = Self.value("AUTOHEAL_OLD_PREFIXES", in: lines)?.split(separator: " ").map(String.init) ?? []
        let olds = (earlier + [old]).filter { $0 != prefix }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        lines.removeAll { $0.hasPrefix("AUTOHEAL_OLD_PREFIXES=") }
        lines = lines.map { $0.hasPrefix("AUTOHEAL_PREFIX=") ? "AUTOHEAL_PREFIX=" + Self.shellQuote(prefix) : $0 }
        if let at = lines.firstIndex(where: { $0.hasPrefix("AUTOHEAL_PREFIX=") }), !olds.isEmpty {
            lines.insert("AUTOHEAL_OLD_PREFIXES=" + Self.shellQuote(olds.joined(separator: " ")), at: at + 1)
        }
        try write(path, lines.joined(separator: "\n"), executable: false)
        return true
    }

    /// The default branch the installed hooks wait for (`AUTOHEAL_DEFAULT_BRANCH`, found or configured at
    /// install), or `nil` when none are installed for this repository or it is unset.
    public func installedDefaultBranch() -> String? {
        settingsLines().flatMap { Self.value("AUTOHEAL_DEFAULT_BRANCH", in: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Points the installed hooks at another default branch (the one they wait for was renamed or
    /// deleted, and `sync` found the new one): `post-merge` and `reference-transaction` sync when it
    /// moves. Returns whether anything changed.
    @discardableResult
    public func updateDefaultBranch(_ branch: String) throws -> Bool {
        guard let path = settingsPath, var lines = settingsLines(), let old = Self.value("AUTOHEAL_DEFAULT_BRANCH", in: lines),
              old != branch else { return false }
        lines = lines.map { $0.hasPrefix("AUTOHEAL_DEFAULT_BRANCH=") ? "AUTOHEAL_DEFAULT_BRANCH=" + Self.shellQuote(branch) : $0 }
        try write(path, lines.joined(separator: "\n"), executable: false)
        return true
    }

    /// The state of each hook. In a shared hooks directory a hook counts as installed only for a
    /// repository with its settings there (elsewhere autoheal's part of it does nothing).
    public func status() -> [HookStatus] {
        let here = !isShared || repositoryEnvPath.map { fm.fileExists(atPath: $0) } == true
        return Self.hookNames.map { name in
            let path = hooksDirectory + "/" + name
            let exists = fm.fileExists(atPath: path)
            let ours = exists && isOurs(path)
            return HookStatus(name: name, installed: here && ours && fm.fileExists(atPath: hooksDirectory + "/" + Self.folder + "/" + name),
                              chained: ours && fm.fileExists(atPath: path + ".autoheal-orig"), foreign: exists && !ours)
        }
    }

    /// Whether autoheal's scripts are in place for every hook (in a shared directory: for any repository).
    public var scriptsInPlace: Bool {
        Self.hookNames.allSatisfy { name in
            let path = hooksDirectory + "/" + name
            return exists(path) && isOurs(path) && fm.fileExists(atPath: hooksDirectory + "/" + Self.folder + "/" + name)
        }
    }

    /// Whether anything is at `path`, a dangling symbolic link included (which `fileExists` denies:
    /// such a hook was overwritten instead of kept, and lost on uninstall).
    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func isOurs(_ path: String) -> Bool {
        guard let data = fm.contents(atPath: path), let text = String(data: data.prefix(512), encoding: .utf8) else { return false }
        return text.contains(Self.marker)
    }

    /// The wrapper installed as `<hooks>/<name>`: it runs the previous hook, then ours in a subshell
    /// (a fork, no new shell), keeping a hook's cost to about a millisecond when there is nothing to do.
    static func wrapper(_ name: String) -> String {
        let stdin = readsStdin.contains(name)
        var s = """
        #!/bin/sh
        \(marker) (\(name)): `autoheal hooks uninstall` (`--all` when shared) restores the previous hook.
        # Runs the previous hook (if any) with the same arguments and input, then autoheal's; git sees the
        # previous hook's exit status, so autoheal never fails a git command on its own account.
        h=${0%/*}

        """
        if name == "reference-transaction" {
            // Fires twice on every ref update: leave at once unless there is a chained hook or a commit.
            s += "[ \"$1\" = committed ] || [ -x \"$h/\(name).autoheal-orig\" ] || exit 0\n"
        }
        s += """
        AUTOHEAL_HOOKS_DIR=$h/\(folder)
        status=0
        ours=0

        """
        let feed = stdin ? "printf '%s\\n' \"$input\" | " : ""
        s += """
        if [ -x "$h/\(name).autoheal-orig" ]; then
          \(stdin ? "input=$(cat)\n  " : "")\(feed)"$h/\(name).autoheal-orig" "$@"
          status=$?
          [ ! -f "$AUTOHEAL_HOOKS_DIR/\(name)" ] || { \(feed)( . "$AUTOHEAL_HOOKS_DIR/\(name)" ); ours=$?; }
        elif [ -f "$AUTOHEAL_HOOKS_DIR/\(name)" ]; then
          ( . "$AUTOHEAL_HOOKS_DIR/\(name)" )
          ours=$?
        fi

        """
        // Only commit-msg may refuse (a malformed Prevents trailer); every other hook of ours exits 0.
        s += name == "commit-msg" ? "[ \"$status\" -ne 0 ] || status=$ours\n" : ": \"$ours\"\n"
        s += "exit $status\n"
        return s
    }

    /// `s` quoted for a POSIX shell.
    public static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The inverse of ``shellQuote(_:)``.
    static func shellUnquote(_ s: String) -> String {
        guard s.hasPrefix("'"), s.hasSuffix("'"), s.count >= 2 else { return s }
        return String(s.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
    }

    private func createDirectory(_ path: String) throws {
        do { try fm.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw InstallError(description: "cannot create \(path): \(error.localizedDescription)")
        }
    }

    private func write(_ path: String, _ text: String, executable: Bool) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try fm.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
        } catch {
            throw InstallError(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
