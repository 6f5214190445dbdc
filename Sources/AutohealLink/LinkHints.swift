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

    /// Reads `fix_commit`, `revert_commit`, `commits`, `deploy` {`from`,`to`}, `frames` and `paths` as
    /// every reader does (``RootCauseHints``): empty strings and values of the wrong shape name nothing.
    public init(attrs: JSONValue) {
        let h = RootCauseHints(attrs: attrs)
        self.init(fixCommit: h.fixCommit, revertCommit: h.revertCommit, commits: h.commits, deployFrom: h.deployFrom,
                  deployTo: h.deployTo, frames: h.frames, paths: h.paths)
    }

    /// True when the hints name nothing to link (a deploy with only a `from` names something, which
    /// ``Linker/link(hints:at:)`` refuses).
    public var isEmpty: Bool {
        fixCommit == nil && revertCommit == nil && commits.isEmpty && deployFrom == nil && deployTo == nil
            && frames.isEmpty && paths.isEmpty
    }
}
