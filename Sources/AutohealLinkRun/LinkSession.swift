import AutohealCore
import AutohealLink
import AutohealStore

/// Links incidents, one after another, in one repository and one ledger, and stores the results
/// together. Used by `link` (one incident or a batch) and by the MCP `link_incident` tool.
///
/// An incident's related incidents are the *earlier* incidents (by their first event; ties by id)
/// whose latest link overlaps its code, in the ledger or linked earlier in the same session. They are
/// shown with the result but not stored in it: they change as other incidents are linked, so `show`
/// works them out again (``RelatedIncidents/current(of:link:in:)``). So the order of linking does not
/// matter, and a result equal to the incident's latest link records nothing: re-running one link or a
/// whole batch is idempotent.
public final class LinkSession {
    private struct Linked {
        var start: Timestamp
        var link: JSONValue
    }

    private let store: EventStore
    private let linker: Linker
    private let now: Timestamp
    private let source: String
    /// Every linked incident's start and latest link, loaded at the session's second link (a session
    /// that links once asks the store for just the links near its result); updated as the session links.
    private var linked: [String: Linked]?
    /// The links made in this session, by incident.
    private var made: [String: Linked] = [:]
    private var linksRun = 0
    private var pending: [Event] = []
    /// Each incident's latest stored link (without related incidents) before this session linked it.
    private var ledgerLink: [String: JSONValue?] = [:]

    /// How the caller names the ways to link, added to "the incident has no hints": the command line's
    /// flags, or the MCP tool's (and a batch line's) keys.
    private let methodNames: String

    /// The command line's flags, for ``init(store:linker:now:source:methodNames:)``.
    public static let flagNames = "pass --fix, --revert, --commit, --frame, --stack or --deploy"
    /// The keys of a `--batch` line and the arguments of the MCP `link_incident` tool.
    public static let keyNames = "give one of fix, revert, commits, frames or deploy"

    public init(store: EventStore, linker: Linker, now: Timestamp, source: String, methodNames: String = LinkSession.flagNames) {
        self.store = store
        self.linker = linker
        self.now = now
        self.source = source
        self.methodNames = methodNames
    }

    /// Links one incident and keeps the `rootcause.linked` event for ``save()`` when the result is new.
    /// Throws a ``CLIError``: no such incident or one known only from `x-` events (exit 1), bad input such as an unknown commit (exit 65).
    /// `computed`, when given, is the result of ``compute(_:with:)`` for `method` (which must not read
    /// hints), worked out before the ledger was at hand.
    public func link(_ incident: String, _ method: LinkMethod, computed: LinkResult? = nil) throws -> LinkResult {
        // The id in the spelling the ledger keeps (`cafe\u{301}` given is `café`).
        let incident = IncidentID.normalized(incident)
        // Its events without their attrs (an index lookup): whether it exists, is more than `x-` events, and its start.
        let known = Incident(id: incident, events: try store.events(incident: incident, attrsFor: []))
        guard let start = known.firstSeen else { throw CLIError.noSuchIncident(incident) }
        guard !known.isExtensionOnly else { throw CLIError.extensionOnly(incident, cannot: "link") }
        // The latest rootcause.identified (by time) that names something: a later one that only refines
        // the summary does not hide the frames or commits an earlier one gave.
        let hints = method.readsHints
            ? Incident(id: incident, events: try store.events(incident: incident, type: .rootcauseIdentified)).identifiedHints
                .map(LinkHints.init(attrs:)) ?? LinkHints()
            : LinkHints()
        var result: LinkResult
        if let computed {
            result = computed
        } else {
            do {
                result = try Self.run(method, hints: hints, linker: linker)
            } catch {
                var message = error.description
                if case .noHints = error { message += "; " + methodNames }
                throw CLIError("link \(incident): \(message)", status: error.isBadInput ? .badInput : .failure)
            }
        }
        result.incident = incident
        let nearby = try latestLinks(near: result.paths.map(\.path), of: incident)
        result.relatedIncidents = RelatedIncidents.earlier(than: incident, start: start, paths: result.paths, at: result.at,
                                                           among: nearby.mapValues { ($0.start, $0.link) }, align: linker.carry)
        let stored = result.storedJSON
        if ledgerLink[incident] == nil { ledgerLink[incident] = .some(nearby[incident].map { LinkResult.withoutRelated($0.link) }) }
        // An incident linked twice in one session (two lines of a batch) ends with its last result only,
        // compared with what the ledger held: re-running the batch stores nothing.
        pending.removeAll { $0.incident == incident }
        made[incident] = Linked(start: start, link: stored)
        linked?[incident] = made[incident]
        if ledgerLink[incident]! != stored {
            // A result that goes back to an earlier link of the same second has that event's identity:
            // it is moved on by a microsecond, so it is stored rather than taken for a duplicate.
            var event = Event(incident: incident, type: .rootcauseLinked, at: now, source: source, attrs: stored)
            while try store.hasEvent(identity: event.identity) || pending.contains(where: { $0.identity == event.identity }) {
                event.at = Timestamp(microseconds: event.at.microseconds + 1)
            }
            pending.append(event)
        }
        return result
    }

