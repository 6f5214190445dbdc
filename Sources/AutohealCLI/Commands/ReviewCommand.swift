import ArgumentParser
import AutohealCore
import AutohealLinkRun
import AutohealReports

/// `autoheal review`: open preventive work, overdue first, then by severity, then oldest.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Open preventive work for reviewers: overdue first, then by severity, then oldest.",
        discussion: "Targets per severity come from prevention.targets (defaults SEV1 7d, SEV2 14d, SEV3 30d, others 30d).")

    @OptionGroup var global: GlobalOptions
    /// In its one spelling (``ServiceName/normalized(_:)``), as the ledger's services are read.
    @Option(help: "Only this service.", transform: { ServiceName.normalized($0) }) var service: String?
    @Flag(help: "Only overdue items.") var overdue = false
    @Flag(help: "Exit 3 when any item is overdue (for CI).") var failOnOverdue = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let config = try ctx.config()
        // Incidents stream past (read on a second thread); only their open items are kept.
        var open: [ReviewItem] = []
        try IncidentStream.forEach(ctx.openStoreForReading(), attrsFor: ReviewQueue.attrsRead) { incident in
            guard service == nil || incident.service == service,
                  let item = ReviewQueue.item(for: incident, rules: config.rules, policy: config.severityPolicy,
                                              targets: config.targets, now: ctx.now) else { return }
            open.append(item)
        }
        var items = ReviewQueue.sorted(open)
        let anyOverdue = items.contains { $0.overdue }
        if overdue { items = items.filter(\.overdue) }
        if output.json {
            Output.json(["items": .array(items.map(\.json))])
        } else if items.isEmpty {
            Terminal.out("no open preventive work\(overdue ? " is overdue" : "")\n")
        } else {
            let style = Terminal.stdoutStyle
            // DUE and STATUS apart: an overdue item still says whether a fix is drafted or committed.
            var table = TextTable(headers: ["INCIDENT", "SERVICE", "SEV", "AGE", "TARGET", "DUE", "STATUS", "BRANCH"],
                                  alignments: [.left, .left, .left, .right, .right, .right, .left, .left],
                                  maxWidths: [14, 14, 5, nil, nil, nil, 9, 20])
            for i in items {
                table.add([i.incident, i.service ?? "–", i.severity ?? "–",
                           DurationFormat.short(i.ageSeconds), DurationFormat.short(i.targetSeconds),
                           Self.due(ageSeconds: i.ageSeconds, targetSeconds: i.targetSeconds), i.status.rawValue, i.branch ?? "–"])
            }
            Terminal.out(table.render(style: style))
        }
        if failOnOverdue && anyOverdue { throw ExitCode(ExitStatus.overdue.rawValue) }
    }

    /// The DUE cell: how long an item past its target is late ("2d04h late"), else how long it has left
    /// ("in 3d00h").
    static func due(ageSeconds age: Int64, targetSeconds target: Int64) -> String {
        let (left, overflow) = target.subtractingReportingOverflow(age)
        if overflow { return "–" }
        // Both rounded half up to the unit shown, as AGE is: AGE and the time left add up to TARGET.
        return age > target ? "\(DurationFormat.short(left == .min ? .max : -left)) late"
                            : "in \(DurationFormat.short(left))"
    }
}
