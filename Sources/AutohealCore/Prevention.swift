/// Where an incident's preventive work stands, derived from the `prevention.*` events.
public enum PreventionStatus: String, Hashable, Sendable {
    case none, drafted, committed, landed, waived, reverted
}

/// A landing of a preventive fix on the default branch.
public struct Landing: Hashable, Sendable {
    public var commit: String?
    public var at: Timestamp
    /// `server`, `committer` or `observed`.
    public var precision: String?
}

/// The prevention state of one incident as of a moment.
public struct PreventionState: Hashable, Sendable {
    public var status: PreventionStatus
    public var branch: String?
    /// Commits recorded by `prevention.committed`, oldest first, without repeats, leaving out those a
    /// record replaces (`attrs.replaces`: a rebase or amend rewrote them) or drops (`attrs.dropped`, in a
    /// record without `commit`: a rebase or reset took them off the branch) — unless a later record
    /// restores them (`attrs.restored: true` with `commit`: a reset or rebase brought them back).
    public var commits: [String]
    /// The landing in force (not reverted since), if any.
    public var landed: Landing?
    public var waivedReason: String?
    /// The latest time anything happened to the preventive work.
    public var lastActivity: Timestamp?

    /// The event types whose attrs ``init(events:asOf:)`` reads (branch, commit, landing precision,
    /// waiver reason). A caller that loads events without attrs must load at least these, or the state
    /// it derives differs from `show`'s.
    public static let attrsRead: Set<EventType> = [.preventionDrafted, .preventionCommitted, .preventionLanded, .preventionWaived]

    /// Derives the state from time-ordered events, ignoring anything after `asOf`.
    public init(events: [Event], asOf: Timestamp) {
        var status = PreventionStatus.none
        var branch: String?
        var commits: [String] = []
        var replaced = Set<String>()
        var landed: Landing?
        var reverted = false
        var waived: String?
        var last: Timestamp?
        for e in events where e.at <= asOf {
            switch e.type {
            case .preventionDrafted:
                branch = e.attrs?["branch"]?.stringValue ?? branch
                last = e.at
                if status == .none { status = .drafted }
            case .preventionCommitted:
                if let c = e.attrs?["commit"]?.stringValue {
                    if !commits.contains(c) { commits.append(c) }
                    // Only an explicit restoring record undoes a replacement or drop: a plain record of a
                    // rewritten commit may be dated after its rewrite (a rebase that keeps dates).
                    if e.attrs?["restored"]?.boolValue == true { replaced.remove(c) }
                }
                if let old = e.attrs?["replaces"]?.stringValue { replaced.insert(old) }
                if let gone = e.attrs?["dropped"]?.stringValue { replaced.insert(gone) }
                branch = branch ?? e.attrs?["branch"]?.stringValue
                last = e.at
                if status == .none || status == .drafted { status = .committed }
            case .preventionLanded:
                let commit = e.attrs?["commit"]?.stringValue
                let precision = e.attrs?["precision"]?.stringValue
                if landed == nil {
                    landed = Landing(commit: commit, at: e.at, precision: precision)
                } else if precision == "server", landed?.precision != "server", commit == landed?.commit {
                    // A server or CI receipt is the authoritative landing time of the same commit.
                    landed = Landing(commit: commit, at: e.at, precision: precision)
                }
                last = e.at
            case .preventionReverted:
                if landed != nil { landed = nil; reverted = true }
                last = e.at
            case .preventionWaived:
                waived = e.attrs?["reason"]?.stringValue ?? ""
                last = e.at
            default:
                break
            }
        }
        if landed != nil { status = .landed }
        else if waived != nil { status = .waived }
        else if reverted { status = .reverted }
        self.status = status
        self.branch = branch
        self.commits = commits.filter { !replaced.contains($0) }
        self.landed = landed
        self.waivedReason = waived
        self.lastActivity = last
    }

    public var isWaived: Bool { status == .waived }
}
