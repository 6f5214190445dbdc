import ArgumentParser
import AutohealPrevent
import AutohealCore
import AutohealReports

/// `autoheal config`: the effective configuration, clock rules included.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Print the effective configuration and clock rules.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let config = try ctx.config()
        var json = config.json
        if case .object(var o) = json {
            o["database"] = .string(ctx.databasePath)
            json = .object(o)
        }
        if output.json { Output.json(json); return }
        var out = "sources: \(config.sources.joined(separator: ", "))\n"
        out += "database: \(ctx.databasePath)\n\n"
        out += RulesText.render(config.rules)
        out += "severity policy: \(config.severityPolicy.rawValue)\n"
        let targets = config.targets.bySeverity.sorted { $0.key < $1.key }.map { "\($0.key) \(DurationFormat.short($0.value))" }
        out += "prevention targets: \((targets + ["others \(DurationFormat.short(config.targets.other))"]).joined(separator: ", "))\n"
        out += "branch prefix: \(config.branchPrefix)\n"
        out += "default branch: \(config.defaultBranch ?? "found from the repository (origin/HEAD, then init.defaultBranch, main, master; local, then origin/NAME)")\n"
        // Shell-quoted as a user would type them: `sh -c 'a; b'` is one argument, not three.
        if let v = config.verify {
            out += "verify: \(AgentCommand.display(v))\n"
            out += "verify timeout: \(DurationFormat.short(config.verifyTimeoutSeconds))\n"
        }
        if let a = config.personalAgent ?? config.repositoryAgent {
            out += "agent: \(a.command.map(AgentCommand.display) ?? a.preset ?? "?") (from \(a.origin)), timeout \(DurationFormat.short(a.timeoutSeconds))\n"
        }
        // What the files set (a prefix with U+202E, a path with an escape) is shown as other text output
        // shows it: hidden characters as `\u{…}`, line by line.
        Terminal.out(out.split(separator: "\n", omittingEmptySubsequences: false).map { VisibleText.of(String($0)) }.joined(separator: "\n"))
    }
}
