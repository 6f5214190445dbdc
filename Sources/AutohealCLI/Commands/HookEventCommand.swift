import ArgumentParser
import AutohealConfig
import AutohealCore
import AutohealGit
import AutohealLanding
import AutohealLinkRun
import AutohealStore

/// `autoheal hook-event …`: what the installed hooks call. Hidden; not for people.
struct HookEventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook-event", _superCommandName: AutohealMain.directSuperCommand, abstract: "Called by autoheal's git hooks.", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "committed | rebased | moved | received") var kind: String
    @Option var commit: String?
    /// The commit `--commit` rewrote (post-rewrite: a rebase or amend), which it replaces in the
    /// incident's list of fix commits.
    @Option var replaces: String?
    /// `rebased`: the rebased fix branch's incident (its dropped commits may name none).
    @Option var incident: String?
    @Option var old: String?
    @Option var new: String?
    @Option var ref: String?
    /// `rebased`: the rebased branch's short name (the apply backend's post-rewrite runs with HEAD
    /// detached); its tip is `--commit`.
    @Option var branch: String?
    /// `rebased`: a file holding git's "<old> <new>" lines, instead of stdin.
    @Option var pairs: String?
    /// `rebased`: a copy of what the rebase was given (`onto`, `git-rebase-todo.backup`, `done`), read
    /// instead of the rebase's own folder, which git removes after the hooks (for a record made later).
    @Option var state: String?
    /// `moved`: the branch prefix the hook found the branch under (the configured one, or an earlier one),
    /// to tell its incident by; `--ref` is the branch, `--old` and `--new` what git gave for it.
    @Option var prefix: String?
    /// Milliseconds to wait for a ledger another process holds (a long import): the post-commit hook
    /// waits briefly, then records in the background instead of holding up `git commit`.
    @Option var wait: Int32?

    func run() throws {
        let ctx = try Context(global)
        let repo = try ctx.openRepository()
        let config = try ctx.config()
        switch kind {
        case "committed":
            let id = try repo.resolveCommit(commit ?? "HEAD")
            let c = try repo.commit(id)
            let store = try openStore(ctx)
            let recording = RebaseRecording(repository: repo, branchPrefix: config.branchPrefix, branch: repo.currentBranch,
                                            knows: { try store.hasIncident($0) }, preventionEvents: preventionEvents(store))
            let events = try recording.committed(c, replaces: replaces.flatMap(ObjectID.init(hex:)))
            // The same commit recorded again with other details (post-commit saw it during a rebase, with
            // HEAD detached; post-rewrite on the branch) keeps its first record: nothing to report.
            _ = try store.append(events, recordedAt: ctx.now, keepingRecorded: true)
        case "rebased":
            // A rebase of a fix branch finishing: post-rewrite gives git's "<old> <new>" lines on stdin;
            // reference-transaction, for a rebase that rewrote nothing, gives the branch as `--ref`
            // (HEAD is still detached then) and no lines.
            var input = ""
            if let pairs {
                input = (try? String(contentsOfFile: Paths.absolute(pairs, relativeTo: ctx.cwd), encoding: .utf8)) ?? ""
            } else {
                while let line = readLine() { input += line + "\n" }
            }
            let head = try commit.map { try repo.resolveCommit($0) } ?? ref.map { try repo.resolveCommit($0) } ?? repo.headCommitID()
            let named = branch ?? ref.map { $0.hasPrefix("refs/heads/") ? String($0.dropFirst("refs/heads/".count)) : $0 } ?? repo.currentBranch
            let store = try openStore(ctx)
            var recording = RebaseRecording(repository: repo, branchPrefix: config.branchPrefix, branch: named,
                                            knows: { try store.hasIncident($0) }, preventionEvents: preventionEvents(store))
            let rebaseState = state.map { RebaseState.read(directory: Paths.absolute($0, relativeTo: ctx.cwd), repo) } ?? RebaseState.read(repo)
            let scope = named.map { BranchReconciliation.Scope.of(branch: $0, incident: incident, prefixes: [config.branchPrefix],
                                                                  defaultBranch: config.defaultBranch, in: repo) } ?? .init()
            let events = try recording.events(pairs: RebaseRecording.pairs(input), head: head,
                                              state: rebaseState, incident: incident, scope: scope, now: ctx.now)
            _ = try store.append(events, recordedAt: ctx.now, keepingRecorded: true)
        case "moved":
            try moved(ctx, repo, config)
        case "received":
            guard let new, let newID = ObjectID(hex: new), let ref else { throw CLIError("received needs --new SHA and --ref", status: .usage) }
            let store = try ctx.openStore()
            let sync = LandingSync(repository: repo, ledger: LedgerView(incidents: try store.incidents()), branchPrefix: config.branchPrefix)
            let events = try sync.receive(old: old.flatMap(ObjectID.init(hex:)), new: newID, ref: ref, receivedAt: ctx.now)
            _ = try store.append(events, recordedAt: ctx.now)
        default:
            throw CLIError("unknown hook event \(kind)", status: .usage)
        }
    }

    /// A fix branch moved (reference-transaction): unless the move is a commit or an amend, which
    /// post-commit or post-rewrite records, or a rebase of the branch (post-rewrite's), the incident's
    /// list is made to match the branch (``BranchReconciliation``) — after a reset, `branch -f`, a
    /// fast-forward, a rebase of a branch stacked on it (`--update-refs`), the apply backend's last step.
    private func moved(_ ctx: Context, _ repo: Repository, _ config: Configuration) throws {
        guard let ref, ref.hasPrefix("refs/heads/"), let newHex = new, let given = ObjectID(hex: newHex) else {
            throw CLIError("moved needs --ref refs/heads/NAME and --new SHA", status: .usage)
        }
        let name = String(ref.dropFirst("refs/heads/".count))
        // The branch as it is now (a record made later, in the background, sees the latest move).
        guard let tip = repo.referenceTarget(ref) ?? (repo.hasObject(given) ? given : nil) else { return }
        // git gives no old value for an update made without one (`branch -f`, the apply backend's last
        // step): the reflog has it.
        var previous = old.flatMap(ObjectID.init(hex:)).flatMap { $0.isZero ? nil : $0 }
        if previous == nil, let entry = repo.lastReflogEntry(ref), entry.new == given { previous = entry.old }
        if try FastHookEvent.isCommit(repo, ref: ref, tip: given, previous: previous) { return }
        // A rebase of this very branch is post-rewrite's (or, when it rewrote nothing, the hook's) to record.
        if let rebased = try? String(contentsOfFile: repo.gitDir + "/rebase-merge/head-name", encoding: .utf8),
           rebased.trimmingCharacters(in: .whitespacesAndNewlines) == ref { return }
        let prefixes = [prefix, config.branchPrefix].compactMap { $0 }
        let store = try openStore(ctx)
        let incident = FixBranchName.incident(of: name, prefixes: prefixes, in: repo)
        let records = FixCommitRecords(repository: repo, branchPrefix: config.branchPrefix, branch: name,
                                       knows: { try store.hasIncident($0) }, preventionEvents: preventionEvents(store))
        var reconciliation = BranchReconciliation(
            records: records, incident: incident,
            scope: .of(branch: name, incident: incident, prefixes: prefixes, defaultBranch: config.defaultBranch, in: repo))
        let events = try reconciliation.events(tip: tip, previous: previous, pairs: RebaseState.rewrites(repo), now: ctx.now)
        _ = try store.append(events, recordedAt: ctx.now, keepingRecorded: true)
    }

    /// An incident's events for the hooks' records (attrs parsed for the prevention events only).
    private func preventionEvents(_ store: EventStore) -> (String) throws -> [Event] {
        { try store.events(incident: $0, attrsFor: PreventionState.attrsRead) }
    }

    /// The ledger, waiting `--wait` milliseconds for another process that holds it (else the usual minute).
    private func openStore(_ ctx: Context) throws -> EventStore {
        try wait.map { try EventStore(path: ctx.databasePath, busyTimeoutMilliseconds: $0) } ?? ctx.openStore()
    }
}
