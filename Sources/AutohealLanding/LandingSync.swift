import AutohealCore
import AutohealGit

/// Finds where preventive fixes landed on the default branch and records it as events.
///
/// Walks the branch's first-parent history (oldest first) with libgit2 and, for each commit, finds the
/// incidents it lands: `Prevents:` lines anywhere in its message (merge, squash and rebase merges carry
/// them), a preventive-fix branch or pull-request number named in the message, the commits a merge
/// brings in, a commit recorded by `prevention.committed` (fast-forward), or — for rebased copies — a
/// patch-id equal to a recorded commit's. A revert of a landing commit reopens prevention.
public final class LandingSync {
    let repository: Repository
    let branchPrefix: String
    var ledger: LedgerView
    private var patchIndex: [ObjectID: Set<String>]?
    /// The time of the sync in progress (what a landing after a reopening is dated from at the latest).
    private var syncTime: Timestamp?
    /// The edge of a shallow clone (``Repository/shallowCommits``): commits read as roots.
    private lazy var shallow: Set<ObjectID> = repository.shallowCommits
    /// Commits whose patch-id could not be computed in a partial clone (a blob not fetched), noted once.
    private var unreadable: Set<ObjectID> = []
    /// Shallow-clone edges an earlier sync stopped at whose history has been fetched since (`git fetch
    /// --unshallow` or `--deepen`): landings before them were hidden then, and may be earlier than the
    /// landing recorded for the same incident.
    private var revealed: Set<ObjectID> = []

    /// What a sync or landing could not read, said once on standard error (never an error): a shallow
    /// clone's hidden history, a partial clone's missing blob.
    public private(set) var notes: [String] = []

    public init(repository: Repository, ledger: LedgerView, branchPrefix: String) {
        self.repository = repository
        self.ledger = ledger
        self.branchPrefix = branchPrefix
        // A shallow clone's history ends at its edge, as `git log` shows it: what is visible is recorded.
        repository.readShallowEdgesAsRoots()
    }

    /// The result of a sync.
    public struct Outcome: Sendable {
        public var events: [Event] = []
        /// The tip walked to.
        public var tip: ObjectID?
        /// First-parent commits examined.
        public var walked = 0
        /// The previous tip was not an ancestor (first sync or a force-push): the whole history was walked.
        public var fullWalk = false
        /// The history already walked was walked again (``rescanReasons(lastTip:knownIncidents:checked:)``).
        public var rescanned = false
        /// The rescan was for history fetched beyond the shallow edge the last walk stopped at.
        public var revealedHistory = false
        /// The walk went down to the edge of a shallow clone: this commit, read as the root (its parents
        /// were not fetched). Landings before it cannot be seen until the history is fetched.
        public var shallowEdge: ObjectID?
        /// Commits whose patch-id a partial clone could not compute (a blob it changes was not fetched):
        /// the next sync compares them again (`recheck`).
        public var unreadable: [ObjectID] = []
    }

    /// Failures a user can act on.
    public struct SyncError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The full name of the default branch to walk: `origin/name` when the repository has it, else `name`
    /// as a local branch. `name` defaults to ``Repository/defaultBranch(orCurrent:)``, never the current
    /// branch. When that default passed over a dangling `origin/HEAD`, `note` is given one line saying
    /// so (``defaultBranchNote(_:found:)``); when it found nothing, the error says why.
    public static func resolveBranch(_ repository: Repository, name: String?, note: (String) -> Void = { _ in }) throws -> String {
        if let name, name.hasPrefix("refs/") {
            guard repository.referenceExists(name) else { throw SyncError(description: "no such reference \(name)") }
            return name
        }
        // Never the current branch by default: on a fix branch, that would land the fix.
        guard let short = name ?? repository.defaultBranch(orCurrent: false) else {
            throw SyncError(description: cannotTellDefaultBranch(repository, remedy: "pass --branch or set default_branch in .autoheal.yml"))
        }
        if name == nil, let line = defaultBranchNote(repository, found: short) { note(line) }
        // The shared default branch is the remote's, as the last fetch or push saw it: after a fetch it
        // is ahead of the local branch, and a merge made only locally has not landed yet (pushing moves
        // the remote-tracking branch, and the hooks sync then). Without a remote, the local branch.
        for candidate in ["refs/remotes/origin/\(short)", "refs/heads/\(short)", "refs/remotes/\(short)"] where repository.referenceExists(candidate) {
            return candidate
        }
        throw SyncError(description: "the default branch \(short) does not exist here")
    }

