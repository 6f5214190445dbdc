import AutohealCore

/// One incident's fix commits as the ledger records them (`prevention.committed`), together with
/// records not yet written: which commits were ever recorded, which are listed now, and how often each
/// was restored — what the hooks need to keep the list equal to the fix branch, idempotently.
public struct FixCommitLedger: Sendable {
    public let incident: String
    /// The incident's events in time order (ties in recording order), records not yet written last.
    private var events: [Event]
    /// Commits ever recorded for the incident (`attrs.commit`).
    public private(set) var recorded: Set<String> = []
    /// The commits listed now (``PreventionState/commits``).
    public private(set) var listed: Set<String> = []
    /// How many records restored each commit (`attrs.restored`).
    public private(set) var restores: [String: Int] = [:]
    /// The branch each listed commit was last recorded on (`attrs.branch`).
    public private(set) var branchOf: [String: String] = [:]
    /// Whether a fix of the incident has landed (and was not reverted since).
    public private(set) var landed = false

    /// `events`: the incident's events in recording order (the store's); only `prevention.*` ones are read.
    public init(incident: String, events: [Event]) {
        self.incident = incident
        // Stable: events with the same time keep their recording order, as `show` reads them.
        self.events = events.enumerated().filter { $0.element.type.rawValue.hasPrefix("prevention.") }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        refresh()
    }

    /// Adds records about to be written (they come after everything recorded, as they will be read).
    public mutating func add(_ pending: [Event]) {
        let mine = pending.filter { $0.incident == incident }
        guard !mine.isEmpty else { return }
        events += mine
        refresh()
    }

    private mutating func refresh() {
        recorded = []
        restores = [:]
        branchOf = [:]
        for e in events where e.type == .preventionCommitted {
            guard let c = e.attrs?["commit"]?.stringValue else { continue }
            recorded.insert(c)
            if e.attrs?["restored"]?.boolValue == true { restores[c, default: 0] += 1 }
            if let b = e.attrs?["branch"]?.stringValue { branchOf[c] = b }
        }
        let state = PreventionState(events: events, asOf: Timestamp(microseconds: .max))
        listed = Set(state.commits)
        landed = state.landed != nil
    }

    /// The record taking `commit` off the list (a rebase dropped it, a reset took it off its branch),
    /// dated `now`. Its id counts the restorings before it: the same commit can leave, come back and
    /// leave again, and each time is a new fact (recording the same one twice is a duplicate).
    public func dropped(_ commit: String, branch: String?, now: Timestamp) -> Event {
        let n = restores[commit] ?? 0
        var attrs: [String: JSONValue] = ["dropped": .string(commit)]
        if let branch { attrs["branch"] = .string(branch) }
        return Event(id: "dropped:\(incident):\(commit)" + (n > 0 ? ":\(n)" : ""), incident: incident, type: .preventionCommitted,
                     at: now, source: "autoheal-hook", attrs: .object(attrs))
    }

    /// The record putting back on the list `commit`, recorded before and dropped or replaced since (a
    /// reset or rebase brought it back to its branch), dated `now`.
    public func restored(_ commit: String, branch: String?, now: Timestamp) -> Event {
        let n = restores[commit] ?? 0
        var attrs: [String: JSONValue] = ["commit": .string(commit), "restored": .bool(true)]
        if let branch { attrs["branch"] = .string(branch) }
        return Event(id: "restored:\(incident):\(commit)" + (n > 0 ? ":\(n)" : ""), incident: incident, type: .preventionCommitted,
                     at: now, source: "autoheal-hook", attrs: .object(attrs))
    }
}
