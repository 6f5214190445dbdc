import ArgumentParser
import AutohealCore
import AutohealReports

/// `autoheal incidents`: one line per incident.
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incidents", abstract: "List incidents.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only incidents of this service.") var service: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let config = try ctx.config()
        // A row shows ids, times, severities and statuses: only the prevention state reads attrs.
        let analyses = IncidentID.sorted(try ctx.incidents(attrsFor: PreventionState.attrsRead)).map { IncidentAnalysis(incident: $0, rules: config.rules, asOf: ctx.now) }
            .filter { service == nil || $0.incident.service == service }
        if output.json {
            Output.json(["incidents": .array(analyses.map { IncidentDocument.row($0, policy: config.severityPolicy) })])
            return
        }
        guard !analyses.isEmpty else {
            Terminal.out("no incidents\(service.map { " for service \($0)" } ?? "") — autoheal import adds them\n")
            return
        }
        var table = TextTable(headers: ["ID", "SERVICE", "SEV", "DECLARED", "STATUS", "PREVENTION"],
                              alignments: [.left, .left, .left, .left, .left, .left], maxWidths: [16, 16, 6, 20, 9, 9])
        for a in analyses {
            table.add([a.incident.id, a.incident.service ?? "–", a.incident.severity.level(for: config.severityPolicy) ?? "–",
                       a.incident.declaredAt?.description ?? "undeclared", a.status, a.preventionState.status.rawValue])
        }
        Terminal.out(table.render(style: Terminal.stdoutStyle))
    }
}
