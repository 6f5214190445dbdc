import AutohealCore
import AutohealGit

/// What the hooks record about fix commits: the incidents a commit names, each incident's records
/// (read once, with what is about to be written), and a commit's `prevention.committed` record.
/// Shared by ``RebaseRecording`` and ``BranchReconciliation``, so both give a commit the same record.
public struct FixCommitRecords {
    public let repository: Repository
    public let branchPrefix: String
    /// The branch recorded on each event.
    public let branch: String?
    /// Whether the ledger knows an incident; each id asked once per run (a walk meets the same ids
    /// commit after commit, and each answer is a ledger query).
    let knows: (String) throws -> Bool
    /// An incident's events, in recording order (only `prevention.*` ones are read).
    let preventionEvents: (String) throws -> [Event]
    private var cache: [String: FixCommitLedger] = [:]
    /// Records made by this run, not written yet: every ledger read includes them.
    private var pending: [Event] = []

    public init(repository: Repository, branchPrefix: String, branch: String?,
                knows: @escaping (String) throws -> Bool, preventionEvents: @escaping (String) throws -> [Event]) {
        self.repository = repository
        self.branchPrefix = branchPrefix
        self.branch = branch
        let answers = KnownIncidents()
        self.knows = { id in
            if let known = answers.byID[id] { return known }
            let known = try knows(id)
            answers.byID[id] = known
            return known
        }
        self.preventionEvents = preventionEvents
    }

    /// The ledger's answers so far, shared by the copies of one run's records.
    private final class KnownIncidents {
        var byID: [String: Bool] = [:]
    }

    /// The known incidents a commit message names on `Prevents:` lines.
    func incidents(of message: String) throws -> [String] {
        try CommitMessageScan(message, branchPrefix: branchPrefix, known: { (try? knows($0)) ?? false }).prevents.filter(knows)
    }

    /// Whether the ledger knows `incident`.
    func isKnown(_ incident: String) throws -> Bool { try knows(incident) }

    /// `incident`'s fix commits as recorded, with this run's records.
    mutating func ledger(_ incident: String) throws -> FixCommitLedger {
        if let hit = cache[incident] { return hit }
        var ledger = FixCommitLedger(incident: incident, events: try preventionEvents(incident))
        ledger.add(pending)
        cache[incident] = ledger
        return ledger
    }

    /// Counts `events` as recorded in every later ledger read.
    mutating func note(_ events: [Event]) {
        pending += events
        for key in cache.keys { cache[key]?.add(events) }
    }

    /// The `prevention.committed` record of `commit` for each incident its message names, replacing
    /// `replaces` unless that is still in the commit's history (git maps an `edit` stop to whatever HEAD
    /// is at `--continue`, with the edited commit kept below it). Ids as `hook-event committed` gives them.
    public func committed(_ commit: Commit, replaces old: ObjectID? = nil) throws -> [Event] {
        let id = commit.id
        var replaced: String?
        if let old, old != id, try !(repository.hasObject(old) && repository.isAncestor(old, of: id)) {
            replaced = old.hex
        }
        return try incidents(of: commit.message).map { incident in
            var attrs: [String: JSONValue] = ["commit": .string(id.hex)]
            if let branch { attrs["branch"] = .string(branch) }
            var eventID = "committed:\(incident):\(id.hex)"
            if let replaced {
                attrs["replaces"] = .string(replaced)
                eventID += ":\(replaced)"
            }
            return Event(id: eventID, incident: incident, type: .preventionCommitted,
                         at: Timestamp(seconds: commit.committer.time), source: "autoheal-hook", attrs: .object(attrs))
        }
    }
}
