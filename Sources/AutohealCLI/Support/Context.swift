import AutohealConfig
import AutohealGit
import AutohealCore
import AutohealLink
import AutohealLinkRun
import AutohealStore
import Foundation

/// What every command needs: where it runs, the repository around it, the database and the config.
final class Context {
    let cwd: String
    /// The process environment, read whole when first needed; single variables: `Paths.variable(_:)`.
    private(set) lazy var environment: [String: String] = ProcessInfo.processInfo.environment
    let repository: RepositoryLocation?
    private let databaseOption: String?
    private var store: EventStore?
    private var cachedConfig: Configuration?
    /// How "no such incident" says another ledger is read, when the default one does not exist yet: a
    /// command takes `--db`; the MCP server's caller cannot pass it (``McpCommand`` sets its own words).
    var anotherLedgerHint = "--db reads another"

    convenience init(_ global: GlobalOptions) throws {
        try self.init(directory: global.directory, database: global.database)
    }

    /// The context of a command run with `-C directory` and `--db database` (each optional).
    init(directory: String?, database: String?) throws {
        guard let cwd = Paths.commandDirectory(directory) else {
            throw CLIError(Paths.commandDirectoryProblem(directory ?? ""), status: .usage)
        }
        self.cwd = cwd
        databaseOption = database
        repository = try RepositoryLocation.discover(from: cwd, directoryGiven: directory != nil)
    }

    /// The database path (see ``LedgerPath/resolve(option:cwd:commonDir:)``).
    var databasePath: String {
        LedgerPath.resolve(option: databaseOption, cwd: cwd, commonDir: repository?.commonDir)
    }

    /// Whether the ledger was named (`--db`, `$AUTOHEAL_DB`) rather than found in its default place.
    var ledgerIsNamed: Bool { databaseOption != nil || !(Paths.variable("AUTOHEAL_DB") ?? "").isEmpty }

    /// The ledger, opened once per command.
    func openStore() throws -> EventStore {
        if let store { return store }
        let s = try EventStore(path: databasePath)
        store = s
        return s
    }

    /// Whether the ledger is the default one (not named) and does not exist yet: nothing was ever
    /// written to it.
    var defaultLedgerIsMissing: Bool {
        !ledgerIsNamed && store == nil && !FileManager.default.fileExists(atPath: databasePath)
    }

    /// The ledger, for reading incidents (`incidents`, `report`, `review`, `show`, `clocks`, and the
    /// incident any other command starts from; the MCP server's tools too). A ledger named
    /// with `--db` or `$AUTOHEAL_DB` that does not exist is an error: a mistyped path would otherwise
    /// read as an empty ledger (exit 0, in CI too) and be created. A default ledger that does not exist
    /// yet reads as empty, and is not created: only a command that writes creates it. That empty
    /// ledger is not kept, so a later call sees a ledger another process has made meanwhile (the MCP
    /// server runs for a whole session).
    func openStoreForReading() throws -> EventStore {
        if defaultLedgerIsMissing { return try EventStore.empty() }
        if ledgerIsNamed, store == nil {
            let size = (try? FileManager.default.attributesOfItem(atPath: databasePath)[.size] as? Int) ?? nil
            // A zero-byte file (a `touch`, a failed copy) is no ledger either: reading it would make it one.
            if size == nil || size == 0 {
                throw CLIError("no ledger at \(databasePath): nothing was imported there (check --db or $AUTOHEAL_DB)", status: .failure)
            }
        }
        do { return try openStore() } catch let e as StoreError where [8, 14].contains(e.code & 0xff) && FileManager.default.fileExists(atPath: databasePath) {
            // Read-only storage, or another user's ledger: the usual open writes beside the ledger
            // (its log and the log's index). Read it without writing instead.
            guard let s = try? EventStore(readingOnly: databasePath) else { throw e }
            store = s
            return s
        }
    }

    /// Closes the ledger if this context opened it (it closes anyway when the last holder lets go).
    func closeStore() {
        store = nil
    }