    /// Why the history up to `lastTip`, walked before, must be walked again, so a sync that only reads
    /// new commits does not miss a landing it could not recognise then:
    /// - `due`: the ledger holds incidents it did not hold at that walk (`knownIncidents`; unknown counts
    ///   as more) — a fix naming one may have landed before the incident was imported;
    /// - `commits`: fix commits recorded for an incident still open (`record_prevention`, a hook that
    ///   recorded late) that are already on the branch up to `lastTip`, except those in `checked`
    ///   (looked for by an earlier walk, which found them reverted or otherwise not landing).
    public func rescanReasons(lastTip: ObjectID?, knownIncidents: Int?, checked: Set<String>) throws -> (due: Bool, commits: [String]) {
        guard let lastTip, repository.hasObject(lastTip) else { return (false, []) }
        let due = knownIncidents.map { ledger.incidents.count > $0 } ?? true
        var commits: [String] = []
        for (commit, incidents) in ledger.committed.sorted(by: { $0.key < $1.key })
        where !checked.contains(commit) && incidents.contains(where: { ledger.landedNow[$0] == nil }) {
            guard let id = ObjectID(hex: commit), repository.hasObject(id) else { continue }
            if try id == lastTip || repository.isAncestor(id, of: lastTip) { commits.append(commit) }
        }
        return (due, commits)
    }

    /// Walks `ref` from `lastTip` (or from the root when it is unknown or no longer an ancestor, or when
    /// `rescan` asks for the history already walked to be read again; see
    /// ``rescanReasons(lastTip:knownIncidents:checked:)``).
    ///
    /// `revealedEdges` are the shallow-clone edges an earlier walk stopped at (its
    /// ``Outcome/shallowEdge``); when one is no longer an edge (its history was fetched since), the whole
    /// history is walked again and a landing found before it is recorded even though a later one is in
    /// force (the first landing is the one that counts).
    ///
    /// `recheck` are commits an earlier sync could not compare (its ``Outcome/unreadable``): they are
    /// examined again first.
    public func sync(ref: String, lastTip: ObjectID?, now: Timestamp, rescan: Bool = false, revealedEdges: [ObjectID] = [],
                     recheck: [ObjectID] = [], progress: ((Int) -> Void)? = nil) throws -> Outcome {
        var outcome = Outcome()
        var left: [(incident: String, commit: String)] = []
        syncTime = now
        revealed = Set(revealedEdges.filter { !shallow.contains($0) && repository.hasObject($0) })
        let rescan = rescan || !revealed.isEmpty
        outcome.revealedHistory = !revealed.isEmpty
        guard let tip = repository.referenceTarget(ref) else { throw SyncError(description: "no such reference \(ref)") }
        outcome.tip = tip
        if lastTip == tip, !rescan, recheck.isEmpty { return outcome }
        var stop: ObjectID?
        if let lastTip, repository.hasObject(lastTip), try repository.isAncestor(lastTip, of: tip) {
            stop = rescan ? nil : lastTip
            outcome.rescanned = rescan
        } else if lastTip != nil {
            outcome.fullWalk = true
            // After a force-push, landings whose commit left the branch reopen prevention, unless the walk
            // below finds the fix on the branch again (a rebase or filter-repo that kept it under a new id).
            // (On a first sync there is no earlier tip: landings recorded elsewhere — a server receipt, an
            // import — stand.)
            left = try landingsLeaving(tip)
        }
        // Pass 1: read each first-parent commit once and keep the few that may land or revert a fix.
        let needles: [[UInt8]] = ["revents:", "REVENTS:", "This reverts commit ", "(#", "pull request #", "merge request "].map { Array($0.utf8) }
            + (branchPrefix.isEmpty ? [] : [Array(branchPrefix.utf8)])
        let committedIDs = Set(ledger.committed.keys.compactMap(ObjectID.init(hex:)))
        let patchFrom = earliestOpenCommitTime()
        var candidates: [ObjectID] = []
        try repository.walkFirstParents(from: tip, stop: stop) { step in
            outcome.walked += 1
            if outcome.walked & 4095 == 0 { progress?(outcome.walked) }
            if step.parentCount > 1 || committedIDs.contains(step.id) || needles.contains(where: step.messageContains)
                || (patchFrom.map { step.time >= $0 } ?? false) {
                candidates.append(step.id)
            }
            if step.parentCount == 0, shallow.contains(step.id) { outcome.shallowEdge = step.id }
            return true
        }
        if let edge = outcome.shallowEdge {
            let date = (try? repository.commit(edge)).map { Timestamp(seconds: $0.committer.time).description } ?? "?"
            notes.append("this clone is shallow: its history of \(ref) ends at \(edge.short()) (committed \(date)), and landings "
                + "before it cannot be seen; `git fetch --unshallow` fetches the rest, and the next sync records them")
        }
        // Pass 2: oldest first, so the first landing wins and a revert follows what it reverts.
        var found: [Event] = []
        let candidateSet = Set(candidates)
        for id in recheck where !candidateSet.contains(id) && repository.hasObject(id) && (try? repository.isAncestor(id, of: tip)) == true {
            try examine(id, ref: ref, precision: "committer", at: nil, into: &found)
        }
        for id in candidates.reversed() {
            try examine(id, ref: ref, precision: "committer", at: nil, into: &found)
        }
        outcome.unreadable = unreadable.sorted { $0.hex < $1.hex }
        outcome.events = reopenings(left, ref: ref, at: now) + found
        return outcome
    }

