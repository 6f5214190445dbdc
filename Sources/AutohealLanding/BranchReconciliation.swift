import AutohealCore
import AutohealGit

/// Keeps an incident's list of fix commits equal to its fix branch after the branch moved other than
/// by a commit on top (which post-commit records): a reset, `branch -f`, a rebase run from a branch
/// stacked on it (`--update-refs`), the apply backend's final move, the commits a rebase of the branch
/// left behind without being given them (`--onto X HEAD~2`).
///
/// - Commits now on the branch (new since `previous`, or all of `<default>..tip` when that is not
///   known) whose `Prevents:` line names a known incident, and that are not listed for it: a commit
///   recorded before (dropped or rewritten since, brought back by a reset) is restored (a record with
///   `commit` and `restored: true`); one never recorded is recorded as post-commit would — replacing
///   the commit it rewrote when git's list of rewrites (a rebase under way) or an amend says so, as
///   post-rewrite would.
/// - Listed commits no longer on the branch — those reachable from `previous` but not from the tip,
///   and those last recorded on this branch — are dropped (a record with `dropped` and no `commit`),
///   unless they are on the default branch (landed, or about to), on another fix branch of the same
///   incident, or the incident's fix has landed.
///
/// Idempotent: records carry ids derived from the ledger's state, and a second run finds nothing to do.
public struct BranchReconciliation {
    /// Where a fix branch's commits count as landed or kept.
    public struct Scope: Sendable {
        /// The default branch's tips (remote-tracking and local): commits there are never dropped, and
        /// not looked at as the branch's own.
        public var landedTips: [ObjectID]
        /// The tips of the other fix branches of the same incident: a commit still on one stays listed.
        public var siblingTips: [ObjectID]

        public init(landedTips: [ObjectID] = [], siblingTips: [ObjectID] = []) {
            self.landedTips = landedTips
            self.siblingTips = siblingTips
        }
    }

    var records: FixCommitRecords
    /// The branch's incident (its dropped commits may name none).
    public let incident: String?
    public let scope: Scope
    var repository: Repository { records.repository }

    public init(records: FixCommitRecords, incident: String?, scope: Scope) {
        self.records = records
        self.incident = incident
        self.scope = scope
    }

    /// The records that make the list match the branch, now at `tip` and at `previous` before it
    /// moved (`nil` when not known); `pairs` are the rewrites git listed (`<old> <new>`), if any.
    public mutating func events(tip: ObjectID, previous: ObjectID?, pairs: [(old: ObjectID, new: ObjectID)] = [],
                                now: Timestamp) throws -> [Event] {
        var rewrittenFrom: [ObjectID: ObjectID] = [:]
        for (old, new) in pairs where rewrittenFrom[new] == nil { rewrittenFrom[new] = old }
        let previous = previous.flatMap { $0 != tip && repository.hasObject($0) ? $0 : nil }
        // An amend (the tip replaced by a commit on the same parents) is recorded as post-rewrite would.
        if let previous, rewrittenFrom[tip] == nil,
           try repository.commit(tip).parentIDs == repository.commit(previous).parentIDs {
            rewrittenFrom[tip] = previous
        }
        var out = try arrivals(tip: tip, previous: previous, rewrittenFrom: rewrittenFrom, now: now)
        out += try departures(tip: tip, previous: previous, now: now)
        return out
    }

