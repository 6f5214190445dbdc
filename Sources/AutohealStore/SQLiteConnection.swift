import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite transient destructor: SQLite copies bound text before the call returns.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection; the only place in autoheal that calls the SQLite C API.
///
/// A connection is used from one thread at a time (autoheal's commands are synchronous).
final class SQLiteConnection {
    /// How long a busy database is waited for, in milliseconds.
    let busyTimeout: Int
    private(set) var handle: OpaquePointer?
    let path: String

    /// Opens (creating if needed) the database at `path` in WAL mode with a busy timeout, so several
    /// processes — git hooks among them — can write at once without "database is locked" failures.
    ///
    /// `vet` reads the database before anything is written to it (the journal mode included) and may
    /// refuse it — one that belongs to another program. It runs on the open connection; an error it
    /// throws closes the connection.
    init(path: String, busyTimeoutMilliseconds: Int32 = 60_000,
         vet: ((SQLiteConnection) throws(StoreError) -> Void)? = nil) throws(StoreError) {
        busyTimeout = Int(busyTimeoutMilliseconds)
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            handle = nil
            throw Self.failure("opening \(path)", msg, rc, path: path)
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        if let vet {
            do { try vet(self) } catch {
                throw StoreError(context: "opening \(path)", message: error.message, code: error.code, readOnly: error.readOnly, ledgerPath: error.ledgerPath)
            }
        }
        // Switching a new database to WAL takes an exclusive lock that the busy handler does not wait
        // for, so several processes opening a fresh ledger at once retry here instead of failing.
        try retryingWhenBusy { () throws(StoreError) in try execute("PRAGMA journal_mode=WAL", "opening \(path)") }
        // Every commit is made durable by itself (one sync of the log), so closing need not checkpoint
        // the log into the database — which took three syncs and a file deletion at the end of every
        // command that wrote. Closing does once the log passes ``checkpointSize`` (see `deinit`), so
        // the log beside the database (`-wal`, with its index `-shm`) stays small.
        try execute("PRAGMA synchronous=FULL", "setting synchronous mode")
        try execute("PRAGMA journal_size_limit=\(Self.logLimit)", "limiting the log's size")
        guard autoheal_sqlite3_no_checkpoint_on_close(handle) == SQLITE_OK else {
            throw StoreError(context: "opening \(path)", message: String(cString: sqlite3_errmsg(handle)))
        }
    }

    /// Opens the database at `path` for reading only, writing nothing beside it — for a ledger on
    /// read-only storage or a full disk, or another user's, where the usual open fails (it may have to
    /// create the log and its index, and sets the journal mode). SQLite reads a log as usual; where even
    /// that cannot be done (its index, `-shm`, cannot be made or grown) and the log holds no frame, the
    /// main file is the whole database, read as immutable.
    init(readOnlyPath path: String) throws(StoreError) {
        busyTimeout = 60_000
        self.path = path
        do { try open(readingOnly: path) } catch {
            guard Self.logHoldsNoFrame(path) else { throw error }
            try open(readingOnly: Self.immutableURI(path))
        }
    }