    /// The landings in force whose commit is no longer on the branch at `tip` (a force-push took it
    /// away), taken out of force for the walk that follows.
    private func landingsLeaving(_ tip: ObjectID) throws -> [(incident: String, commit: String)] {
        var left: [(incident: String, commit: String)] = []
        for (incident, commit) in ledger.landedNow.sorted(by: { $0.key < $1.key }) {
            guard let id = ObjectID(hex: commit), repository.hasObject(id), try repository.isAncestor(id, of: tip) else {
                left.append((incident, commit))
                ledger.landedNow[incident] = nil
                continue
            }
        }
        return left
    }

    /// The reopenings of the landings that left the branch. A fix the walk found on the branch again
    /// under another id is not reopened: the copy's landing is recorded (the first landing stays in force
    /// for MTTP), so a later revert or receipt of the copy is known.
    private func reopenings(_ left: [(incident: String, commit: String)], ref: String, at: Timestamp) -> [Event] {
        left.filter { ledger.landedNow[$0.incident] == nil }.map {
            revertedEvent($0.incident, commit: $0.commit, by: nil, at: at, reason: "no longer on \(ref)")
        }
    }

    /// Records server receipts (precision `server`, at `receivedAt`) for a push that moved `ref` from `old`
    /// to `new`. A push that is not a fast-forward (a force-push) reopens, as a sync's full walk does, the
    /// landings whose commit left the branch, unless the commits it brings hold the fix again.
    public func receive(old: ObjectID?, new: ObjectID, ref: String, receivedAt: Timestamp) throws -> [Event] {
        syncTime = receivedAt
        let walk = try RevWalk(repository, sorting: [.topological, .reverse], firstParentOnly: true)
        try walk.push(new)
        var left: [(incident: String, commit: String)] = []
        if let old, !old.isZero, repository.hasObject(old) {
            try walk.hide(old)
            if try !repository.isAncestor(old, of: new) { left = try landingsLeaving(new) }
        }
        var found: [Event] = []
        while let id = try walk.next() {
            try examine(id, ref: ref, precision: "server", at: receivedAt, into: &found)
        }
        return reopenings(left, ref: ref, at: receivedAt) + found
    }

    /// Records a landing with the given precision and time for one commit (a CI or server receipt).
    public func land(_ id: ObjectID, ref: String, precision: String, at: Timestamp) throws -> [Event] {
        var events: [Event] = []
        try examine(id, ref: ref, precision: precision, at: at, into: &events, includeLanded: true)
        // A commit sync already recorded as an incident's landing (found by patch-id, say, which is only
        // looked for while the incident is open) takes its receipt too.
        if events.isEmpty {
            let commit = try repository.commit(id)
            for incident in (ledger.landedCommits[id.hex] ?? []).sorted() where ledger.landedNow[incident] == id.hex {
                events.append(landedEvent(incident, sha: id.hex, commit: commit, when: at, precision: precision, via: "receipt", ref: ref))
            }
        }
        return events
    }

    /// The incidents commit `id` would land that another commit already landed, with that landing
    /// commit: a receipt for the merge of a fix whose fix commit was recorded first (or the reverse).
    public func landedElsewhere(_ id: ObjectID) throws -> [String: String] {
        let found = try incidents(in: try repository.commit(id)).ids
        var out: [String: String] = [:]
        for incident in found { if let landing = ledger.landedNow[incident], landing != id.hex { out[incident] = landing } }
        return out
    }

