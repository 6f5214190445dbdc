import AutohealCore
#if canImport(Glibc)
import Glibc
#endif

/// The append-only event ledger in SQLite.
///
/// Nothing is ever updated or deleted (triggers refuse it); everything autoheal shows is derived from
/// the events. An event's identity (`Event.identity`) is unique, which makes every import idempotent.
public final class EventStore {
    private let db: SQLiteConnection
    public var path: String { db.path }
    /// ``otherSpellings()``, once read.
    private var otherSpellingsCache: [String: [String]]?

    /// Opens the ledger at `path`, creating its folder and schema when missing.
    /// Opens (creating and migrating if needed) the ledger at `path`. A database another process holds
    /// is waited for up to `busyTimeoutMilliseconds` (a minute by default; the hooks wait less).
    public init(path: String, busyTimeoutMilliseconds: Int32 = 60_000) throws(StoreError) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try Self.makeDirectories(String(path[..<slash]))
        }
        // Another program's SQLite database (a mistyped --db) is not made into a ledger: it would get
        // autoheal's tables beside its own, and its journal mode changed (``LedgerOwnership``).
        db = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, vet: LedgerOwnership.check)
        try migrate()
    }

    /// Opens the ledger at `path` for reading only, writing nothing (see
    /// `SQLiteConnection.init(readOnlyPath:)`): for a ledger on read-only storage or another user's. Its
    /// schema must be this autoheal's, as nothing can be migrated.
    public init(readingOnly path: String) throws(StoreError) {
        db = try SQLiteConnection(readOnlyPath: path)
        let known = Migrations.all.map(\.version).max() ?? 0
        let current: Int64
        do { current = try scalarInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") } catch {
            throw StoreError(context: "opening \(path)", message: "this SQLite database is not an autoheal ledger; check --db or $AUTOHEAL_DB")
        }
        if current > known {
            throw StoreError(context: "opening \(path)", message: "the database has schema version \(current); this autoheal knows up to \(known) — upgrade autoheal")
        }
        if current < known {
            throw StoreError(context: "opening \(path)", message: "the ledger has schema version \(current), older than this autoheal's \(known), and cannot be upgraded where it is (read-only); open it once where it can be written")
        }
    }

    /// An empty ledger held in memory: what a command that only reads sees where no ledger exists yet,
    /// without creating one there.
    public static func empty() throws(StoreError) -> EventStore {
        try EventStore(path: ":memory:")
    }

    /// `mkdir -p`: creates `dir` and any missing parents.
    private static func makeDirectories(_ dir: String) throws(StoreError) {
        var info = stat()
        if stat(dir, &info) == 0 { return }
        if let slash = dir.lastIndex(of: "/"), slash != dir.startIndex {
            try makeDirectories(String(dir[..<slash]))
        }
        if mkdir(dir, 0o777) != 0 && errno != EEXIST {
            throw StoreError(context: "creating \(dir)", message: String(cString: strerror(errno)))
        }
    }

    private func migrate() throws(StoreError) {
        try db.retryingWhenBusy { () throws(StoreError) in
            try db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """, "creating the migrations table")
        }
        let known = Migrations.all.map(\.version).max() ?? 0
        let current = try scalarInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        guard current <= known else {
            throw StoreError(context: "opening \(path)", message: "the database has schema version \(current); this autoheal knows up to \(known) — upgrade autoheal")
        }
        guard current < known else { return }
        do {
        try db.writeTransaction { () throws in
            // Re-read under the write lock: another process may have migrated meanwhile.
            let applied = try scalarInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            for m in Migrations.all where m.version > applied {
                try db.execute(m.sql, "migration \(m.version) (\(m.name))")
                let ins = try db.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)")
                ins.reset()
                ins.bind(1, Int64(m.version))
                ins.bind(2, m.name)
                ins.bind(3, Timestamp.now.description)
                _ = try ins.step("recording migration \(m.version)")
            }
        }
        } catch let e as StoreError { throw e } catch { throw StoreError(context: "migrating", message: "\(error)") }
    }

    private func scalarInt(_ sql: String) throws(StoreError) -> Int64 {
        let s = try db.prepare(sql)
        return try s.step(sql) ? s.int(0) : 0
    }

    /// The schema version in use.
    public func schemaVersion() throws(StoreError) -> Int {
        Int(try scalarInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
    }

    // MARK: Appending

    /// What an append did.
    public struct AppendResult: Equatable, Sendable {
        public var new: Int
        public var duplicates: Int
        public init(new: Int, duplicates: Int) {
            self.new = new
            self.duplicates = duplicates
        }
    }

    /// An event whose identity was already recorded with different content: a sender id, or (without
    /// one) the same incident, type, time, source and attrs with another service or severity.
    public struct Conflict: Error, Sendable {
        /// Index into the appended array.
        public var index: Int
        public var identity: String
    }

    /// Appends events in one transaction: all or nothing. An event whose identity is already present is a
    /// duplicate and skipped; one whose identity is present with different content is a conflict,
    /// and then nothing is written.
    ///
    /// `validate` runs inside the transaction, before commit, with a lookup of stored events per incident,
    /// so checks that need the ledger (e.g. "service appears on some event") see a consistent view.
    ///
    /// `keepingRecorded`: an event whose identity is already recorded with other content is skipped as a
    /// duplicate instead (what autoheal derives again from git — a landing, a reopening — may differ in a
    /// detail such as the branch it was seen on; the first record stands).
    public func append(
        _ events: [Event],
        recordedAt: Timestamp = .now,
        keepingRecorded: Bool = false,
        progress: ((Int) -> Void)? = nil,
        validate: ((_ stored: (String) throws(StoreError) -> Bool) throws -> Void)? = nil
    ) throws -> AppendResult {
        var pending: [Event]? = events
        return try append(batches: { defer { pending = nil }; return pending }, recordedAt: recordedAt, keepingRecorded: keepingRecorded,
                          progress: progress, validate: validate)
    }

    /// Appends batches pulled from `next` until it returns `nil`, all in one transaction, so a large import
    /// can be parsed on another thread while it is written. If `next` throws, nothing is written.
    /// Conflict indexes count events across all batches.
    public func append(
        batches next: () throws -> [Event]?,
        recordedAt: Timestamp = .now,
        keepingRecorded: Bool = false,
        progress: ((Int) -> Void)? = nil,
        validate: ((_ stored: (String) throws(StoreError) -> Bool) throws -> Void)? = nil
    ) throws -> AppendResult {
        try db.writeTransaction { () throws -> AppendResult in
            let insert = try db.prepare("""
                INSERT OR IGNORE INTO events(key, incident, type, at_us, service, severity, source, attrs, event_id, recorded_at_us)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let existing = try db.prepare("SELECT incident, type, at_us, service, severity, source, attrs FROM events WHERE key = ?")
            var result = AppendResult(new: 0, duplicates: 0)
            var i = 0
            while let batch = try next() {
                for var e in batch {
                    defer { i += 1 }
                    // One spelling per id and per service, whoever wrote the event (an import, a trailer,
                    // a branch name).
                    e.incident = IncidentID.normalized(e.incident)
                    e.service = ServiceName.normalized(e.service)
                    if i & 4095 == 0 { progress?(i) }
                    let key = e.identity
                    let attrs = e.attrs?.canonicalJSON
                    insert.reset()
                    insert.bind(1, key)
                    insert.bind(2, e.incident)
                    insert.bind(3, e.type.rawValue)
                    insert.bind(4, e.at.microseconds)
                    insert.bind(5, e.service)
                    insert.bind(6, e.severity)
                    insert.bind(7, e.source)
                    insert.bind(8, attrs)
                    insert.bind(9, e.id)
                    insert.bind(10, recordedAt.microseconds)
                    _ = try insert.step("appending an event")
                    if db.changes > 0 { result.new += 1; continue }
                    result.duplicates += 1
                    if keepingRecorded { continue }
                    existing.bind([key])
                    guard try existing.step("reading an event") else { continue }
                    // Without a sender id the identity leaves out service and severity, so an event that
                    // differs only in those would be dropped unseen (its service with it): a conflict too.
                    let same = existing.text(0) == e.incident && existing.text(1) == e.type.rawValue && existing.int(2) == e.at.microseconds
                        && existing.text(3) == e.service && existing.text(4) == e.severity && existing.text(5) == e.source
                        && existing.text(6) == attrs
                    if !same { throw Conflict(index: i, identity: key) }
                }
            }
            if let validate {
                try validate { (incident: String) throws(StoreError) -> Bool in
                    let (test, args) = try incidentTest("incident", incident)
                    let probe = try db.prepare("SELECT 1 FROM events WHERE \(test) AND service IS NOT NULL LIMIT 1")
                    probe.bind(args)
                    return try probe.step("checking an incident's service")
                }
            }
            return result
        }
    }

    // MARK: Reading

    /// Every incident with its events in time order (ties in recording order), read in one pass over
    /// the `(incident, at)` index so no grouping in memory is needed. Only events whose type is in
    /// `attrsFor` (every event when `nil`) get their attrs parsed.
    public func incidents(attrsFor: Set<EventType>? = nil) throws(StoreError) -> [Incident] {
        var out: [Incident] = []
        try forEachIncident(attrsFor: attrsFor) { out.append($0) }
        return out
    }

    /// Streams every incident, as `incidents(attrsFor:)` would list them, without holding them all.
    /// With `lean`, events come without `source` and sender `id` (reports need neither).
    ///
    /// Ids are read in their one spelling (``IncidentID/normalized(_:)``). A ledger written by an older
    /// autoheal may hold one id in two spellings (`café` composed and decomposed), which the byte order
    /// does not put side by side: the incidents whose id it holds so (``otherSpellings()``, read at the
    /// first non-ASCII id) are held until the end and their spellings merged into one incident; every
    /// other incident streams past as it is read. Services are read in their one spelling too
    /// (``ServiceName/normalized(_:)``), so such a ledger's `café` in two spellings is one service.
    public func forEachIncident(attrsFor: Set<EventType>? = nil, lean: Bool = false, _ body: (Incident) -> Void) throws(StoreError) {
        var current: [Event] = []
        var nonASCII: [String: [Event]] = [:]
        var spelledTwice: [String: [String]]?
        func emit(_ events: [Event]) {
            let id = events[0].incident
            if id.utf8.allSatisfy({ $0 < 0x80 }) { body(Incident(id: id, events: events)); return }
            if spelledTwice == nil { spelledTwice = (try? otherSpellings()) ?? [:] }
            if spelledTwice?[id] == nil { body(Incident(id: id, events: events)); return }
            if let earlier = nonASCII[id] {
                // Stable: events of one time keep their order within each spelling.
                nonASCII[id] = (earlier + events).enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            } else {
                nonASCII[id] = events
            }
        }
        let columns = lean ? "incident, type, at_us, service, severity, NULL, attrs, NULL" : "incident, type, at_us, service, severity, source, attrs, event_id"
        try query("SELECT \(columns) FROM events ORDER BY incident, at_us, seq", [], attrsFor: attrsFor) { e in
            if let last = current.last, !last.incident.utf8.elementsEqual(e.incident.utf8) {
                emit(current)
                current.removeAll(keepingCapacity: true)
            }
            current.append(e)
        }
        if !current.isEmpty { emit(current) }
        for id in nonASCII.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            body(Incident(id: id, events: nonASCII[id]!))
        }
    }

    /// An SQL test that `column` names incident `id` in any spelling stored (``IncidentID/normalized(_:)``),
    /// with its arguments: `column = ?`, unless the ledger was written by an older autoheal that kept
    /// the id in another spelling too (`cafe\u{301}` for `café`).
    private func incidentTest(_ column: String, _ id: String) throws(StoreError) -> (sql: String, args: [String]) {
        let id = IncidentID.normalized(id)
        guard !id.utf8.allSatisfy({ $0 < 0x80 }), let others = try otherSpellings()[id] else { return ("\(column) = ?", [id]) }
        let spellings = [id] + others
        return ("\(column) IN (\(spellings.map { _ in "?" }.joined(separator: ", ")))", spellings)
    }

    /// The ids stored in a spelling other than their normalised one, by normalised id: none in a
    /// ledger this autoheal wrote, as every event's id is normalised when appended. Read once, the first
    /// time a non-ASCII id is looked up: SQLite lists the ids holding a non-ASCII character from the
    /// `(incident, at)` index (about 40 ms for 100,000 events), and only those are normalised.
    private func otherSpellings() throws(StoreError) -> [String: [String]] {
        if let cached = otherSpellingsCache { return cached }
        var out: [String: [String]] = [:]
        let s = try db.prepare("SELECT DISTINCT incident FROM events WHERE incident GLOB ?")
        s.bind(["*[^\u{1}-\u{7F}]*"])
        while try s.step("looking up an incident") {
            guard let stored = s.text(0) else { continue }
            let normal = IncidentID.normalized(stored)
            if !normal.utf8.elementsEqual(stored.utf8) { out[normal, default: []].append(stored) }
        }
        otherSpellingsCache = out
        return out
    }

    /// The events of one incident, in recording order; only events of the types in `attrsFor` (every
    /// event when `nil`) get their attrs parsed.
    public func events(incident: String, attrsFor: Set<EventType>? = nil) throws(StoreError) -> [Event] {
        let (test, args) = try incidentTest("incident", incident)
        return try query("SELECT incident, type, at_us, service, severity, source, attrs, event_id FROM events WHERE \(test) ORDER BY seq", args, attrsFor: attrsFor)
    }

    /// SQL for an incident's start over events aliased `alias`, as ``Incident/firstSeen``: the earliest
    /// event that marks it (not `x-`, not autoheal's own records), else the earliest of any type.
    static func firstSeen(_ alias: String) -> String {
        let own = EventType.internalTypes.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
        return "COALESCE(MIN(CASE WHEN \(alias).type NOT LIKE 'x-%' AND \(alias).type NOT IN (\(own)) THEN \(alias).at_us END), MIN(\(alias).at_us))"
    }

    /// When an incident started (``Incident/firstSeen``); `nil` when no event names it. An index lookup,
    /// whatever the number of the incident's events.
    public func start(of incident: String) throws(StoreError) -> Timestamp? {
        let (test, args) = try incidentTest("e.incident", incident)
        let s = try db.prepare("SELECT \(Self.firstSeen("e")) FROM events e WHERE \(test)")
        s.bind(args)
        guard try s.step("looking up an incident"), !s.isNull(0) else { return nil }
        return Timestamp(microseconds: s.int(0))
    }

    /// The events of one type of one incident, in recording order, attrs parsed.
    public func events(incident: String, type: EventType) throws(StoreError) -> [Event] {
        let (test, args) = try incidentTest("incident", incident)
        return try query("SELECT incident, type, at_us, service, severity, source, attrs, event_id FROM events WHERE \(test) AND type = ? ORDER BY seq",
                         args + [type.rawValue], attrsFor: nil)
    }

    /// The incidents with a linked root cause (a `rootcause.linked` event), with all their events.
    /// A partial index serves the lookup, so its cost follows the number of linked incidents, not the
    /// size of the ledger.
    public func linkedIncidents() throws(StoreError) -> [Incident] {
        try withEvents(latestLinks())
    }

    /// ``linkedIncidents()`` narrowed as ``latestLinks(naming:orOf:)`` narrows: the incidents whose latest
    /// link names one of `paths`, and `incident` when it is linked, with all their events.
    public func linkedIncidents(naming paths: [String], orOf incident: String) throws(StoreError) -> [Incident] {
        try withEvents(latestLinks(naming: paths, orOf: incident))
    }

    private func withEvents(_ links: [LatestLink]) throws(StoreError) -> [Incident] {
        var out: [Incident] = []
        for l in links { out.append(Incident(id: l.incident, events: try events(incident: l.incident))) }
        return out
    }

    /// A linked incident, when it started (its earliest event), and the attrs of its latest
    /// `rootcause.linked` event.
    public typealias LatestLink = (incident: String, start: Timestamp, link: JSONValue)

    /// Each linked incident's first event time and the attrs of its latest `rootcause.linked` event —
    /// what relating incidents needs, without reading or parsing any other event. Served by the partial
    /// index `events_linked`.
    public func latestLinks() throws(StoreError) -> [LatestLink] {
        try latestLinks(where: "", [])
    }

    /// ``latestLinks()`` narrowed, before any JSON is parsed, to the incidents whose latest link names
    /// one of `paths` as a code path, and `incident`'s own latest link whatever it names. What one
    /// `link` needs: with thousands of linked incidents, parsing every latest link cost tens of
    /// milliseconds. Links are stored as canonical JSON, so SQLite finds `"path":"…"` as plain text;
    /// a link that mentions the text elsewhere is returned too, and the caller compares the parsed
    /// paths. More than ``maxNarrowingPaths`` paths read every latest link.
    public func latestLinks(naming paths: [String], orOf incident: String) throws(StoreError) -> [LatestLink] {
        let needles = Set(paths).sorted().map { "\"path\":" + JSONValue.string($0).canonicalJSON }
        if needles.count > Self.maxNarrowingPaths { return try latestLinks() }
        let own = try incidentTest("l.incident", incident)
        let tests = [own.sql] + needles.map { _ in "instr(l.attrs, ?) > 0" }
        return try latestLinks(where: "AND (" + tests.joined(separator: " OR ") + ")", own.args + needles)
    }

    /// Above this many paths, ``latestLinks(naming:orOf:)`` reads every latest link.
    public static let maxNarrowingPaths = 100

    private func latestLinks(where filter: String, _ args: [String]) throws(StoreError) -> [LatestLink] {
        // The type is a literal, not a bound parameter: that is what lets SQLite use the partial index
        // `events_linked`.
        let s = try db.prepare("""
            SELECT l.incident, (SELECT \(Self.firstSeen("e")) FROM events e WHERE e.incident = l.incident), l.attrs
            FROM events l
            WHERE l.type = 'rootcause.linked' \(filter)
              AND l.seq = (SELECT MAX(m.seq) FROM events m WHERE m.incident = l.incident AND m.type = 'rootcause.linked')
            """)
        s.bind(args)
        var out: [LatestLink] = []
        while try s.step("listing linked incidents") {
            guard let id = s.text(0), let text = s.text(2), let attrs = StoredJSON.parse(text) else { continue }
            out.append((IncidentID.normalized(id), Timestamp(microseconds: s.int(1)), attrs))
        }
        return out
    }

    /// Whether any event names this incident.
    /// The events whose identity is not stored yet: what appending them would add (events derived
    /// again from git, such as landings, are reported only when new).
    public func unrecorded(_ events: [Event]) throws(StoreError) -> [Event] {
        var out: [Event] = []
        for e in events where !(try hasEvent(identity: e.identity)) { out.append(e) }
        return out
    }

    /// Whether an event with this identity (``Event/identity``) is stored.
    public func hasEvent(identity: String) throws(StoreError) -> Bool {
        let s = try db.prepare("SELECT 1 FROM events WHERE key = ?")
        s.bind([identity])
        return try s.step("looking up an event")
    }

    public func hasIncident(_ id: String) throws(StoreError) -> Bool {
        let (test, args) = try incidentTest("incident", id)
        let s = try db.prepare("SELECT 1 FROM events WHERE \(test) LIMIT 1")
        s.bind(args)
        return try s.step("looking up an incident")
    }

    /// Whether the ledger at `path` holds no event, read without opening it for writing: true too for
    /// one left half set up (no events table yet); nil when it cannot be read at all.
    public static func holdsNoEvents(path: String) -> Bool? {
        SQLiteConnection.holdsNoRows(path: path, table: "events")
    }

    /// Number of events stored.
    public func count() throws(StoreError) -> Int { Int(try scalarInt("SELECT COUNT(*) FROM events")) }

    private func query(_ sql: String, _ args: [String], attrsFor: Set<EventType>?) throws(StoreError) -> [Event] {
        var out: [Event] = []
        try query(sql, args, attrsFor: attrsFor) { out.append($0) }
        return out
    }

    private func query(_ sql: String, _ args: [String], attrsFor: Set<EventType>?, each: (Event) -> Void) throws(StoreError) {
        let s = try db.prepare(sql)
        s.bind(args)
        var types: [String: EventType] = [:]
        var lastType = EventType("")
        var incident = "", lastService = ""
        var incidentCache = TextCache(), typeCache = TextCache(), serviceCache = TextCache(), severityCache = TextCache(), sourceCache = TextCache()
        while try s.step("reading events") {
            let typeName = s.text(1, cache: &typeCache)!
            if !typeCache.hit { lastType = types[typeName] ?? { let t = EventType(typeName); types[typeName] = t; return t }() }
            let type = lastType
            var attrs: JSONValue?
            if !s.isNull(6), attrsFor == nil || attrsFor!.contains(type), let text = s.text(6) {
                attrs = StoredJSON.parse(text)
            }
            let storedIncident = s.text(0, cache: &incidentCache)!
            if !incidentCache.hit { incident = IncidentID.normalized(storedIncident) }
            // Services too are read in their one spelling: an older autoheal stored them as sent.
            var service: String?
            if let storedService = s.text(3, cache: &serviceCache) {
                if !serviceCache.hit { lastService = ServiceName.normalized(storedService) }
                service = lastService
            }
            each(Event(id: s.isNull(7) ? nil : s.text(7), incident: incident, type: type,
                       at: Timestamp(microseconds: s.int(2)), service: service,
                       severity: s.text(4, cache: &severityCache), source: s.text(5, cache: &sourceCache), attrs: attrs))
        }
    }

    // MARK: State

    /// A named piece of derived state (e.g. the last synced tip); `nil` when unset.
    public func state(_ name: String) throws(StoreError) -> String? {
        let s = try db.prepare("SELECT value FROM state WHERE name = ?")
        s.bind([name])
        return try s.step("reading state") ? s.text(0) : nil
    }

    /// Sets a named piece of state.
    public func setState(_ name: String, _ value: String) throws(StoreError) {
        let s = try db.prepare("INSERT INTO state(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
        try s.run([name, value], "writing state")
    }
}

extension Timestamp {
    /// The current time.
    public static var now: Timestamp {
        Timestamp(seconds: Int64(time(nil)))
    }
}
