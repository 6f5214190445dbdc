/// What a `rootcause.identified` event names to link, read from its attrs one way for every reader:
/// `import` checks the shapes (``shapeProblem(_:)``), ``Incident/identifiedHints`` picks the latest event
/// that names something, and `link` follows what that event names. (Before, the picker and the linker
/// read the attrs differently: an event whose `deploy` was a string was picked and then read as naming
/// nothing, hiding an earlier event's good `fix_commit`.)
///
/// The shapes (CONTRACT): `fix_commit` and `revert_commit` are strings; `commits`, `frames`
/// (`"path:line"`) and `paths` are arrays of strings (a single string is read as a list of one);
/// `deploy` is an object `{"from": REV, "to": REV}` whose `to` is required. Empty strings name nothing.
public struct RootCauseHints: Equatable, Sendable {
    public var fixCommit: String?
    public var revertCommit: String?
    public var commits: [String]
    public var deployFrom: String?
    public var deployTo: String?
    /// `path:line` specs.
    public var frames: [String]
    public var paths: [String]

    /// Hints given field by field (`RootCauseHints()` names nothing).
    public init(fixCommit: String? = nil, revertCommit: String? = nil, commits: [String] = [], deployFrom: String? = nil,
                deployTo: String? = nil, frames: [String] = [], paths: [String] = []) {
        self.fixCommit = fixCommit
        self.revertCommit = revertCommit
        self.commits = commits
        self.deployFrom = deployFrom
        self.deployTo = deployTo
        self.frames = frames
        self.paths = paths
    }

    /// Reads the hints of `attrs`; a value of the wrong shape names nothing.
    public init(attrs: JSONValue) {
        func text(_ v: JSONValue?) -> String? { v?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        func list(_ v: JSONValue?) -> [String] { (v?.stringList ?? []).filter { !$0.isEmpty } }
        self.init(fixCommit: text(attrs["fix_commit"]), revertCommit: text(attrs["revert_commit"]), commits: list(attrs["commits"]),
                  deployFrom: text(attrs["deploy"]?["from"]), deployTo: text(attrs["deploy"]?["to"]),
                  frames: list(attrs["frames"]), paths: list(attrs["paths"]))
    }

    /// True when the hints name nothing to link. A deploy with a `from` and no `to` names something
    /// (and `link` refuses it, naming the field) rather than falling through to the paths.
    public var isEmpty: Bool {
        fixCommit == nil && revertCommit == nil && commits.isEmpty && deployFrom == nil && deployTo == nil
            && frames.isEmpty && paths.isEmpty
    }

    /// The keys of `rootcause.identified` attrs that name code to link.
    public static let keys = ["fix_commit", "revert_commit", "commits", "deploy", "frames", "paths"]

    /// Why the hint keys of `attrs` do not have the contract's shapes, as `attrs.KEY must be …`, or nil.
    /// A key given as `null` is taken as absent.
    public static func shapeProblem(_ attrs: [String: JSONValue]) -> String? {
        for key in ["fix_commit", "revert_commit"] {
            switch attrs[key] {
            case nil, .null?, .string?: continue
            case let v?: return "attrs.\(key) must be a string (a commit), not \(kind(v))"
            }
        }
        for key in ["commits", "frames", "paths"] {
            switch attrs[key] {
            case nil, .null?, .string?: continue
            case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }): continue
            case let v?:
                let what = key == "frames" ? "\"path:line\" strings" : key == "commits" ? "strings (commits)" : "strings (paths)"
                return "attrs.\(key) must be an array of \(what), not \(kind(v))"
            }
        }
        switch attrs["deploy"] {
        case nil, .null?: return nil
        case .object(let range)?:
            if let unknown = range.keys.sorted().first(where: { $0 != "from" && $0 != "to" }) {
                return "attrs.deploy has an unknown key \"\(unknown)\" (it is {\"from\": REV, \"to\": REV})"
            }
            for end in ["from", "to"] {
                switch range[end] {
                case nil, .null?, .string?: continue
                case let v?: return "attrs.deploy.\(end) must be a string (a revision), not \(kind(v))"
                }
            }
            if (range["to"]?.stringValue ?? "").isEmpty {
                return "attrs.deploy needs \"to\", the revision deployed (it is {\"from\": REV, \"to\": REV}; \"from\" defaults to the commit before \"to\")"
            }
            return nil
        case let v?:
            return "attrs.deploy must be an object {\"from\": REV, \"to\": REV}, not \(kind(v))"
        }
    }

    /// What a JSON value is, in a message: "a string", "an array of 2 items".
    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array(let items): return items.allSatisfy({ $0.stringValue != nil }) ? "an array" : "an array holding a non-string"
        case .object: return "an object"
        }
    }
}