    // MARK: Per commit

    private func examine(_ id: ObjectID, ref: String, precision: String, at: Timestamp?, into events: inout [Event],
                         includeLanded: Bool = false) throws {
        let commit = try repository.commit(id)
        let sha = id.hex
        let message = commit.message
        let when = at ?? Timestamp(seconds: commit.committer.time)
        // Reverts first: a revert commit lands nothing.
        if message.contains("This reverts commit ") {
            let scan = CommitMessageScan(message, branchPrefix: branchPrefix, known: ledger.incidents.contains)
            for reverted in scan.reverts {
                _ = applyRevert(of: reverted, by: sha, commit: commit, when: when, precision: precision, ref: ref, into: &events)
            }
            if !scan.reverts.isEmpty {
                // A revert can itself be the preventive fix (backing out the change that caused the
                // incident), named by its own `Prevents:` trailer or recorded by the hooks. Branch names
                // and pull requests in its message are the reverted change's, so they land nothing.
                let own = Set(scan.prevents).union(ledger.committed[sha] ?? []).subtracting(ledger.revertCommits[sha] ?? [])
                for incident in own.sorted() where ledger.incidents.contains(incident) && ledger.landedNow[incident] == nil {
                    events.append(landedEvent(incident, sha: sha, commit: commit, when: when, precision: precision,
                                              via: ledger.committed[sha] == nil ? "trailer" : "fast-forward", ref: ref))
                    ledger.landedNow[incident] = sha
                    ledger.landedCommits[sha, default: []].insert(incident)
                }
                return
            }
        }
        // A revert merged in (a forge's "Revert" pull request, merged with a merge commit) reverts through
        // the merge; what it reopens, the merge does not land again (its message names the reverted
        // branch).
        var reopenedHere = Set<String>()
        if commit.parentCount > 1 {
            for reverted in try mergedReverts(commit) {
                reopenedHere.formUnion(applyRevert(of: reverted, by: sha, commit: commit, when: when, precision: precision, ref: ref, into: &events))
            }
        }
        let found = try incidents(in: commit)
        for incident in found.ids.sorted() where ledger.incidents.contains(incident) && !reopenedHere.contains(incident) {
            if let current = ledger.landedNow[incident], !(includeLanded && current == sha), !landsBefore(id, current) { continue }
            events.append(landedEvent(incident, sha: sha, commit: commit, when: when, precision: precision, via: found.via, ref: ref))
            ledger.landedNow[incident] = sha
            ledger.landedCommits[sha, default: []].insert(incident)
        }
    }

    /// Whether `id`, a commit hidden beyond a shallow clone's edge when `current` was recorded as the
    /// landing and fetched since (``revealed``), comes before `current` on the branch: its landing is
    /// the earlier one.
    private func landsBefore(_ id: ObjectID, _ current: String) -> Bool {
        guard !revealed.isEmpty, let landing = ObjectID(hex: current), landing != id, repository.hasObject(landing),
              (try? repository.isAncestor(id, of: landing)) == true else { return false }
        return revealed.contains { edge in edge != id && (try? repository.isAncestor(id, of: edge)) == true }
    }