    /// Removes the ledger's files when it holds no event (a command that created it and then failed),
    /// so nothing is left behind. A ledger another process filled meanwhile is kept.
    func discardEmptyLedger() {
        let path = databasePath
        func isEmpty() -> Bool {
            if let s = store { return (try? s.count()) == 0 }
            // Read without setting it up (a full disk may have stopped that half-way, and would again).
            return EventStore.holdsNoEvents(path: path) == true
        }
        guard isEmpty() else { return }
        closeStore()   // the last connection closes before its files go
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The effective configuration.
    func config() throws -> Configuration {
        if let cachedConfig { return cachedConfig }
        let c = try ConfigLoader.load(repositoryRoot: repository?.workdir, environment: environment)
        cachedConfig = c
        return c
    }

    /// Now, or `$AUTOHEAL_NOW` (see ``CommandClock/now()``).
    var now: Timestamp { CommandClock.now() }

    /// All incidents with their events.
    func incidents(attrsFor: Set<EventType>? = nil) throws -> [Incident] {
        try openStoreForReading().incidents(attrsFor: attrsFor)
    }

    /// One incident with all its events, or exit 1 with "no such incident". Its latest link carries the related incidents as the ledger
    /// stands now (earlier incidents whose latest link overlaps it): stored links leave them out, as they
    /// change when other incidents are linked.
    func incident(_ id: String) throws -> Incident {
        // The id in the spelling the ledger keeps (`cafe\u{301}` typed or pasted is `café`).
        let id = IncidentID.normalized(id)
        let store = try openStoreForReading()
        let events = try store.events(incident: id)
        guard !events.isEmpty else { throw noSuchIncident(id) }
        var incident = Incident(id: id, events: events)
        // The link `Incident.link` shows (the latest by time).
        if let i = incident.events.lastIndex(where: { $0.type == .rootcauseLinked }), case .object(var link)? = incident.events[i].attrs,
           let start = incident.firstSeen {
            let paths = LinkResult.codePaths(from: .object(link))
            var others: [String: (start: Timestamp, link: JSONValue)] = [:]
            for l in try store.latestLinks(naming: paths.map(\.path), orOf: id) where l.incident != id { others[l.incident] = (l.start, l.link) }
            // Links stated at other revisions are compared at this one's, where the repository is at hand.
            let linker = others.isEmpty ? nil : (try? openRepository()).map { Linker(repository: $0) }
            let related = RelatedIncidents.earlier(than: id, start: start, paths: paths, at: link["at"]?.stringValue,
                                                   among: others, align: linker?.carry)
            link["related_incidents"] = .array(related.map(JSONValue.string))
            incident.events[i].attrs = .object(link)
        }
        return incident
    }

    /// "No such incident" (exit 1); where the default ledger does not exist yet, saying so and where it
    /// looked (a ledger elsewhere, such as the demo's, needs `--db`).
    func noSuchIncident(_ id: String) -> CLIError {
        guard defaultLedgerIsMissing else { return CLIError.noSuchIncident(id) }
        return CLIError("no such incident: \(IncidentID.shown(id)) (no ledger at \(databasePath) yet: nothing was imported there; \(anotherLedgerHint))")
    }

    /// ``incident(_:)`` for a command that acts on it (`what`: "waive", "prevent", …): one known only
    /// from `x-` events (``Incident/isExtensionOnly``), which are stored and ignored, is refused as an
    /// unknown id is (exit 1) — `incidents` does not list it and no report counts it, and acting on it
    /// would record what nothing reads, or (a waiver) make it count on the strength of the waiver alone.
    func incident(_ id: String, toAct what: String) throws -> Incident {
        let incident = try incident(id)
        guard !incident.isExtensionOnly else { throw CLIError.extensionOnly(id, cannot: what) }
        return incident
    }
}

extension Context {
    /// The repository around the working directory, opened with libgit2, or a usage error outside one.
    func openRepository() throws -> Repository {
        guard let repository else {
            throw CLIError("not inside a git repository (use -C DIR)", status: .usage)
        }
        return repository.repository
    }

    /// The program hooks call back: this one. When it is `autoheal-full` (run by `autoheal`, see
    /// `FullBinary`), hooks call it directly and skip the small executable's start (about 1 ms per
    /// hook); `hook-event` never takes `autoheal`'s fast path anyway.
    var executablePath: String {
        if let path = Paths.runningExecutable(), path.hasSuffix("/autoheal-full") { return path }
        let arg0 = CommandLine.arguments[0]
        if arg0.contains("/") { return Paths.absolute(arg0, relativeTo: Paths.currentDirectory()) }
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(arg0)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return arg0
    }
}
