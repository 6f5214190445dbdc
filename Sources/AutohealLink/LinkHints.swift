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
    public init(attrs: JSONValue) {
        self.init(fixCommit: attrs["fix_commit"]?.stringValue, revertCommit: attrs["revert_commit"]?.stringValue,
                  commits: attrs["commits"]?.stringList ?? [], deployFrom: attrs["deploy"]?["from"]?.stringValue,
                  deployTo: attrs["deploy"]?["to"]?.stringValue, frames: attrs["frames"]?.stringList ?? [],
                  paths: attrs["paths"]?.stringList ?? [])
    }

    /// True when the hints name nothing to link.
    public var isEmpty: Bool {
        fixCommit == nil && revertCommit == nil && commits.isEmpty && deployTo == nil && frames.isEmpty && paths.isEmpty
    }
}