    /// Applies a revert of `reverted` by commit `sha`: reopens the landings it undoes — the landing
    /// commit itself, the fix commit inside the merge that landed it (by its own `Prevents:` line), or a
    /// recorded fix commit — and re-lands what a revert of a reverting commit puts back. Returns the
    /// incidents it reopened.
    private func applyRevert(of reverted: String, by sha: String, commit: Commit, when: Timestamp, precision: String, ref: String,
                             into events: inout [Event]) -> Set<String> {
        var reopened = Set<String>()
        let revertedID = try? repository.resolveCommit(reverted)
        let revertedFixFor = revertedID.flatMap { try? repository.commit($0) }
            .map { Set(CommitMessageScan($0.message, branchPrefix: branchPrefix, known: ledger.incidents.contains).prevents) } ?? []
        func broughtIn(by landing: String) -> Bool {
            guard let f = revertedID, let l = ObjectID(hex: landing), let merge = try? repository.commit(l), merge.parentIDs.count > 1,
                  (try? repository.isAncestor(f, of: l)) == true else { return false }
            return (try? repository.isAncestor(f, of: merge.parentIDs[0])) == false
        }
        // A landing made after this revert (its commit descends from the revert: a fix landed again, met
        // once more by a walk over history already seen) is not undone by it.
        let revertID = ObjectID(hex: sha)
        func landedSince(_ landing: String) -> Bool {
            guard let r = revertID, let l = ObjectID(hex: landing), l != r, repository.hasObject(l) else { return false }
            return (try? repository.isAncestor(r, of: l)) == true
        }
        for (incident, landing) in ledger.landedNow.sorted(by: { $0.key < $1.key }) where !landedSince(landing) && (landing.hasPrefix(reverted)
            || (revertedFixFor.contains(incident) && broughtIn(by: landing))
            || (ledger.committed.first { $0.key.hasPrefix(reverted) }?.value.contains(incident) ?? false)) {
            events.append(revertedEvent(incident, commit: landing, by: sha, at: when, reason: "reverted on \(ref)"))
            ledger.landedNow[incident] = nil
            ledger.revertCommits[sha, default: []].insert(incident)
            reopened.insert(incident)
        }
        // A revert of such a revert puts the fix back: it lands again, here.
        for (revert, incidents) in ledger.revertCommits where revert.hasPrefix(reverted) {
            for incident in incidents.sorted() where ledger.landedNow[incident] == nil {
                events.append(landedEvent(incident, sha: sha, commit: commit, when: when, precision: precision, via: "reapplied", ref: ref))
                ledger.landedNow[incident] = sha
                ledger.landedCommits[sha, default: []].insert(incident)
            }
        }
        return reopened
    }

    /// The commits that the commits a merge brings in revert (`This reverts commit X.`).
    private func mergedReverts(_ merge: Commit) throws -> [String] {
        let parents = merge.parentIDs
        let walk = try RevWalk(repository, sorting: [.topological, .reverse])
        for p in parents.dropFirst() { try walk.push(p) }
        try walk.hide(parents[0])
        var out: [String] = []
        var seen = 0
        while let merged = try walk.next(), seen < 10_000 {
            seen += 1
            let m = try repository.commit(merged).message
            if m.contains("This reverts commit ") { out += CommitMessageScan(m, branchPrefix: branchPrefix).reverts }
        }
        return out
    }

    private func incidents(in commit: Commit) throws -> (ids: Set<String>, via: String) {
        let sha = commit.id.hex
        var ids = Set<String>()
        var via = "message"
        let message = commit.message
        if message.range(of: "revents:", options: .caseInsensitive) != nil || message.contains(branchPrefix) || message.contains("#") || message.contains("merge request") {
            let scan = CommitMessageScan(message, branchPrefix: branchPrefix, known: ledger.incidents.contains)
            ids.formUnion(scan.prevents)
            ids.formUnion(scan.branchIncidents(known: ledger.incidents) { [repository, branchPrefix] name in
                repository.configString("branch.\(branchPrefix)\(name).autohealIncident")
            })
            for pr in scan.pullRequests { ids.formUnion(ledger.pullRequests[pr] ?? []) }
            if !scan.prevents.isEmpty, commit.parentCount <= 1, !(message.contains("(#") || message.contains("merge request")) { via = "trailer" }
            else if !ids.isEmpty { via = "squash" }
        }
        if let recorded = ledger.committed[sha] { ids.formUnion(recorded); via = "fast-forward" }
        if commit.parentCount > 1 {
            via = "merge"
            let parents = commit.parentIDs
            let walk = try RevWalk(repository, sorting: [.topological])
            for p in parents.dropFirst() { try walk.push(p) }
            try walk.hide(parents[0])
            var seen = 0
            while let merged = try walk.next(), seen < 10_000 {
                seen += 1
                if let recorded = ledger.committed[merged.hex] { ids.formUnion(recorded) }
                let m = try repository.commit(merged).message
                if m.range(of: "revents:", options: .caseInsensitive) != nil { ids.formUnion(CommitMessageScan(m, branchPrefix: branchPrefix, known: ledger.incidents.contains).prevents) }
            }
        } else if ids.isEmpty, !ledger.committed.isEmpty, !shallow.contains(commit.id), case let index = try patchIndexed(),
                  !index.isEmpty, let patchID = try patchID(of: commit), let hit = index[patchID] {
            // (The edge of a shallow clone has no parent to compare with: its diff would be the whole tree.)
            ids.formUnion(hit)
            via = "patch-id"
        }
        return (ids, via)
    }