    /// Opens `name` (a path or an SQLite URI) read-only and reads its schema once, so an unreadable
    /// database fails here; on failure the handle is closed again.
    private func open(readingOnly name: String) throws(StoreError) {
        let rc = sqlite3_open_v2(name, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nil)
        do throws(StoreError) {
            guard rc == SQLITE_OK else {
                throw StoreError(context: "opening \(path)", message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory", code: rc)
            }
            sqlite3_busy_timeout(handle, Int32(busyTimeout))
            let s = try prepare("SELECT COUNT(*) FROM sqlite_master")
            _ = try s.step("opening \(path)")
        } catch {
            sqlite3_close_v2(handle)
            handle = nil
            throw error
        }
    }

    /// `path` as an SQLite URI opening it immutable (`%`, `?` and `#` escaped).
    private static func immutableURI(_ path: String) -> String {
        "file:" + path.map { c in c == "%" ? "%25" : c == "?" ? "%3f" : c == "#" ? "%23" : String(c) }.joined() + "?immutable=1"
    }

    /// Whether the write-ahead log beside `path` is missing or too short to hold one frame (a 32-byte
    /// header, then frames of a 24-byte header and one page; the page size is in the database's header).
    private static func logHoldsNoFrame(_ path: String) -> Bool {
        var info = stat()
        guard stat(path + "-wal", &info) == 0 else { return true }
        var header = [UInt8](repeating: 0, count: 18)
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let raw = read(fd, &header, 18) == 18 ? Int(header[16]) << 8 | Int(header[17]) : 4096
        let pageSize = raw == 1 ? 65_536 : max(raw, 512)
        return Int(info.st_size) < 32 + 24 + pageSize
    }

    /// Whether the database at `path`, opened read-only (``init(readOnlyPath:)``: nothing is written, so
    /// this works where the disk is full), has no row in `table` or no such table; nil when it cannot be
    /// read at all.
    static func holdsNoRows(path: String, table: String) -> Bool? {
        guard let db = try? SQLiteConnection(readOnlyPath: path),
              let tables = try? db.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '\(table)'") else { return nil }
        guard tables > 0 else { return true }
        return (try? db.scalar("SELECT EXISTS (SELECT 1 FROM \(table))")).map { $0 == 0 }
    }

    /// The first column of a query's first row.
    private func scalar(_ sql: String) throws(StoreError) -> Int64 {
        let s = try prepare(sql)
        guard try s.step("reading \(path)") else { throw StoreError(context: "reading \(path)", message: "no row") }
        return s.int(0)
    }

    /// Runs `body`, retrying for up to the busy timeout while SQLite reports the database busy or locked.
    func retryingWhenBusy<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        var waited = 0
        var delay = 2
        while true {
            do { return try body() } catch {
                let busy = error.code == SQLITE_BUSY || error.code == SQLITE_LOCKED
                guard busy, waited < busyTimeout else { throw error }
                usleep(useconds_t(delay * 1000))
                waited += delay
                delay = min(delay * 2, 100)
            }
        }
    }

    /// The size SQLite cuts the log back to after a checkpoint of its own (`journal_size_limit`).
    static let logLimit = 4 << 20

    /// The log size past which closing checkpoints the log into the database and truncates it.
    ///
    /// The first connection of every command rebuilds the log's index by reading every page in the log,
    /// and SQLite restarts the log only within a connection that writes after a checkpoint — which a
    /// command writing once never does. So without this the log grew to ``logLimit`` and every command
    /// read up to 4 MB before its first query (about 1 ms of a `link`). At 512 KB a checkpoint (a few
    /// syncs) comes every few dozen small writes, and opening reads at most 128 pages.
    static let checkpointSize = 512 << 10

    /// Closes the connection, first checkpointing and truncating a log grown past ``checkpointSize``.
    deinit {
        var info = stat()
        if handle != nil, stat(path + "-wal", &info) == 0, Int(info.st_size) > Self.checkpointSize {
            sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
        }
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String, _ context: String) throws(StoreError) {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(err)
            throw Self.failure(context, msg, rc, path: path)
        }
    }

    /// Prepares a statement.
    func prepare(_ sql: String) throws(StoreError) -> Statement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error("preparing \(sql.prefix(40))…", rc) }
        return Statement(stmt, connection: self)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws. Taking the write lock
    /// up front means a busy database makes us wait (busy timeout) instead of failing mid-transaction.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE", "starting a write transaction")
        do {
            let result = try body()
            try execute("COMMIT", "committing")
            return result
        } catch {
            try? execute("ROLLBACK", "rolling back")
            throw error
        }
    }

    func error(_ context: String, _ rc: Int32) -> StoreError {
        Self.failure(context, String(cString: sqlite3_errmsg(handle)), rc, path: path)
    }

    /// The error for SQLite's result `rc`, naming the ledger at `path` as read-only when that is why it
    /// failed: SQLite says `SQLITE_READONLY` when a write meets a database it could open only for
    /// reading, and cannot open one at all (`SQLITE_CANTOPEN`) when it would have to create the file or
    /// its log on storage it cannot write.
    static func failure(_ context: String, _ message: String, _ rc: Int32, path: String) -> StoreError {
        var readOnly: StoreError.ReadOnly?
        if rc & 0xff == SQLITE_READONLY {
            readOnly = .init(path: path, cause: readOnlyCause(path) ?? "could be opened for reading only")
        } else if rc & 0xff == SQLITE_CANTOPEN, let cause = readOnlyCause(path) {
            readOnly = .init(path: path, cause: cause)
        }
        return StoreError(context: context, message: message, code: rc, readOnly: readOnly, ledgerPath: path)
    }

    /// Why the database at `path`, or the log SQLite keeps beside it, cannot be written — a phrase
    /// that follows the path — or nil when nothing on the file system says so.
    static func readOnlyCause(_ path: String) -> String? {
        let dir = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        func refused(_ p: String) -> Int32? { access(p, W_OK) == 0 ? nil : errno }
        guard access(path, F_OK) == 0 else {
            guard access(dir, F_OK) == 0, let e = refused(dir) else { return nil }
            return e == EROFS ? "cannot be created (its folder is on read-only storage)" : "cannot be created (its folder is not writable by this user)"
        }
        if let e = refused(path) { return e == EROFS ? "is on read-only storage" : "is not writable by this user" }
        if let e = refused(dir) {
            return e == EROFS ? "is on read-only storage" : "is in a folder this user cannot write to (SQLite keeps its log beside the ledger)"
        }
        for suffix in ["-wal", "-shm"] where access(path + suffix, F_OK) == 0 && refused(path + suffix) != nil {
            return "has a log file (\(suffix)) this user cannot write"
        }
        return nil
    }

    var changes: Int32 { sqlite3_changes(handle) }
}

