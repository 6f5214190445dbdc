import ArgumentParser
import AutohealCore
import AutohealImport
import AutohealReports
import Foundation

/// `autoheal demo`: the end-to-end story on built-in sample data, in a fresh database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demo on built-in sample data (a fresh database unless --db is given).")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Only write the sample events as NDJSON to standard output.")
    var printEvents = false

    func run() throws {
        let sample = SampleData.seed + SampleData.population()
        if printEvents { Terminal.out(sample); return }
        var options = global
        if options.database == nil && ProcessInfo.processInfo.environment["AUTOHEAL_DB"] == nil {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("autoheal-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            options.database = dir.appendingPathComponent("autoheal.sqlite").path
        }
        let ctx = try Context(options)
        let style = Terminal.stdoutStyle
        let store = try ctx.openStore()
        let located = try ImportFormat.autoheal.parse(Array(sample.utf8), file: "sample.ndjson")
        let result = try store.append(located.map(\.event), recordedAt: ctx.now)
        let incidents = Set(located.map(\.event.incident)).count
        var out = style.bold("autoheal demo") + " — database \(store.path)\n"
        out += "imported \(located.count) events (\(result.new) new, \(result.duplicates) duplicates) for \(incidents) incidents\n\n"

        let config = try ctx.config()
        let real = IncidentAnalysis(incident: try ctx.incident("INC-REAL"), rules: config.rules, asOf: ctx.now)
        out += style.bold("1. One incident, every reading side by side") + " (autoheal clocks INC-REAL)\n"
        out += IncidentText.readings(real, style: style) + "\n"
        out += "The honest MTTD is \(DurationFormat.short(real.detection.seconds)) from the first alert, though the paging alert reads 3m;\n"
        out += "the honest MTTR is \(DurationFormat.short(real.recovery.seconds)) from acknowledgement, though declaration reads 21m.\n\n"

        out += style.bold("2. The clocks per service") + " (autoheal report --by service)\n"
        let all = try ctx.incidents(attrsFor: ReportRendering.attrsNeeded)
        let query = ReportQuery(by: [.service], rules: config.rules, severityPolicy: config.severityPolicy, targets: config.targets)
        out += ReportTable.render(Report(incidents: all, query: query, now: ctx.now), style: style) + "\n"

        out += style.bold("3. By severity and quarter") + " (autoheal report --by severity,quarter)\n"
        var q2 = query
        q2.by = [.severity, .quarter]
        let table = ReportTable.render(Report(incidents: all, query: q2, now: ctx.now), style: style)
        out += table.components(separatedBy: "\n\n").first.map { $0 + "\n" } ?? table
        out += "\nExplore: autoheal --db \(store.path) show INC-REAL\n"
        Terminal.out(out)
    }
}
