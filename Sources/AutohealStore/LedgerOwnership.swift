/// Whether an SQLite database is autoheal's ledger (or a new, empty database), told by reading its
/// schema only — before anything is written to it, the journal mode included.
enum LedgerOwnership {
    /// What a database that is not a ledger is refused with.
    static let notOurs = "this SQLite database is not an autoheal ledger (it holds other tables); check --db or $AUTOHEAL_DB"

    /// The tables the migrations up to `version` create, read from their SQL.
    static func tables(upTo version: Int64) -> Set<String> {
        var names: Set<String> = ["schema_migrations"]
        for m in Migrations.all where Int64(m.version) <= version {
            let words = m.sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" })
            for i in words.indices.dropLast(2) where words[i] == "CREATE" && words[i + 1] == "TABLE" {
                names.insert(String(words[i + 2]))
            }
        }
        return names
    }

    /// Throws ``notOurs`` for a database holding tables that are not a ledger's: no `schema_migrations`
    /// with autoheal's columns (Rails' or golang-migrate's is not ours), or tables the migrations it
    /// records did not make (which the next migration would meet half-way: "table events already
    /// exists"). A ledger from a newer autoheal passes, for the migration step to refuse by version.
    static func check(_ db: SQLiteConnection) throws(StoreError) {
        let context = "opening \(db.path)"
        var tables: Set<String> = []
        let list = try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        while try list.step(context) { if let name = list.text(0) { tables.insert(name) } }
        guard !tables.isEmpty else { return }
        let ownColumns = ["version", "name", "applied_at"]
        let columns = try db.prepare("SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name IN ('version', 'name', 'applied_at')")
        _ = try columns.step(context)
        guard tables.contains("schema_migrations"), columns.int(0) == Int64(ownColumns.count) else {
            throw StoreError(context: context, message: notOurs)
        }
        let applied = try db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        _ = try applied.step(context)
        let version = applied.int(0)
        guard version <= Int64(Migrations.all.map(\.version).max() ?? 0) else { return }
        guard tables.isSubset(of: Self.tables(upTo: version)) else { throw StoreError(context: context, message: notOurs) }
    }
}
