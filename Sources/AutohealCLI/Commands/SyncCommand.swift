import ArgumentParser
import AutohealCore
import AutohealGit
import AutohealLanding

/// `autoheal sync`: record where preventive fixes landed on the default branch.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Walk the default branch's first-parent history and record preventive fixes' landings.",
        discussion: "Incremental from the last synced tip, correct after a force-push, idempotent.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The branch to walk (default: default_branch from config, else origin/HEAD, then init.defaultBranch, main or master, local or as origin/NAME).")
    var branch: String?
    @Flag(help: "Print nothing unless something failed (for hooks).") var quiet = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let repo = try ctx.openRepository()
        let config = try ctx.config()
        let ref = try LandingBranch.resolve(repo, option: branch, config: config, quiet: quiet)
        let store = try ctx.openStore()
        let stateKey = "sync.tip:" + ref
        let last = try store.state(stateKey).flatMap(ObjectID.init(hex:))
        let incidents = try store.incidents()
        let sync = LandingSync(repository: repo, ledger: LedgerView(incidents: incidents), branchPrefix: config.branchPrefix)
        // The history walked before is read again when the ledger has incidents it did not have then, or
        // a fix commit recorded since for an open incident is already on the branch.
        let knownKey = "sync.incidents:" + ref, checkedKey = "sync.checked:" + ref
        let checked = Set((try store.state(checkedKey) ?? "").split(separator: "\n").map(String.init))
        let known = try store.state(knownKey).flatMap { Int($0) }
        let reasons = try sync.rescanReasons(lastTip: last, knownIncidents: known, checked: checked)
        // A shallow clone's edge the last walk stopped at (history is read again once it was fetched),
        // and commits a partial clone could not compare (compared again).
        let edgeKey = "sync.shallow-edge:" + ref, unreadableKey = "sync.unreadable:" + ref
        let lastEdge = try store.state(edgeKey).flatMap(ObjectID.init(hex:))
        let recheck = (try store.state(unreadableKey) ?? "").split(separator: "\n").compactMap { ObjectID(hex: String($0)) }
        let progress = quiet ? nil : Progress("syncing \(ref)", total: nil)
        let outcome = try sync.sync(ref: ref, lastTip: last, now: ctx.now, rescan: reasons.due || !reasons.commits.isEmpty,
                                    revealedEdges: lastEdge.map { [$0] } ?? [], recheck: recheck,
                                    progress: progress.map { p in { p.update($0) } })
        progress?.finish()
        // Said even with --quiet: the hooks log it.
        for note in sync.notes { Terminal.err("autoheal: note: " + VisibleText.of(note)) }
        // Only what is new is reported: a second walk over history finds events it recorded before.
        let fresh = try store.unrecorded(outcome.events)
        let result = try store.append(outcome.events, recordedAt: ctx.now, keepingRecorded: true)
        if let tip = outcome.tip { try store.setState(stateKey, tip.hex) }
        // The edge is kept until a walk goes down to the root again (an incremental walk stops before it).
        if let edge = outcome.shallowEdge { try store.setState(edgeKey, edge.hex) }
        else if lastEdge != nil, outcome.fullWalk || outcome.rescanned { try store.setState(edgeKey, "") }
        let unreadable = outcome.unreadable.map(\.hex).joined(separator: "\n")
        if unreadable != (try store.state(unreadableKey) ?? "") { try store.setState(unreadableKey, unreadable) }
        if known != incidents.count { try store.setState(knownKey, String(incidents.count)) }
        if !reasons.commits.isEmpty { try store.setState(checkedKey, checked.union(reasons.commits).sorted().joined(separator: "\n")) }
        let landed = fresh.filter { $0.type == .preventionLanded }
        let reverted = fresh.filter { $0.type == .preventionReverted }
        if output.json {
            Output.json(["branch": .string(ref), "tip": JSONValue(outcome.tip?.hex), "walked": JSONValue(outcome.walked),
                         "full_walk": .bool(outcome.fullWalk), "rescanned": .bool(outcome.rescanned), "new": JSONValue(result.new),
                         "landed": .array(landed.map { ["incident": .string($0.incident), "commit": $0.attrs?["commit"] ?? .null,
                                                        "at": .string($0.at.description), "via": $0.attrs?["via"] ?? .null] }),
                         "reverted": .array(reverted.map { ["incident": .string($0.incident), "commit": $0.attrs?["commit"] ?? .null] })])
        } else if !quiet {
            // Incident ids and reasons come from the ledger: written visibly (``VisibleText``), as `show` does.
            let v = VisibleText.of
            var out = "synced \(v(ref)) to \(outcome.tip?.short() ?? "?"): \(counted(outcome.walked, "commit")) examined"
            out += outcome.fullWalk ? " (history rewritten: walked it all)\n"
                : outcome.revealedHistory ? " (history fetched beyond the shallow clone's edge: walked it all again)\n"
                : outcome.rescanned ? " (new incidents or recorded fixes: walked it all again)\n" : "\n"
            for e in landed where result.new > 0 {
                out += "  landed   \(v(e.incident)) in \(v(String((e.attrs?["commit"]?.stringValue ?? "").prefix(12)))) at \(e.at) (\(v(e.attrs?["via"]?.stringValue ?? "")))\n"
            }
            for e in reverted where result.new > 0 {
                out += "  reopened \(v(e.incident)): \(v(e.attrs?["reason"]?.stringValue ?? "reverted"))\n"
            }
            Terminal.out(out)
        }
    }
}
