import AutohealCore

/// What sync needs to know from the ledger: which incidents exist, which fix commits were recorded,
/// and which landings are in force.
public struct LedgerView: Sendable {
    public var incidents: Set<String> = []
    /// `prevention.committed` commits → incidents.
    public var committed: [String: Set<String>] = [:]
    /// Pull/merge request numbers recorded on prevention events (`attrs.pr`) → incidents.
    public var pullRequests: [Int: Set<String>] = [:]
    /// The landing commit in force per incident: the latest one recorded while prevention stayed landed
    /// (after a rewrite that kept the fix, the rewritten copy, which a later revert or receipt names;
    /// MTTP still ends at the first landing).
    public var landedNow: [String: String] = [:]
    /// Every commit ever recorded as a landing → incidents.
    public var landedCommits: [String: Set<String>] = [:]
    /// Revert commits that reopened prevention (`prevention.reverted` with `revert_commit`) → incidents.
    public var revertCommits: [String: Set<String>] = [:]
    /// Per incident whose prevention was reopened because its landing commit left the branch (a
    /// force-push; no landing since): that commit.
    public var goneCommit: [String: String] = [:]
    /// How many times each incident's prevention was reopened (a reopening's id counts them).
    public var reopenings: [String: Int] = [:]
    /// When prevention was reopened, per incident still reopened (no landing since).
    public var reopenedAt: [String: Timestamp] = [:]

    public init(incidents list: [Incident]) {
        for inc in list {
            incidents.insert(inc.id)
            for e in inc.events {
                switch e.type {
                case .preventionCommitted:
                    if let c = e.attrs?["commit"]?.stringValue { committed[c, default: []].insert(inc.id) }
                case .preventionLanded:
                    if let c = e.attrs?["commit"]?.stringValue { landedCommits[c, default: []].insert(inc.id) }
                case .preventionReverted:
                    reopenings[inc.id, default: 0] += 1
                    if let c = e.attrs?["revert_commit"]?.stringValue { revertCommits[c, default: []].insert(inc.id) }
                default: break
                }
                if e.type.rawValue.hasPrefix("prevention."), let pr = e.attrs?["pr"]?.intValue {
                    pullRequests[pr, default: []].insert(inc.id)
                }
            }
            let state = PreventionState(events: inc.events, asOf: Timestamp(microseconds: .max))
            if state.landed != nil {
                // The latest landing since the last reopening (events are in time order).
                let since = inc.events.lastIndex { $0.type == .preventionReverted }.map { $0 + 1 } ?? 0
                landedNow[inc.id] = inc.events[since...].last { $0.type == .preventionLanded }?.attrs?["commit"]?.stringValue
                    ?? state.landed?.commit
            }
            else if state.status == .reverted, let last = inc.events.last(where: { $0.type == .preventionReverted }) {
                reopenedAt[inc.id] = last.at
                if last.attrs?["revert_commit"] == nil { goneCommit[inc.id] = last.attrs?["commit"]?.stringValue }
            }
        }
    }
}
