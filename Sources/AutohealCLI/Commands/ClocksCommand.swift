import ArgumentParser
import AutohealCore
import AutohealReports

/// `autoheal clocks INC`: every reading of each clock side by side, the rules' ones marked.
struct ClocksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clocks", abstract: "Every reading of detection and recovery side by side (* = the configured rule).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The incident id.") var incident: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let config = try ctx.config()
        let analysis = IncidentAnalysis(incident: try ctx.incident(incident), rules: config.rules, asOf: ctx.now)
        if output.json {
            Output.json(["incident": .string(incident), "readings": .array(analysis.readings.map(\.json)),
                         "hidden_investigation_seconds": JSONValue(analysis.hiddenInvestigationSeconds)])
        } else {
            Terminal.out(IncidentText.readings(analysis, style: Terminal.stdoutStyle))
        }
    }
}
