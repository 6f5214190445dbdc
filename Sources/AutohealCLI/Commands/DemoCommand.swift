import ArgumentParser
import AutohealCore
import AutohealStore
import AutohealImport
import AutohealLinkRun
import AutohealReports
import Foundation

/// `autoheal demo`: the whole loop on built-in sample data — clocks, link, a drafted fix, its landing,
/// MTTP, review and report — in a fresh repository and database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demo on built-in sample data (a fresh repository and database).",
        discussion: """
        Builds a sample repository with libgit2, imports the mission's two worked examples and 96 generated \
        incidents, links INC-REAL's root cause, drafts a preventive fix with the deterministic sample agent, \
        merges it three days after recovery (the SLI back at baseline, where MTTP starts), syncs, and prints review and report: MTTD, MTTR and MTTP together.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Build the demo here (default: a new temporary directory).") var dir: String?
    @Flag(name: .long, help: "Only write the sample events as NDJSON to standard output.")
    var printEvents = false

    /// INC-REAL's root cause as the SRE agent reported it: the retry change is named as the bad commit.
    static func rootCause(introducer: String) -> String {
        #"{"id":"re-9","incident":"INC-REAL","type":"rootcause.identified","at":"2026-11-10T05:00:00Z","source":"agent","attrs":{"summary":"retry storm exhausted the connection pool","commits":[""#
            + introducer + #""]}}"# + "\n"
    }

    func run() throws {
        let sample = SampleData.seed + SampleData.population()
        if printEvents { Terminal.out(sample); return }
        let style = Terminal.stdoutStyle
        // Relative --dir and --db are taken from -C DIR, as every other command takes its paths.
        guard let cwd = Paths.commandDirectory(global.directory) else {
            throw CLIError(Paths.commandDirectoryProblem(global.directory ?? ""), status: .usage)
        }
        let base = try dir.map { Paths.absolute($0, relativeTo: cwd) } ?? {
            let d = FileManager.default.temporaryDirectory.appendingPathComponent("autoheal-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            return d
        }()
        let repoPath = base + "/shop"
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: base), !contents.isEmpty {
            throw CLIError("\(base) is not empty: give --dir an empty or new directory", status: .usage)
        }
        let db = global.database.map { Paths.absolute($0, relativeTo: cwd) } ?? base + "/autoheal.sqlite"
        // The demo adds a hundred sample incidents for good (the ledger is append-only): into a new ledger,
        // or one that holds only the demo's own (running it again adds nothing), never a real one.
        if FileManager.default.fileExists(atPath: db) {
            let sampleIDs = Set(try NativeFormat.parse(Array(sample.utf8), file: "sample.ndjson", ownTypes: true).map(\.event.incident))
            let others = try EventStore(path: db).incidents(attrsFor: []).map(\.id).filter { !sampleIDs.contains($0) }
            if !others.isEmpty {
                throw CLIError("\(db) holds other incidents (\(others.prefix(3).joined(separator: ", "))\(others.count > 3 ? ", …" : "")): the demo would add a hundred sample incidents to it for good; give --db a new path or none", status: .usage)
            }
        }
        let built = try SampleRepository.build(at: repoPath)
        let agentPath = base + "/sample-agent.sh"
        try EmbeddedSampleAgent.files["agent.sh"]!.write(toFile: agentPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: agentPath)

        var options = GlobalOptions()
        options.directory = repoPath
        options.database = db
        let ctx = try Context(options)
        let store = try ctx.openStore()
        let events = sample + Self.rootCause(introducer: built.introducer.hex)
        let located = try NativeFormat.parse(Array(events.utf8), file: "sample.ndjson", ownTypes: true)
        let result = try store.append(located.map(\.event), recordedAt: ctx.now)
        Terminal.out(style.bold("autoheal demo") + " — repository \(repoPath), database \(db)\n")
        Terminal.out("imported \(counted(located.count, "event")) (\(result.new) new, \(counted(result.duplicates, "duplicate"))) for \(counted(Set(located.map(\.event.incident)).count, "incident"))\n")

        // Each step is printed as a person would type it inside the sample repository; the ledger is
        // outside it, so say how to make those lines work when pasted.
        Terminal.out(style.dim("the steps run in \(repoPath) with this ledger; to repeat one there: cd \(repoPath) && export AUTOHEAL_DB=\(db)") + "\n")

        func step(_ title: String, _ args: [String]) throws {
            Terminal.out("\n" + style.bold(title) + "\n" + style.dim("$ autoheal " + args.joined(separator: " ")) + "\n")
            let code = AutohealMain.execute(["-C", repoPath, "--db", db] + args)
            guard code == 0 else { throw CLIError("demo: autoheal \(args.joined(separator: " ")) failed (exit \(code))") }
        }
        try step("1. One incident, every reading side by side: the honest 17m and 51m beside the friendly 3m and 21m", ["clocks", "INC-REAL"])
        try step("2. Link the root cause to code (the agent named the retry change)", ["link", "INC-REAL"])
        try step("3. Draft the preventive fix: branch, worktree, brief, the sample agent, a tagged commit",
                 ["prevent", "INC-REAL", "--agent-cmd", agentPath, "--template", "regression-test"])
        let inc = try ctx.incident("INC-REAL")
        guard let branch = PreventionState(events: inc.events, asOf: Timestamp(microseconds: .max)).branch else {
            throw CLIError("demo: prevent recorded no branch")
        }
        // The team reviews and merges the fix three days after recovery (the SLI back at baseline at 03:08, where MTTP starts).
        let mergedAt: Int64 = 1_794_280_080 + 3 * 86_400
        let merge = try SampleRepository.merge(built.repository, branch: branch, at: mergedAt)
        Terminal.out("\n" + style.bold("4. The fix is merged on the forge three days after recovery") + "\n")
        Terminal.out(style.dim("merge commit \(merge.short()) on main at \(Timestamp(seconds: mergedAt))") + "\n")
        try step("5. Sync sees the landing on the default branch", ["sync"])
        try step("6. All three clocks of INC-REAL: MTTP is 3 days", ["show", "INC-REAL"])
        try step("7. What reviewers see: open preventive work on checkout, overdue first", ["review", "--service", "checkout"])
        try step("8. What leaders see: the three clocks per service", ["report", "--by", "service"])
        Terminal.out("\nExplore: cd \(repoPath) && autoheal --db \(db) report --by severity,quarter\n")
    }
}
