import ArgumentParser
import AutohealCore
import AutohealGit
import AutohealLanding
import AutohealLink
import AutohealLinkRun

/// `autoheal land --commit SHA [--at TIME]`: an authoritative receipt from CI or a server hook.
struct LandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "land",
        abstract: "Record that a commit reached the default branch at a known time (precision: server).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The landing commit (a merge, squash or rebased commit on the default branch).") var commit: String
    @Option(help: "When it landed (RFC 3339); default now.") var at: String?
    @Option(help: "The branch it landed on (default: the default branch).") var branch: String?
    @OptionGroup var output: JSONFlag

    /// How far a receipt may seem to precede its commit, or lie ahead of now: clocks of servers, CI
    /// runners and laptops disagree.
    static let clockSkew: Int64 = 3600

    func run() throws {
        let ctx = try Context(global)
        let repo = try ctx.openRepository()
        repo.readShallowEdgesAsRoots()  // a commit on a shallow clone's branch is checked as git sees it
        let config = try ctx.config()
        // A receipt is a moment: a full RFC 3339 time with its zone, as events need (not a bare date).
        var when = ctx.now
        if let at {
            do { when = try RFC3339.parse(at) } catch { throw CLIError("--at: \(error)", status: .usage) }
        }
        let id: ObjectID
        do { id = try repo.resolveCommit(commit) } catch {
            let why = Linker.revisionError(commit, error, in: repo)
            throw CLIError("--commit: \(why.description)", status: why.isBadInput ? .badInput : .failure)
        }
        // The ledger keeps a receipt for good: it must be for a commit on the default branch (or the
        // --branch named), made before it landed. A branch that does not resolve, or a default branch
        // that cannot be told, is refused: checking against HEAD instead took a fix branch's own commit.
        let ref = try LandingBranch.resolve(repo, option: branch, config: config)
        guard let tip = repo.referenceTarget(ref) else { throw CLIError("no such reference \(ref)", status: .badInput) }
        if tip != id, !(try repo.isAncestor(id, of: tip)) {
            throw CLIError("commit \(id.short()) is not on \(ref): land records a commit that reached the default branch (fetch first, or pass --branch)")
        }
        let made = try repo.commit(id).committer.time
        if Timestamp(seconds: made).seconds(until: when) < -Self.clockSkew {
            throw CLIError("--at \(when) is before commit \(id.short()) was made (\(Timestamp(seconds: made))): a receipt cannot precede its commit", status: .usage)
        }
        if when.seconds(until: ctx.now) < -Self.clockSkew {
            throw CLIError("--at \(when) is in the future", status: .usage)
        }
        let store = try ctx.openStore()
        let sync = LandingSync(repository: repo, ledger: LedgerView(incidents: try store.incidents()), branchPrefix: config.branchPrefix)
        let events = try sync.land(id, ref: ref, precision: "server", at: when)
        for note in sync.notes { Terminal.err("autoheal: note: " + VisibleText.of(note)) }
        guard !events.isEmpty else {
            // The fix it carries landed already through another commit (the fix commit before its merge,
            // or the merge before the fix commit): the first landing stands, as for a second receipt.
            let elsewhere = try sync.landedElsewhere(id)
            if !elsewhere.isEmpty {
                let lines = elsewhere.sorted { $0.key < $1.key }.map { "\($0.key): already landed in \(String($0.value.prefix(12))); the first landing stands" }
                if output.json {
                    Output.json(["commit": .string(id.hex), "at": .string(when.description), "new": 0,
                                 "incidents": .array(elsewhere.keys.sorted().map(JSONValue.string))])
                } else {
                    Terminal.out(lines.map { VisibleText.of($0) + "\n" }.joined())
                }
                return
            }
            throw CLIError("commit \(id.short()) lands no known preventive fix (no Prevents trailer, fix branch or recorded commit for an incident in the ledger)")
        }
        // One receipt per commit: the first recorded stands (a second at another time changes nothing).
        let fresh = try store.unrecorded(events)
        // The time that stands for each receipt recorded before: the first one's, not this one's.
        var standing: [String: Timestamp] = [:]
        for e in events where !fresh.contains(where: { $0.identity == e.identity }) {
            standing[e.identity] = try store.events(incident: e.incident, type: e.type).first { $0.identity == e.identity }?.at
        }
        let result = try store.append(events, recordedAt: ctx.now, keepingRecorded: true)
        if output.json {
            // `at`: the time that stands (the first receipt's, when every receipt was recorded before).
            let standingTimes = events.compactMap { standing[$0.identity] }
            let at = standingTimes.count == events.count ? (standingTimes.min() ?? when) : when
            Output.json(["commit": .string(id.hex), "at": .string(at.description), "new": JSONValue(result.new),
                         "incidents": .array(events.map { .string($0.incident) })])
        } else {
            Terminal.out(events.map { e in
                let what = e.type == .preventionReverted ? "reopened by" : "landed in"
                if let first = standing[e.identity] {
                    return "\(VisibleText.of(e.incident)): \(what) \(id.short()) at \(first) (server) — already recorded; the first receipt stands (this one, \(when), changes nothing)\n"
                }
                return "\(VisibleText.of(e.incident)): \(what) \(id.short()) at \(when) (server)\n"
            }.joined())
        }
    }
}
