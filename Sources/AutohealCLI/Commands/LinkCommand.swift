import ArgumentParser
import AutohealCore
import AutohealGit
import AutohealLink
import AutohealStore
import Foundation

/// `autoheal link INC [--fix SHA | --revert SHA | --commit SHA | --frame PATH:LINE ... | --stack FILE | --deploy A..B] [--at REV]`:
/// link the incident's root cause to code and store the result as a `rootcause.linked` event.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link an incident's root cause to the commits, code paths and owners behind it.",
        discussion: "With no method flag the hints of the incident's rootcause.identified event are used.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The incident id, e.g. INC-7.") var incident: String
    @Option(help: "The fix commit: blame the lines it deleted or changed at its parent (SZZ).") var fix: String?
    @Option(help: "A revert commit: the commit it reverted introduced the fault.") var revert: String?
    @Option(help: "The commit that introduced the fault (repeatable).") var commit: [String] = []
    @Option(help: "A stack frame PATH:LINE to blame at --at (repeatable).") var frame: [String] = []
    @Option(help: "A file holding a Go, Java, Python, Swift or JavaScript stack trace ('-' for stdin).") var stack: String?
    @Option(help: "The deployed range A..B: rank its commits by overlap with the incident's paths and frames.") var deploy: String?
    @Option(help: "The revision frames are blamed at (default HEAD).") var at: String = "HEAD"
    @OptionGroup var output: JSONFlag

    func validate() throws {
        let methods = [fix != nil, revert != nil, !commit.isEmpty, !frame.isEmpty, stack != nil, deploy != nil].filter { $0 }.count
        let framesWithDeploy = deploy != nil && !frame.isEmpty && methods == 2
        guard methods <= 1 || framesWithDeploy else {
            throw ValidationError("give one of --fix, --revert, --commit, --frame, --stack or --deploy")
        }
    }

    func run() throws {
        let ctx = try Context(global)
        let store = try ctx.openStore()
        // Only the no-flag and --deploy methods read the incident's hints; the others just need it to exist.
        let needsHints = deploy != nil || (fix == nil && revert == nil && commit.isEmpty && frame.isEmpty && stack == nil)
        let hints: LinkHints
        if needsHints {
            hints = try ctx.incident(incident).all(.rootcauseIdentified).last?.attrs.map(LinkHints.init(attrs:)) ?? LinkHints()
        } else {
            guard try store.hasIncident(incident) else { throw CLIError.noSuchIncident(incident) }
            hints = LinkHints()
        }
        let linker = Linker(repository: try ctx.openRepository())
        var result: LinkResult
        do {
            if let fix { result = try linker.fix(fix) }
            else if let revert { result = try linker.revert(revert) }
            else if !commit.isEmpty { result = try linker.commits(commit) }
            else if let deploy { result = try linker.deploy(deploy, paths: hints.paths, frames: frame.isEmpty ? hints.frames : frame) }
            else if !frame.isEmpty { result = try linker.frames(frame, at: at) }
            else if let stack { result = try linker.stack(try readStack(stack, ctx: ctx), source: stack, at: at) }
            else { result = try linker.link(hints: hints, at: at) }
        } catch let error as LinkError {
            throw CLIError("link \(incident): \(error.description)", status: error.isBadInput ? .badInput : .failure)
        }
        result.incident = incident
        result.relatedIncidents = RelatedIncidents.find(paths: result.paths, earlier: try earlierLinks(store), excluding: incident)
        // Re-running with the same outcome records nothing new: the latest link already says it.
        let previous = Incident(id: incident, events: try store.events(incident: incident)).link
        if previous != result.json {
            let event = Event(incident: incident, type: .rootcauseLinked, at: ctx.now, source: "autoheal", attrs: result.json)
            _ = try store.append([event], recordedAt: ctx.now)
        }
        if output.json { Output.json(result.json) } else { Terminal.out(Self.text(result)) }
    }

    /// The latest linked code of every other incident that has been linked. One pass over the ledger
    /// without parsing any attributes finds those incidents; only their events are then parsed — never
    /// this incident's own earlier links, which relinking (or a benchmark) can pile up.
    private func earlierLinks(_ store: EventStore) throws -> [(id: String, paths: [LinkResult.CodePath])] {
        var linked: [String] = []
        try store.forEachIncident(attrsFor: []) { other in
            if other.id != incident, other.events.contains(where: { $0.type == .rootcauseLinked }) { linked.append(other.id) }
        }
        return try linked.compactMap { id -> (id: String, paths: [LinkResult.CodePath])? in
            guard let attrs = Incident(id: id, events: try store.events(incident: id)).all(.rootcauseLinked).last?.attrs else { return nil }
            return (id, LinkResult.codePaths(from: attrs))
        }
    }

    private func readStack(_ file: String, ctx: Context) throws -> String {
        if file == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        let path = Context.absolute(file, relativeTo: ctx.cwd)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read stack trace \(file)", status: .badInput)
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ r: LinkResult) -> String {
        var out = "\(r.incident ?? "") linked by \(r.method)\n"
        out += r.introducing.isEmpty ? "introducing: none found\n" : "introducing:\n"
        for c in r.introducing {
            out += "  \(c.commit.prefix(12))  \(c.authoredAt)  \(c.lines) line\(c.lines == 1 ? "" : "s")  \(c.summary)  (\(c.author))\n"
        }
        if !r.paths.isEmpty { out += "paths:\n" }
        for p in r.paths {
            let ranges = p.lines.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
            out += "  \(p.path):\(ranges)" + (p.functions.isEmpty ? "" : "  in \(p.functions.joined(separator: ", "))") + "\n"
        }
        if !r.owners.isEmpty { out += "owners:\n" }
        for o in r.owners { out += "  \(o.owner)  (\(o.source.rawValue)\(o.lines.map { ", \($0) lines" } ?? ""))\n" }
        if !r.relatedIncidents.isEmpty { out += "related incidents: \(r.relatedIncidents.joined(separator: ", "))\n" }
        return out
    }
}
