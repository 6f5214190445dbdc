/// How an incident's root cause is known: one method of `autoheal link`.
public enum LinkMethod: Equatable, Sendable {
    case fix(String)
    case revert(String)
    case commits([String])
    case frames([String], at: String)
    case stack(text: String, source: String, at: String)
    /// A deployed range; `frames` (or, when empty, the incident's hinted frames) and the hinted paths rank it.
    case deploy(String, frames: [String])
    /// Whatever the incident's `rootcause.identified` hints name.
    /// The incident's hints; `at` as given (`--at`), for frames and paths (`HEAD` when not given).
    case hints(at: String?)

    /// Whether the method reads the incident's hints (the others only need the incident to exist).
    public var readsHints: Bool {
        switch self {
        case .deploy, .hints: return true
        default: return false
        }
    }
}

/// What a request to link names, however it was asked — the flags of `link`, a line of `--batch`, the
/// arguments of the MCP `link_incident` tool — with the one set of rules all of them follow.
public struct LinkRequest: Equatable, Sendable {
    public var fix: String?
    public var revert: String?
    public var commits: [String] = []
    public var frames: [String] = []
    /// Where a stack trace is (the flags of `link` only); read by ``method(readStack:)``.
    public var stack: String?
    public var deploy: String?
    public var at: String?

    public init(fix: String? = nil, revert: String? = nil, commits: [String] = [], frames: [String] = [],
                stack: String? = nil, deploy: String? = nil, at: String? = nil) {
        self.fix = fix
        self.revert = revert
        self.commits = commits
        self.frames = frames
        self.stack = stack
        self.deploy = deploy
        self.at = at
    }

    /// Why the request cannot be linked, or `nil`. At most one method (frames may go with a deploy
    /// range), and `at` only where something is blamed at a revision of the user's choosing.
    /// `offered` lists the choices the asker has, in the keys `fix`, `revert`, `commits`, `frames`,
    /// `stack`, `deploy`; `name` spells a key the way the asker writes it (`--commit`, `"commits"`).
    public func problem(offered: [String], name: (String) -> String) -> String? {
        let given = [fix != nil, revert != nil, !commits.isEmpty, !frames.isEmpty, stack != nil, deploy != nil].filter { $0 }.count
        guard given <= 1 || (given == 2 && deploy != nil && !frames.isEmpty) else {
            return "give one of \(offered.map(name).joined(separator: ", ")) (\(name("frames")) may go with \(name("deploy")))"
        }
        if at != nil, fix != nil || revert != nil || !commits.isEmpty || deploy != nil {
            let own = ["fix", "revert", "commits", "deploy"].filter(offered.contains).map(name).joined(separator: ", ")
            let blamed = ["frames", "stack"].filter(offered.contains).map(name).joined(separator: ", ")
            return "\(name("at")) applies to \(blamed) and the incident's hints; \(own) name their own revisions"
        }
        return nil
    }

    /// The method asked for; a named stack trace is read with `readStack`.
    public func method(readStack: (String) throws -> String) rethrows -> LinkMethod {
        let at = self.at ?? "HEAD"
        if let fix { return .fix(fix) }
        if let revert { return .revert(revert) }
        if !commits.isEmpty { return .commits(commits) }
        if let deploy { return .deploy(deploy, frames: frames) }
        if !frames.isEmpty { return .frames(frames, at: at) }
        if let stack { return .stack(text: try readStack(stack), source: stack, at: at) }
        return .hints(at: self.at)
    }
}
