import AutohealCore
import Foundation

/// The repository configs the user has trusted to name an agent (and a verify command), by the SHA-256
/// of the file's exact content, kept in `$XDG_DATA_HOME/autoheal/trusted.json` (else
/// `~/.local/share/autoheal/trusted.json`). Changing one byte of the config withdraws the trust.
public struct TrustStore: Sendable {
    /// One trusted config.
    public struct Entry: Equatable, Sendable {
        public var path: String
        public var sha256: String
        public var trustedAt: String
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
            return Entry(path: p, sha256: h, trustedAt: e["trusted_at"]?.stringValue ?? "")
        }
    }

    /// The SHA-256 of a file's content, or `nil` when it cannot be read.
    public static func hash(ofFile path: String) -> String? {
        FileManager.default.contents(atPath: path).map { SHA256.hex(of: Array($0)) }
    }

    /// Whether a config with this content hash is trusted.
    public func isTrusted(sha256: String) -> Bool { entries.contains { $0.sha256 == sha256 } }

    /// Whether the config file at `path`, as it is now, is trusted.
    public func isTrusted(file path: String) -> Bool {
        guard let h = Self.hash(ofFile: path) else { return false }
        return isTrusted(sha256: h)
    }

    /// Trusts `path`'s current content (replacing older entries for the same path). Returns false when
    /// it was already trusted.
    @discardableResult
    public mutating func trust(path: String, sha256: String, at: String) -> Bool {
        if entries.contains(where: { $0.path == path && $0.sha256 == sha256 }) { return false }
        entries.removeAll { $0.path == path }
        entries.append(Entry(path: path, sha256: sha256, trustedAt: at))
        return true
    }

    /// Withdraws trust from every entry for `path`. Returns how many were removed.
    @discardableResult
    public mutating func revoke(path: String) -> Int {
        let before = entries.count
        entries.removeAll { $0.path == path }
        return before - entries.count
    }

    /// Writes the store atomically, creating its folder.
    public func save() throws(PreventError) {
        let doc: JSONValue = ["trusted": .array(entries.map {
            ["path": .string($0.path), "sha256": .string($0.sha256), "trusted_at": .string($0.trustedAt)]
        })]
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data((doc.prettyJSON + "\n").utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw PreventError("cannot write \(file): \(error.localizedDescription)")
        }
    }
}
