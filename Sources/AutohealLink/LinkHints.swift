import AutohealCore

/// What the incident already says about its root cause: the attrs of its `rootcause.identified` event.
public struct LinkHints: Equatable, Sendable {
    public var fixCommit: String?
    public var revertCommit: String?
    public var commits: [String]
    public var deployFrom: String?
    public var deployTo: String?
    /// `path:line` specs.
    public var frames: [String]
    public var paths: [String]

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

    /// Reads `fix_commit`, `revert_commit`, `commits`, `deploy` {`from`,`to`}, `frames` and `paths`.
    /// Empty strings name nothing and are left out.
    public init(attrs: JSONValue) {
        func text(_ v: JSONValue?) -> String? { v?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        func list(_ v: JSONValue?) -> [String] { (v?.stringList ?? []).filter { !$0.isEmpty } }
        self.init(fixCommit: text(attrs["fix_commit"]), revertCommit: text(attrs["revert_commit"]),
                  commits: list(attrs["commits"]), deployFrom: text(attrs["deploy"]?["from"]),
                  deployTo: text(attrs["deploy"]?["to"]), frames: list(attrs["frames"]), paths: list(attrs["paths"]))
    }

    /// True when the hints name nothing to link.
    public var isEmpty: Bool {
        fixCommit == nil && revertCommit == nil && commits.isEmpty && deployTo == nil && frames.isEmpty && paths.isEmpty
    }
}
