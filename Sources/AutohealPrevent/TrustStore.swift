import AutohealCore
import Foundation

/// The repository configs the user has trusted to name an agent (and a verify command), kept in
/// `$XDG_DATA_HOME/autoheal/trusted.json` (else `~/.local/share/autoheal/trusted.json`). Trust is given
/// to one repository (the real path of its common git dir, so its worktrees share it) and the SHA-256
/// of the file's exact content together: changing one byte of the config withdraws the trust, and
/// another repository with the same bytes (whose `make check` is a different Makefile) is not trusted.
/// The file must also sit in a work tree of that repository (``RegisteredWorkTrees``) or be the very
/// file that was trusted: a folder whose `.git` file points at a trusted repository's git dir, holding
/// a copy of its config and its own `scripts/agent.sh`, is another work tree the user never reviewed.
public struct TrustStore: Sendable {
    /// One trusted config.
    public struct Entry: Equatable, Sendable {
        /// The repository's key (``TrustStore/repositoryKey(commonDir:)``); `nil` for an entry written
        /// before trust was per repository, which then trusts only the same file at the same path.
        public var repository: String?
        /// The config file that was trusted.
        public var path: String
        public var sha256: String
        public var trustedAt: String

        public init(repository: String?, path: String, sha256: String, trustedAt: String) {
            self.repository = repository
            self.path = path
            self.sha256 = sha256
            self.trustedAt = trustedAt
        }

        /// Whether this entry trusts `sha256` as the config `file` of `repository`; `inWorkTree` tells
        /// whether `file` sits in one of the repository's own work trees (asked only when needed).
        func trusts(repository: String, file: String, sha256: String, inWorkTree: () -> Bool) -> Bool {
            guard self.sha256 == sha256 else { return false }
            guard let mine = self.repository else { return path == file }
            return mine == repository && (Self.samePlace(path, file) || inWorkTree())
        }

        /// Whether two config paths name the same file (symbolic links resolved).
        static func samePlace(_ a: String, _ b: String) -> Bool {
            a == b || (RegisteredWorkTrees.realPath(a).map { $0 == RegisteredWorkTrees.realPath(b) } ?? false)
        }

        /// Whether the entry belongs to `repository` (a legacy one: to the config at `file`).
        func belongs(to repository: String, file: String) -> Bool {
            self.repository.map { $0 == repository } ?? (path == file)
        }
    }

    public let file: String
    public private(set) var entries: [Entry] = []

    /// The store's path for an environment; `nil` without `XDG_DATA_HOME` or `HOME`.
    public static func path(environment: [String: String]) -> String? {
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/autoheal/trusted.json" }
        if let h = environment["HOME"], !h.isEmpty { return h + "/.local/share/autoheal/trusted.json" }
        return nil
    }

    /// Loads the store (empty when the file does not exist yet).
    public init(file: String) throws(PreventError) {
        self.file = file
        guard let data = FileManager.default.contents(atPath: file) else { return }
        guard let doc = try? JSONParser.parseDocument(Array(data)) else {
            throw PreventError("\(file): not valid JSON (remove it to start over)", kind: .badInput)
        }
        entries = (doc["trusted"]?.arrayValue ?? []).compactMap { e in
            guard let p = e["path"]?.stringValue, let h = e["sha256"]?.stringValue else { return nil }
            return Entry(repository: e["repository"]?.stringValue, path: p, sha256: h, trustedAt: e["trusted_at"]?.stringValue ?? "")
        }
    }

    /// The SHA-256 of a file's content, or `nil` when it cannot be read.
    public static func hash(ofFile path: String) -> String? {
        FileManager.default.contents(atPath: path).map { SHA256.hex(of: Array($0)) }
    }

    /// The key a repository is trusted under: the real path of its common git dir (symbolic links
    /// resolved), which all its worktrees share.
    public static func repositoryKey(commonDir: String) -> String {
        guard let real = realpath(commonDir, nil) else { return (commonDir as NSString).standardizingPath }
        defer { free(real) }
        return String(cString: real)
    }

    /// Whether `repository`'s config file at `file` with this content hash is trusted: an entry for this
    /// content in this repository, given for this very file or for a file in another of the repository's
    /// work trees when `file` is in one too (its main work tree or a listed linked worktree).
    public func isTrusted(repository: String, file: String, sha256: String) -> Bool {
        var registered: Bool?
        let inWorkTree = {
            if let registered { return registered }
            let answer = RegisteredWorkTrees.contains((file as NSString).deletingLastPathComponent, commonDir: repository)
            registered = answer
            return answer
        }
        return entries.contains { $0.trusts(repository: repository, file: file, sha256: sha256, inWorkTree: inWorkTree) }
    }

    /// Whether `repository`'s config file at `path`, as it is now, is trusted.
    public func isTrusted(repository: String, file path: String) -> Bool {
        guard let h = Self.hash(ofFile: path) else { return false }
        return isTrusted(repository: repository, file: path, sha256: h)
    }

    /// Trusts `repository`'s config at `path` with this content, replacing what was trusted for that
    /// file before (an older entry for the same path included). Returns false when it was already trusted.
    @discardableResult
    public mutating func trust(repository: String, path: String, sha256: String, at: String) -> Bool {
        if entries.contains(where: { $0.repository == repository && $0.path == path && $0.sha256 == sha256 }) { return false }
        entries.removeAll { $0.path == path && ($0.repository == nil || $0.repository == repository) }
        entries.append(Entry(repository: repository, path: path, sha256: sha256, trustedAt: at))
        return true
    }

    /// Withdraws trust from every entry of `repository` (and an older entry for its config at `file`).
    /// Returns how many were removed.
    @discardableResult
    public mutating func revoke(repository: String, file: String) -> Int {
        let before = entries.count
        entries.removeAll { $0.belongs(to: repository, file: file) }
        return before - entries.count
    }

    /// Writes the store atomically, creating its folder.
    public func save() throws(PreventError) {
        let doc: JSONValue = ["trusted": .array(entries.map {
            ["repository": JSONValue($0.repository), "path": .string($0.path), "sha256": .string($0.sha256), "trusted_at": .string($0.trustedAt)]
        })]
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data((doc.prettyJSON + "\n").utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw PreventError("cannot write \(file): \(error.localizedDescription)")
        }
    }
}
