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
        let escapes = try Self.escapes(of: analysis, ctx: ctx, rules: config.rules)
        if output.json {
            Output.json(IncidentDocument.show(analysis, policy: config.severityPolicy, escapes: escapes))
        } else {
            Terminal.out(IncidentText.show(analysis, policy: config.severityPolicy, escapes: escapes, style: Terminal.stdoutStyle))
        }
    }

    /// Earlier incidents whose landed prevention this incident escaped (same service, overlapping linked code).
    static func escapes(of analysis: IncidentAnalysis, ctx: Context, rules: ClockRules) throws -> [String] {
        guard let link = analysis.incident.link else { return [] }
        // Only incidents linked to one of this incident's paths can overlap it.
        let paths = Array(CodeFootprint(link: link).ranges.keys)
        let linked = try ctx.openStore().linkedIncidents(naming: paths, orOf: analysis.incident.id)
            .filter { $0.service == analysis.incident.service }
            .map { Recurrence.Footprint(IncidentAnalysis(incident: $0, rules: rules, asOf: ctx.now)) }
        return Recurrence.escapes(linked)[analysis.incident.id] ?? []
    }
}