/// A prepared statement; finalized exactly once when released.
final class Statement {
    let stmt: OpaquePointer
    unowned let connection: SQLiteConnection

    init(_ stmt: OpaquePointer, connection: SQLiteConnection) {
        self.stmt = stmt
        self.connection = connection
    }

    deinit { sqlite3_finalize(stmt) }

    /// Resets the statement and binds texts at positions 1, 2, …; `nil` binds NULL.
    func bind(_ values: [String?]) {
        reset()
        sqlite3_clear_bindings(stmt)
        for (i, v) in values.enumerated() { bind(Int32(i + 1), v) }
    }

    /// Binds text (or NULL) at a 1-based position, without boxing — the import's hot path.
    @inline(__always)
    func bind(_ pos: Int32, _ value: String?) {
        if let value { sqlite3_bind_text(stmt, pos, value, -1, SQLITE_TRANSIENT) } else { sqlite3_bind_null(stmt, pos) }
    }

    /// Binds an integer at a 1-based position.
    @inline(__always)
    func bind(_ pos: Int32, _ value: Int64) { sqlite3_bind_int64(stmt, pos, value) }

    /// Resets the statement before binding a new row.
    func reset() { sqlite3_reset(stmt) }

    /// Steps once: `true` when a row is available.
    func step(_ context: String) throws(StoreError) -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw connection.error(context, rc)
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [String?], _ context: String) throws(StoreError) {
        bind(values)
        _ = try step(context)
    }

    func text(_ col: Int32) -> String? {
        guard let p = sqlite3_column_text(stmt, col) else { return nil }
        return String(cString: p)
    }

    /// Text of a column, reusing the previous row's `String` when the bytes repeat (ledgers list many
    /// events of one incident, service and type in a row).
    func text(_ col: Int32, cache: inout TextCache) -> String? {
        guard let p = sqlite3_column_text(stmt, col) else { return nil }
        let n = Int(sqlite3_column_bytes(stmt, col))
        let bytes = UnsafeBufferPointer(start: p, count: n)
        if let last = cache.string, cache.bytes.count == n, n == 0 || cache.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, n) == 0 }) {
            cache.hit = true
            return last
        }
        cache.hit = false
        let str = String(decoding: bytes, as: UTF8.self)
        cache.bytes = Array(bytes)
        cache.string = str
        return str
    }

    func int(_ col: Int32) -> Int64 { sqlite3_column_int64(stmt, col) }
    func isNull(_ col: Int32) -> Bool { sqlite3_column_type(stmt, col) == SQLITE_NULL }
}

/// The last text read from a column, for `Statement.text(_:cache:)`.
struct TextCache {
    var bytes: [UInt8] = []
    var string: String?
    /// The last read repeated the row before.
    var hit = false
}