    /// Records for the commits the branch holds and the list does not.
    private mutating func arrivals(tip: ObjectID, previous: ObjectID?, rewrittenFrom: [ObjectID: ObjectID],
                                   now: Timestamp) throws -> [Event] {
        // Without a default branch or an earlier tip, the whole history would be the branch's.
        if previous == nil, scope.landedTips.isEmpty { return [] }
        let walk = try RevWalk(repository, sorting: [.topological, .reverse])
        try walk.push(tip)
        for hidden in scope.landedTips + (previous.map { [$0] } ?? []) where repository.hasObject(hidden) {
            try walk.hide(hidden)
        }
        var out: [Event] = []
        while let id = try walk.next() {
            let commit = try repository.commit(id)
            // A merge (the default branch merged into the fix branch) brings other work in: not a fix
            // commit, whatever its message says.
            if commit.parentIDs.count > 1 { continue }
            for inc in try records.incidents(of: commit.message) {
                let ledger = try records.ledger(inc)
                if ledger.listed.contains(id.hex) { continue }
                let made: [Event]
                if ledger.recorded.contains(id.hex) {
                    made = [ledger.restored(id.hex, branch: records.branch, now: now)]
                } else {
                    made = try records.committed(commit, replaces: rewrittenFrom[id]).filter { $0.incident == inc }
                }
                out += made
            }
        }
        // Noted once, not per commit: a record says nothing about another commit of the walk, and each
        // note re-reads every record of the incident (quadratic on a long branch).
        records.note(out)
        return out
    }

    /// Drop records for the listed commits the branch no longer holds.
    private mutating func departures(tip: ObjectID, previous: ObjectID?, now: Timestamp) throws -> [Event] {
        var candidates: [ObjectID] = []
        if let previous {
            let walk = try RevWalk(repository, sorting: [.topological, .reverse])
            try walk.push(previous)
            for hidden in [tip] + scope.landedTips + scope.siblingTips where repository.hasObject(hidden) {
                try walk.hide(hidden)
            }
            candidates = try walk.ids()
        }
        // Commits last recorded on this branch that left it before (or without) a reflog to tell.
        if let incident, let branch = records.branch, try records.isKnown(incident) {
            let ledger = try records.ledger(incident)
            for (commit, on) in ledger.branchOf.sorted(by: { $0.key < $1.key }) where on == branch && ledger.listed.contains(commit) {
                guard let id = ObjectID(hex: commit), repository.hasObject(id), !candidates.contains(id) else { continue }
                if try isKept(id, tip: tip) { continue }
                candidates.append(id)
            }
        }
        var out: [Event] = []
        for id in candidates {
            var named = (try? records.incidents(of: repository.commit(id).message)) ?? []
            if let incident, !named.contains(incident), try records.isKnown(incident) { named.append(incident) }
            for inc in named {
                let ledger = try records.ledger(inc)
                guard ledger.listed.contains(id.hex), !ledger.landed else { continue }
                out.append(ledger.dropped(id.hex, branch: records.branch, now: now))
            }
        }
        records.note(out)
        return out
    }

    /// Whether `id` is on the branch, the default branch or a sibling fix branch.
    private func isKept(_ id: ObjectID, tip: ObjectID) throws -> Bool {
        for keeper in [tip] + scope.landedTips + scope.siblingTips where repository.hasObject(keeper) {
            if try repository.isAncestor(id, of: keeper) { return true }
        }
        return false
    }
}

extension BranchReconciliation.Scope {
    /// The scope of fix branch `branch` (short name) of `incident`: the tips of the default branch
    /// (`defaultBranch`, else the repository's; remote-tracking and local) and of the other local
    /// branches under `prefixes` for the same incident.
    public static func of(branch: String, incident: String?, prefixes: [String], defaultBranch: String?,
                          in repository: Repository) -> Self {
        var scope = Self()
        if let short = defaultBranch ?? repository.defaultBranch(orCurrent: false), short != branch {
            let names = short.hasPrefix("refs/") ? [short] : ["refs/remotes/origin/\(short)", "refs/heads/\(short)"]
            for name in names {
                if let tip = repository.referenceTarget(name), !scope.landedTips.contains(tip) { scope.landedTips.append(tip) }
            }
        }
        guard let incident else { return scope }
        for prefix in Set(prefixes) where !prefix.isEmpty {
            for ref in (try? repository.references(matching: "refs/heads/\(prefix)*")) ?? [] {
                let name = String(ref.dropFirst("refs/heads/".count))
                guard name != branch, FixBranchName.incident(of: name, prefixes: [prefix], in: repository) == incident,
                      let tip = repository.referenceTarget(ref) else { continue }
                scope.siblingTips.append(tip)
            }
        }
        return scope
    }
}
