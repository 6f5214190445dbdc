import ArgumentParser
import AutohealCore
import AutohealReports

/// `autoheal incidents`: one line per incident.
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incidents", abstract: "List incidents.")

    @OptionGroup var global: GlobalOptions
    /// In its one spelling (``ServiceName/normalized(_:)``), as the ledger's services are read.
    @Option(help: "Only incidents of this service.", transform: { ServiceName.normalized($0) }) var service: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let config = try ctx.config()
        // A row shows ids, times, severities and statuses: only the prevention state reads attrs.
        // Incidents stream past (read on a second thread); only each one's row is kept, then sorted by id.
        var documents: [(id: String, row: JSONValue)] = []
        var cells: [(id: String, row: [String])] = []
        try IncidentStream.forEach(ctx.openStoreForReading(), attrsFor: PreventionState.attrsRead) { incident in
            // One known only from `x-` events (stored and ignored) is no incident for the clocks.
            guard !incident.isExtensionOnly, service == nil || incident.service == service else { return }
            let a = IncidentAnalysis(incident: incident, rules: config.rules, asOf: ctx.now)
            if output.json {
                documents.append((incident.id, IncidentDocument.row(a, policy: config.severityPolicy)))
            } else {
                cells.append((incident.id, [incident.id, incident.service ?? "–", incident.severity.level(for: config.severityPolicy) ?? "–",
                                            incident.declaredAt?.description ?? "undeclared", a.status, a.preventionState.status.rawValue]))
            }
        }
        if output.json {
            Output.json(["incidents": .array(IncidentID.sorted(documents, by: \.id).map(\.row))])
            return
        }
        guard !cells.isEmpty else {
            Terminal.out("no incidents\(service.map { " for service \($0)" } ?? "") — autoheal import adds them\n")
            return
        }
        var table = TextTable(headers: ["ID", "SERVICE", "SEV", "DECLARED", "STATUS", "PREVENTION"],
                              alignments: [.left, .left, .left, .left, .left, .left], maxWidths: [16, 16, 6, 20, 9, 9])
        for row in IncidentID.sorted(cells, by: \.id) { table.add(row.row) }
        Terminal.out(table.render(style: Terminal.stdoutStyle))
    }
}
