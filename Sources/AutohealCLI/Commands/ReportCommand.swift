import ArgumentParser
import AutohealCore
import AutohealLinkRun
import AutohealReports
import Foundation

/// `autoheal report`: MTTD, MTTR and MTTP per group, with the rules that define them.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "MTTD, MTTR and MTTP by service, severity, quarter or month.",
        discussion: "Medians and p90 (linear interpolation); MTTP is the Kaplan–Meier median with open work censored at --until or now.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Group by service, severity, quarter, month, or a comma-separated combination.")
    var by: String = "service"
    @Option(help: "Only incidents that started on or after this date (YYYY-MM-DD or RFC 3339).")
    var since: String?
    @Option(help: "Only incidents that started before this date; open prevention is censored here.")
    var until: String?
    @Option(help: "table, json, csv, openmetrics or html.", completion: .list(ReportCommand.formats))
    var format: String = "table"
    @Option(help: "Write to this file instead of standard output.")
    var out: String?
    @Flag(name: .long, help: "Same as --format json.")
    var json = false

    static let formats = ["table", "json", "csv", "openmetrics", "html"]

    func validate() throws {
        // --json is --format json: with another --format, which was meant cannot be told.
        if json, format != "table", format != "json" {
            throw ValidationError("--json and --format \(format) contradict each other; give one")
        }
        guard Self.formats.contains(format) else {
            throw ValidationError("unknown format \(format) (known: \(Self.formats.joined(separator: ", ")))")
        }
        _ = try dimensions()
    }

    func dimensions() throws -> [ReportDimension] {
        let names = by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--by needs at least one of service, severity, quarter, month") }
        var dims: [ReportDimension] = []
        for n in names {
            guard let d = ReportDimension(rawValue: n) else {
                throw ValidationError("cannot group by \(n) (use service, severity, quarter, month)")
            }
            if dims.contains(d) { continue }
            if (d == .quarter && dims.contains(.month)) || (d == .month && dims.contains(.quarter)) {
                throw ValidationError("group by quarter or by month, not both")
            }
            dims.append(d)
        }
        return dims
    }

    static func parseTime(_ text: String?, _ flag: String) throws -> Timestamp? {
        guard let text else { return nil }
        do { return try RFC3339.parseDateOrTime(text) } catch {
            throw CLIError("\(flag): \(error)", status: .usage)
        }
    }

    func run() throws {
        let ctx = try Context(global)
        let config = try ctx.config()
        let from = try Self.parseTime(since, "--since"), to = try Self.parseTime(until, "--until")
        if let from, let to, from >= to {
            throw CLIError("--since \(since ?? "") is not before --until \(until ?? ""): no incident could start in between", status: .usage)
        }
        let query = ReportQuery(by: try dimensions(), since: from, until: to, rules: config.rules,
                                severityPolicy: config.severityPolicy, targets: config.targets)
        let text: String
        if format == "html" && !json {
            // The dashboard also needs the by-quarter view and the open work, built in the same pass.
            var builder = HTMLReportBuilder(query: query, now: ctx.now)
            try IncidentStream.forEach(ctx.openStoreForReading(), attrsFor: ReportRendering.attrsNeeded) { builder.add($0) }
            text = HTMLReportRenderer.render(builder.finish(), generatedAt: ctx.now)
        } else {
            var builder = ReportBuilder(query: query, now: ctx.now)
            try IncidentStream.forEach(ctx.openStoreForReading(), attrsFor: ReportRendering.attrsNeeded) { builder.add($0) }
            text = ReportRendering.render(builder.finish(), format: json ? "json" : format,
                                          style: out == nil ? Terminal.stdoutStyle : .plain)
        }
        if let out {
            try OutputFile.write(text, to: out, cwd: ctx.cwd)
        } else {
            Terminal.out(text)
        }
    }
}

/// Turns a computed report into the requested format.
enum ReportRendering {
    /// Reports read only the attrs their numbers depend on: the prevention state's (a server receipt for
    /// the same commit overrides the committer time, as in `show`) and root-cause links (recurrence).
    /// Every other statistic needs only event types and times.
    static let attrsNeeded: Set<EventType> = PreventionState.attrsRead.union([.rootcauseLinked])

    static func render(_ report: Report, format: String, style: TerminalStyle) -> String {
        switch format {
        case "json": return report.json.prettyJSON + "\n"
        case "csv": return ReportCSV.render(report)
        case "openmetrics": return OpenMetricsRenderer.render(report)
        default: return ReportTable.render(report, style: style)
        }
    }
}
