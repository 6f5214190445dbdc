import ArgumentParser
import AutohealCore
import AutohealGit
import AutohealLanding
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

    func run() throws {
        let ctx = try Context(global)
        let repo = try ctx.openRepository()
        let config = try ctx.config()
        let when = try ReportCommand.parseTime(at, "--at") ?? ctx.now
        let id = try repo.resolveCommit(commit)
        let store = try ctx.openStore()
        let ref = (try? LandingSync.resolveBranch(repo, name: branch ?? config.defaultBranch)) ?? (branch ?? "HEAD")
        let sync = LandingSync(repository: repo, ledger: LedgerView(incidents: try store.incidents()), branchPrefix: config.branchPrefix)
        let events = try sync.land(id, ref: ref, precision: "server", at: when)
        guard !events.isEmpty else {
            throw CLIError("commit \(id.short()) lands no known preventive fix (no Prevents trailer, fix branch or recorded commit for an incident in the ledger)")
        }
        let result = try store.append(events, recordedAt: ctx.now)
        if output.json {
            Output.json(["commit": .string(id.hex), "at": .string(when.description), "new": JSONValue(result.new),
                         "incidents": .array(events.map { .string($0.incident) })])
        } else {
            Terminal.out(events.map { "\($0.incident): landed in \(id.short()) at \(when) (server)\n" }.joined())
        }
    }
}
