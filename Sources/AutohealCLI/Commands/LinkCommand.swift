import ArgumentParser
import AutohealCore
import AutohealGit
import AutohealLink
import AutohealLinkRun
import AutohealStore
import Foundation

/// `autoheal link INC [--fix SHA | --revert SHA | --commit SHA | --frame PATH:LINE ... | --stack FILE | --deploy A..B] [--at REV]`
/// and `autoheal link --batch FILE`: link root causes to code and store each result as a `rootcause.linked` event.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        _superCommandName: AutohealMain.directSuperCommand,
        abstract: "Link an incident's root cause to the commits, code paths and owners behind it.",
        discussion: """
            With no method flag the hints of the incident's rootcause.identified event are used. \
            --batch FILE links many incidents in one run, one JSON object per line \
            ({"incident":"INC-7","fix":"SHA"}; keys fix, revert, commits, frames, deploy, at): \
            all are stored, or on any error none.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The incident id, e.g. INC-7.") var incident: String?
    @Option(help: "The fix commit: blame the lines it deleted or changed at its parent (SZZ).") var fix: String?
    @Option(help: "A revert commit: the commit it reverted introduced the fault.") var revert: String?
    @Option(help: "The commit that introduced the fault (repeatable).") var commit: [String] = []
    @Option(help: "A stack frame PATH:LINE to blame at --at (repeatable).") var frame: [String] = []
    @Option(help: "A file holding a Go, Java, Python, Swift or JavaScript stack trace ('-' for stdin).") var stack: String?
    @Option(help: "The deployed range A..B: rank its commits by overlap with the incident's paths and frames.") var deploy: String?
    @Option(help: "The revision frames, stack traces and hinted frames are blamed at (default HEAD).") var at: String?
    @Option(help: "Link many incidents: a file of JSON lines ('-' for stdin), each {\"incident\", and fix, revert, commits, frames, deploy or at}.")
    var batch: String?
    @OptionGroup var output: JSONFlag

    /// The parsed arguments as plain values, shared with the fast path (``LinkArguments/parse(_:)``).
    var arguments: LinkArguments {
        LinkArguments(directory: global.directory, database: global.database, incident: incident,
                      request: LinkRequest(fix: fix, revert: revert, commits: commit, frames: frame, stack: stack, deploy: deploy, at: at),
                      batch: batch, json: output.json)
    }

    func validate() throws {
        if let problem = arguments.problem { throw ValidationError(problem) }
    }

    func run() throws {
        try arguments.run()
    }
}

extension LinkArguments {
    /// Links the incident (or every line of the batch file) and stores the results.
    func run() throws {
        let ctx = try Context(directory: directory, database: database)
        defer {
            ctx.closeStore()
            ProcessLifetime.leaveToExit(ctx)
        }
        try run(in: ctx)
    }

    private func run(in ctx: Context) throws {
        // No ledger yet in its default place: no incident to link, and none created (outside a
        // repository, that is said first, as before).
        if batch == nil, let incident, ctx.defaultLedgerIsMissing {
            _ = try ctx.openRepository()
            throw ctx.noSuchIncident(incident)
        }
        let session = LinkSession(store: try ctx.openStoreForReading(), linker: Linker(repository: try ctx.openRepository()),
                                  now: ctx.now, source: "autoheal",
                                  methodNames: batch == nil ? LinkSession.flagNames : LinkSession.keyNames)
        if let batch {
            try runBatch(batch, session: session, ctx: ctx)
            return
        }
        guard let incident else { return }
        let result = try session.link(incident, try request.method(readStack: { try readInput($0, what: "stack trace", ctx: ctx) }))
        try session.save()
        if json { Output.json(result.json) } else { Terminal.out(LinkText.render(result)) }
    }

    /// Links every line of the batch file, then stores all new links in one transaction. A line that
    /// fails stops the run with `FILE:LINE:` and stores nothing. JSON output is one result per line.
    private func runBatch(_ file: String, session: LinkSession, ctx: Context) throws {
        let name = file == "-" ? "<stdin>" : ctx.shownPath(file)
        let entries = try LinkBatch.parse(Array(try readInput(file, what: "batch file", ctx: ctx).utf8), file: name)
        let progress = Terminal.isTTY(2) && entries.count >= 20 ? Progress("linking", total: entries.count) : nil
        var results: [LinkResult] = []
        for (i, entry) in entries.enumerated() {
            do {
                results.append(try session.link(entry.incident, entry.method))
            } catch let e as CLIError {
                progress?.finish()
                throw CLIError("\(name):\(entry.line): \(e.message)", status: e.status)
            }
            progress?.update(i + 1)
        }
        progress?.finish()
        try session.save()
        var out = ""
        for var result in results {
            // Related incidents as they stand after the whole batch, as `show` works them out.
            if results.count > 1 { result.relatedIncidents = try session.currentRelated(of: result) }
            out += json ? result.json.canonicalJSON + "\n" : LinkText.render(result)
        }
        Terminal.out(out)
    }

    private func readInput(_ file: String, what: String, ctx: Context) throws -> String {
        do { return String(decoding: try InputFile.read(file, cwd: ctx.cwd), as: UTF8.self) } catch {
            throw CLIError(error.fromStandardInput ? "cannot read the \(what) from standard input: \(error.reason)"
                                                   : "cannot read \(what) \(ctx.shownPath(file)): \(error.reason)", status: .badInput)
        }
    }
}
