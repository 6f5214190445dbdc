import ArgumentParser
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
    @Argument(help: "committed | rebased | received") var kind: String
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
                                            knows: { try store.hasIncident($0) }, committedEvents: { try store.events(incident: $0, type: .preventionCommitted) })
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
                                            knows: { try store.hasIncident($0) }, committedEvents: { try store.events(incident: $0, type: .preventionCommitted) })
            let rebaseState = state.map { RebaseState.read(directory: Paths.absolute($0, relativeTo: ctx.cwd), repo) } ?? RebaseState.read(repo)
            let events = try recording.events(pairs: RebaseRecording.pairs(input), head: head,
                                              state: rebaseState, incident: incident, now: ctx.now)
            _ = try store.append(events, recordedAt: ctx.now, keepingRecorded: true)
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

    /// The ledger, waiting `--wait` milliseconds for another process that holds it (else the usual minute).
    private func openStore(_ ctx: Context) throws -> EventStore {
        try wait.map { try EventStore(path: ctx.databasePath, busyTimeoutMilliseconds: $0) } ?? ctx.openStore()
    }
}