    /// The patch-id of `commit`, or `nil` when a partial clone (`--filter=blob:none`) has not fetched a
    /// blob it needs: that one comparison is skipped, with a note, and the rest of the sync goes on.
    private func patchID(of commit: Commit) throws -> ObjectID? {
        do {
            return try repository.patchID(commit: commit.id)
        } catch {
            guard error.code == .notFound, repository.isPartialClone else { throw error }
            if unreadable.insert(commit.id).inserted {
                notes.append("cannot compare \(commit.id.short()) (\"\(commit.summary)\") with the recorded fix commits: a file it "
                    + "changes was not fetched into this partial clone (\(error.message)); `git show \(commit.id.short())` fetches "
                    + "it (or clone without --filter), and the next sync compares it again")
            }
            return nil
        }
    }

    /// The earliest author time of a recorded fix commit whose incident has not landed: a rebased copy
    /// cannot be older, so patch-ids are only compared from there on. `nil` when there is none.
    private func earliestOpenCommitTime() -> Int64? {
        var earliest: Int64?
        for (sha, incidents) in ledger.committed where incidents.contains(where: { ledger.landedNow[$0] == nil }) {
            guard let id = ObjectID(hex: sha), repository.hasObject(id), let c = try? repository.commit(id) else { continue }
            earliest = min(earliest ?? .max, c.author.time)
        }
        return earliest
    }

    /// Patch-ids of recorded fix commits whose incidents have not landed, computed once per sync.
    private func patchIndexed() throws -> [ObjectID: Set<String>] {
        if let patchIndex { return patchIndex }
        var index: [ObjectID: Set<String>] = [:]
        for (sha, incidents) in ledger.committed {
            let open = incidents.filter { ledger.landedNow[$0] == nil }
            // A merge's patch is what it brought in from its other parents (the default branch's own
            // work, merged into a fix branch), never the fix: a landing found by it would be false.
            guard !open.isEmpty, let id = ObjectID(hex: sha), repository.hasObject(id),
                  (try? repository.commit(id).parentIDs.count) == 1,
                  let pid = try? repository.patchID(commit: id) else { continue }
            index[pid, default: []].formUnion(open)
        }
        patchIndex = index
        return index
    }

    private func landedEvent(_ incident: String, sha: String, commit: Commit, when: Timestamp, precision: String, via: String,
                             ref: String) -> Event {
        let idPrefix = precision == "committer" ? "landed" : "landed-\(precision)"
        var id = "\(idPrefix):\(incident):\(sha)"
        var at = when
        // The very commit that left the branch (reopening prevention) is back: it lands again, dated by
        // the sync that saw it back — its commit time would put the landing before the reopening it
        // undoes, and when it came back is not known, only that it was gone then. Its id counts the
        // reopenings, so it is not an earlier landing's duplicate. (A commit landed before a revert that
        // is still on the branch is not this: a second walk over it finds its first landing's id.)
        if let reopened = ledger.reopenedAt[incident] {
            if ledger.goneCommit[incident] == sha {
                id += ":after:\(ledger.reopenings[incident] ?? 0)"
                if at < reopened { at = max(syncTime ?? reopened, reopened) }
            } else if at < reopened {
                // A fix committed after a revert on the branch, but with an older committer date (clock
                // skew, a rebase keeping dates): it cannot have landed before the reopening it follows.
                at = reopened
            }
        }
        ledger.reopenedAt[incident] = nil
        ledger.goneCommit[incident] = nil
        return Event(
            id: id, incident: incident, type: .preventionLanded, at: at, source: "autoheal",
            attrs: ["commit": .string(sha), "precision": .string(precision), "via": .string(via), "ref": .string(ref),
                    "committed_at": .string(Timestamp(seconds: commit.committer.time).description)])
    }

    /// A reopening. Its id names the commit and the revert commit — or "gone" and, from the second
    /// reopening on, how many came before: the same commit can leave the branch, come back and leave
    /// again. (A revert reopens once; a second walk over it finds the same id.)
    private func revertedEvent(_ incident: String, commit: String, by revert: String?, at: Timestamp, reason: String) -> Event {
        var attrs: [String: JSONValue] = ["commit": .string(commit), "reason": .string(reason)]
        if let revert { attrs["revert_commit"] = .string(revert) }
        let before = ledger.reopenings[incident] ?? 0
        ledger.reopenings[incident] = before + 1
        ledger.reopenedAt[incident] = at
        let suffix = revert ?? ("gone" + (before > 0 ? ":\(before)" : ""))
        return Event(id: "reverted:\(incident):\(commit):\(suffix)", incident: incident,
                     type: .preventionReverted, at: at, source: "autoheal", attrs: .object(attrs))
    }
}
