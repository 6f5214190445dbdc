import AutohealCore
@testable import AutohealStore
import Foundation
import Testing

@Suite("The SQLite ledger")
final class EventStoreTests {
    /// This test's own directory, removed when the test ends.
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// A ledger path in a folder that does not exist yet.
    func tempPath() -> String { root + "/\(UUID().uuidString)/nested/ledger.sqlite" }

    static func event(_ n: Int, id: String? = nil) -> Event {
        Event(id: id, incident: "INC-1", type: .alertFired, at: Timestamp(seconds: 1_793_671_200 + Int64(n)),
              service: "checkout", source: "agent", attrs: ["n": .number(Double(n))])
    }

    func sqlite(_ path: String, _ sql: String) -> (code: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [path, sql]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try! p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("Creates its folder, uses WAL, and records migrations")
    func creates() throws {
        let path = tempPath()
        let store = try EventStore(path: path)
        #expect(try store.schemaVersion() == 3)
        #expect(sqlite(path, "PRAGMA journal_mode").out.trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
        #expect(sqlite(path, "SELECT version, name FROM schema_migrations ORDER BY version").out.contains("1|append-only events"))
        // Reopening applies nothing twice.
        _ = try EventStore(path: path)
        #expect(sqlite(path, "SELECT COUNT(*) FROM schema_migrations").out.hasPrefix("3"))
    }

    @Test("A small write leaves its commit in the log for others to read; a large one is folded in and the log cut back on close")
    func writeAheadLog() throws {
        let path = tempPath()
        func logSize() -> Int { (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0 }
        do {
            let store = try EventStore(path: path)
            _ = try store.append([Self.event(1)])
        }
        // Closed without a checkpoint: the commit stays in the log, where a new reader sees it.
        #expect(logSize() > 0)
        #expect(sqlite(path, "SELECT COUNT(*) FROM events").out.hasPrefix("1"))
        do {
            let store = try EventStore(path: path)
            _ = try store.append((2..<40_002).map { Self.event($0) })
            #expect(logSize() > 4 << 20, "the test must write more than the log limit")
        }
        #expect(logSize() <= SQLiteConnection.checkpointSize)
        #expect(sqlite(path, "SELECT COUNT(*) FROM events").out.hasPrefix("40001"))
    }

    @Test("Many small writes keep the log short: what the next command reads to rebuild its index stays bounded")
    func logStaysShort() throws {
        let path = tempPath()
        for i in 0..<200 {
            let store = try EventStore(path: path)
            _ = try store.append([Self.event(i)])
        }
        // The frames a new connection finds valid in the log (and so reads on open): sqlite3 reports
        // them as the log's size when asked for a checkpoint that cannot run while nothing else is open.
        let frames = sqlite(path, "PRAGMA wal_checkpoint(PASSIVE)").out.split(separator: "|").dropFirst().first.flatMap { Int($0) }
        let logged = try #require(frames, "no checkpoint report")
        #expect(logged > 0 && logged * 4_120 <= SQLiteConnection.checkpointSize + 16 * 4_120, "\(logged) frames in the log")
        #expect(sqlite(path, "SELECT COUNT(*) FROM events").out.hasPrefix("200"))
    }

    @Test("Linked incidents are found through the partial index, with all their events")
    func linkedIncidents() throws {
        let path = tempPath()
        let store = try EventStore(path: path)
        let t = { (s: Int64) in Timestamp(seconds: 1_800_000_000 + s) }
        var events = (0..<50).map { Event(incident: "INC-\($0)", type: .alertFired, at: t(Int64($0)), service: "api") }
        events.append(Event(incident: "INC-7", type: .rootcauseLinked, at: t(100), source: "autoheal", attrs: ["method": "fix"]))
        events.append(Event(incident: "INC-30", type: .rootcauseLinked, at: t(200), source: "autoheal", attrs: ["method": "commit"]))
        _ = try store.append(events, recordedAt: t(300))
        let linked = try store.linkedIncidents().sorted { $0.id < $1.id }
        #expect(linked.map(\.id) == ["INC-30", "INC-7"])
        #expect(linked.map(\.events.count) == [2, 2])
        #expect(linked.last?.link?["method"]?.stringValue == "fix")
        let plan = sqlite(path, "EXPLAIN QUERY PLAN SELECT DISTINCT incident FROM events WHERE type = 'rootcause.linked'").out
        #expect(plan.contains("USING INDEX events_linked"), "\(plan)")

        // Relinking adds a newer link; latestLinks gives only the latest, with the incident's start.
        _ = try store.append([Event(incident: "INC-7", type: .rootcauseLinked, at: t(400), source: "autoheal", attrs: ["method": "revert"])],
                             recordedAt: t(400))
        let latest = try store.latestLinks().sorted { $0.incident < $1.incident }
        #expect(latest.map(\.incident) == ["INC-30", "INC-7"])
        #expect(latest.map { $0.link["method"]?.stringValue } == ["commit", "revert"])
        #expect(latest.map(\.start) == [t(30), t(7)])
    }

    @Test("Latest links narrowed to the paths a new link names, and the incident's own")
    func latestLinksNamingPaths() throws {
        let store = try EventStore(path: tempPath())
        let t = { (s: Int64) in Timestamp(seconds: 1_800_000_000 + s) }
        func link(_ paths: [String]) -> JSONValue {
            ["method": "fix", "paths": .array(paths.map { ["path": .string($0), "lines": [[1, 2]]] }),
             "candidates": [["summary": "touches \"path\":\"src/b.c\" in words only"]]]
        }
        var events = (0..<6).map { Event(incident: "INC-\($0)", type: .alertFired, at: t(Int64($0)), service: "api") }
        events.append(Event(incident: "INC-0", type: .rootcauseLinked, at: t(10), source: "autoheal", attrs: link(["src/a.c"])))
        events.append(Event(incident: "INC-1", type: .rootcauseLinked, at: t(11), source: "autoheal", attrs: link(["src/b.c", "lib/\"odd\" é.c"])))
        // INC-2 named src/a.c once, but its latest link moved elsewhere.
        events.append(Event(incident: "INC-2", type: .rootcauseLinked, at: t(12), source: "autoheal", attrs: link(["src/a.c"])))
        events.append(Event(incident: "INC-2", type: .rootcauseLinked, at: t(13), source: "autoheal", attrs: link(["src/c.c"])))
        events.append(Event(incident: "INC-3", type: .rootcauseLinked, at: t(14), source: "autoheal", attrs: link(["src/c.c"])))
        _ = try store.append(events, recordedAt: t(20))

        let ids = { (paths: [String], own: String) in
            try store.latestLinks(naming: paths, orOf: own).map(\.incident).sorted()
        }
        #expect(try ids(["src/a.c"], "INC-5") == ["INC-0"])
        #expect(try ids(["src/a.c"], "INC-3") == ["INC-0", "INC-3"])
        #expect(try ids(["lib/\"odd\" é.c"], "INC-5") == ["INC-1"])
        #expect(try ids([], "INC-2") == ["INC-2"])
        #expect(try store.latestLinks(naming: ["src/c.c"], orOf: "INC-9").first { $0.incident == "INC-2" }?.start == t(2))
        // The same text inside a string is stored escaped, so it does not match.
        #expect(try ids(["src/b.c"], "INC-5") == ["INC-1"])
        // What one link reads of its own incident: its start, and events of one type.
        #expect(try store.start(of: "INC-2") == t(2))
        #expect(try store.start(of: "INC-404") == nil)
        #expect(try store.events(incident: "INC-2", type: .rootcauseLinked).map(\.at) == [t(12), t(13)])
        #expect(try store.events(incident: "INC-2", type: .rootcauseLinked).last?.attrs?["paths"]?.arrayValue?.count == 1)
        // Past the limit, every latest link.
        let many = (0...EventStore.maxNarrowingPaths).map { "f\($0).c" }
        #expect(try ids(many, "INC-5") == ["INC-0", "INC-1", "INC-2", "INC-3"])
    }

    @Test("Appends are idempotent and events round-trip exactly")
    func roundTrip() throws {
        let store = try EventStore(path: tempPath())
        var e = Self.event(1)
        e.at = Timestamp(microseconds: e.at.microseconds + 123_456)
        e.severity = "SEV2"
        e.attrs = ["nested": ["a": [1, "two", true, nil]], "watched": false]
        let first = try store.append([e, Self.event(2)])
        #expect(first == .init(new: 2, duplicates: 0))
        let second = try store.append([e, Self.event(2), Self.event(3)])
        #expect(second == .init(new: 1, duplicates: 2))
        let back = try store.events(incident: "INC-1")
        #expect(back.count == 3)
        #expect(back[0] == e)
        #expect(try store.count() == 3)
    }

    @Test("The events table is append-only: UPDATE and DELETE are refused")
    func appendOnly() throws {
        let path = tempPath()
        let store = try EventStore(path: path)
        _ = try store.append([Self.event(1)])
        let upd = sqlite(path, "UPDATE events SET incident = 'INC-2'")
        #expect(upd.code != 0)
        let del = sqlite(path, "DELETE FROM events")
        #expect(del.code != 0)
        #expect(try store.count() == 1)
    }

    @Test("A sender id re-used with different content is a conflict and nothing is written")
    func conflict() throws {
        let store = try EventStore(path: tempPath())
        _ = try store.append([Self.event(1, id: "a")])
        var changed = Self.event(1, id: "a")
        changed.at = changed.at.adding(seconds: 60)
        #expect(throws: EventStore.Conflict.self) { try store.append([Self.event(5), changed]) }
        #expect(try store.count() == 1)
    }

    @Test("A failing validation rolls the whole append back")
    func validationRollsBack() throws {
        struct Nope: Error {}
        let store = try EventStore(path: tempPath())
        #expect(throws: Nope.self) { try store.append([Self.event(1), Self.event(2)], validate: { _ in throw Nope() }) }
        #expect(try store.count() == 0)
    }

    /// A ledger another process kept locked past the wait said `database: starting a write transaction:
    /// database is locked`, naming neither the ledger nor what became of the write.
    @Test("A ledger locked past the wait is named, and the write said to have written nothing")
    func lockedLedgerIsNamed() throws {
        let path = tempPath()
        _ = try EventStore(path: path)
        let holder = try SQLiteConnection(path: path)
        try holder.execute("BEGIN IMMEDIATE", "holding the lock")
        defer { try? holder.execute("ROLLBACK", "letting go") }
        let store = try EventStore(path: path, busyTimeoutMilliseconds: 50)
        #expect {
            _ = try store.append([Self.event(1)])
        } throws: { error in
            "\(error)" == "the ledger \(path) stayed locked by another process for longer than autoheal waits (database is locked): nothing was written; try again when it is done"
        }
        #expect(try store.count() == 0)
    }

    @Test("A database from a newer autoheal is refused, not guessed at")
    func newerSchema() throws {
        let path = tempPath()
        _ = try EventStore(path: path)
        #expect(sqlite(path, "INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')").code == 0)
        #expect(throws: StoreError.self) { try EventStore(path: path) }
    }

    @Test("Named state is set and replaced")
    func state() throws {
        let store = try EventStore(path: tempPath())
        #expect(try store.state("sync.tip") == nil)
        try store.setState("sync.tip", "abc")
        try store.setState("sync.tip", "def")
        #expect(try store.state("sync.tip") == "def")
    }
}

@Suite("Store errors")
struct StoreErrorTests {
    /// SQLite reports some writes to a full disk only as a bare "disk I/O error" (SQLITE_IOERR and its
    /// extended codes); the message says where to look. Other errors are left as SQLite words them.
    @Test func diskIOErrorsSayWhereToLook() {
        let plain = StoreError(context: "committing", message: "disk I/O error", code: 10)
        let extended = StoreError(context: "committing", message: "disk I/O error", code: 10 | (13 << 8))
        for e in [plain, extended] {
            #expect(e.description == "committing: disk I/O error (is the disk full, or the file system failing or read-only?)")
        }
        #expect(StoreError(context: "committing", message: "database or disk is full", code: 13).description
                == "committing: database or disk is full")
    }
}
