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
    @Argument(help: "committed | received") var kind: String
    @Option var commit: String?
    /// The commit `--commit` rewrote (post-rewrite: a rebase or amend), which it replaces in the
    /// incident's list of fix commits.
    @Option var replaces: String?
    @Option var old: String?
    @Option var new: String?
    @Option var ref: String?
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
            let scan = CommitMessageScan(c.message, branchPrefix: config.branchPrefix)
            let branch = repo.currentBranch
            let store = try wait.map { try EventStore(path: ctx.databasePath, busyTimeoutMilliseconds: $0) } ?? ctx.openStore()
            var events: [Event] = []
            // A commit still in the new commit's history was not replaced by it: git's rewritten list maps
            // an `edit` stop to whatever HEAD is at `--continue`, with the edited commit kept below it.
            var replaced: String?
            if let old = replaces.flatMap(ObjectID.init(hex:)), old != id, try !(repo.hasObject(old) && repo.isAncestor(old, of: id)) {
                replaced = old.hex
            }
            for incident in scan.prevents where try store.hasIncident(incident) {
                var attrs: [String: JSONValue] = ["commit": .string(id.hex)]
                if let branch { attrs["branch"] = .string(branch) }
                var eventID = "committed:\(incident):\(id.hex)"
                if let replaced {
                    attrs["replaces"] = .string(replaced)
                    eventID += ":\(replaced)"
                }
                events.append(Event(id: eventID, incident: incident, type: .preventionCommitted,
                                    at: Timestamp(seconds: c.committer.time), source: "autoheal-hook", attrs: .object(attrs)))
            }
            // The same commit recorded again with other details (post-commit saw it during a rebase, with
            // HEAD detached; post-rewrite on the branch) keeps its first record: nothing to report.
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
}
