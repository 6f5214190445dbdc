/// The store's schema, as named, ordered migrations. Applied ones are recorded in `schema_migrations`;
/// a database from a newer autoheal (a version we do not know) is refused rather than guessed at.
enum Migrations {
    struct Migration {
        var version: Int
        var name: String
        var sql: String
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "append-only events", sql: """
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                key TEXT NOT NULL UNIQUE,
                incident TEXT NOT NULL,
                type TEXT NOT NULL,
                at_us INTEGER NOT NULL,
                service TEXT,
                severity TEXT,
                source TEXT,
                attrs TEXT,
                event_id TEXT,
                recorded_at_us INTEGER NOT NULL
            );
            CREATE INDEX events_incident ON events(incident, at_us);
            CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            """),
        Migration(version: 2, name: "sync state and trust", sql: """
            CREATE TABLE state (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
        // Only linked root causes are indexed (a few rows), so imports pay nothing for it; `link` and
        // `show` find the linked incidents without reading the whole ledger.
        Migration(version: 3, name: "index of linked root causes", sql: """
            CREATE INDEX events_linked ON events(incident) WHERE type = 'rootcause.linked';
            """),
    ]
}
