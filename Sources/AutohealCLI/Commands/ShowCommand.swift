import ArgumentParser
import AutohealCore
import AutohealReports

/// `autoheal show INC`: clocks, severity history, prevention, root cause and the timeline.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one incident in full.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The incident id, e.g. INC-7.") var incident: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let config = try ctx.config()
        let analysis = IncidentAnalysis(incident: try ctx.incident(incident), rules: config.rules, asOf: ctx.now)
        if output.json {
            Output.json(IncidentDocument.show(analysis, policy: config.severityPolicy))
        } else {
            Terminal.out(IncidentText.show(analysis, policy: config.severityPolicy, style: Terminal.stdoutStyle))
        }
    }
}