    /// The related incidents of `result` (made by this session) as they stand after every link so far.
    /// A batch asks again after its last line: an incident linked on a later line that started earlier
    /// is related too, which ``link(_:_:computed:)`` could not know yet.
    public func currentRelated(of result: LinkResult) throws -> [String] {
        guard let incident = result.incident, let start = made[incident]?.start else { return result.relatedIncidents }
        let nearby = try latestLinks(near: result.paths.map(\.path), of: incident)
        return RelatedIncidents.earlier(than: incident, start: start, paths: result.paths, at: result.at,
                                        among: nearby.mapValues { ($0.start, $0.link) }, align: linker.carry)
    }

    /// Stores every new link of the session in one transaction: all of them or, on error, none.
    public func save() throws {
        guard !pending.isEmpty else { return }
        _ = try store.append(pending, recordedAt: now)
        pending.removeAll()
    }

    /// The link result of a method that reads no hints (not `.deploy`, not `.hints`), without the ledger.
    public static func compute(_ method: LinkMethod, with linker: Linker) throws(LinkError) -> LinkResult {
        precondition(!method.readsHints, "a method that reads hints needs the ledger")
        return try run(method, hints: LinkHints(), linker: linker)
    }

    private static func run(_ method: LinkMethod, hints: LinkHints, linker: Linker) throws(LinkError) -> LinkResult {
        switch method {
        case .fix(let sha): return try linker.fix(sha)
        case .revert(let sha): return try linker.revert(sha)
        case .commits(let shas): return try linker.commits(shas)
        case .frames(let frames, let at): return try linker.frames(frames, at: at)
        case .stack(let text, let source, let at): return try linker.stack(text, source: source, at: at)
        case .deploy(let range, let frames):
            return try linker.deploy(range, paths: hints.paths, frames: frames.isEmpty ? hints.frames : frames, strictFrames: !frames.isEmpty)
        case .hints(let at):
            // --at places frames and paths; a fix, revert, commits or deploy the hints name carry their own
            // revisions, as with the flags (where --at is a usage error too).
            if let at, hints.fixCommit != nil || hints.revertCommit != nil || !hints.commits.isEmpty || hints.deployTo != nil {
                throw LinkError.atWithOwnRevisions(at)
            }
            return try linker.link(hints: hints, at: at ?? "HEAD")
        }
    }

    /// The start and latest link of the linked incidents that may relate to `paths`, and of `incident`
    /// itself, counting this session's links. The session's first link asks the store for just those;
    /// from the second on, every linked incident is loaded once and kept up to date (the store finds
    /// them through an index).
    private func latestLinks(near paths: [String], of incident: String) throws -> [String: Linked] {
        linksRun += 1
        if let linked { return linked }
        let all = linksRun > 1
        var found: [String: Linked] = [:]
        for l in try all ? store.latestLinks() : store.latestLinks(naming: paths, orOf: incident) {
            found[l.incident] = Linked(start: l.start, link: l.link)
        }
        found.merge(made) { _, mine in mine }
        if all { linked = found }
        return found
    }
}
