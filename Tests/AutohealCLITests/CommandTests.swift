import Foundation
import Testing

@Suite("Commands, exit codes, config and database location")
struct CommandTests {
    static func seeded() -> Workspace {
        let ws = Workspace()
        ws.autoheal(["import", "-"], stdin: Fixtures.seedEvents)
        return ws
    }

    @Test("Exit codes: unknown incident 1, usage 64, help 0")
    func exitCodes() {
        let ws = Self.seeded()
        let missing = ws.autoheal(["show", "INC-NOPE"])
        #expect(missing.code == 1)
        #expect(missing.err == "autoheal: no such incident: INC-NOPE (autoheal incidents lists them)\n")
        // An id typed with a character that does not show is named with it written out: "INC​-1" read
        // as the INC-1 that `incidents` lists.
        #expect(ws.autoheal(["show", "INC\u{200B}-1"]).err == "autoheal: no such incident: INC\\u{200B}-1 (autoheal incidents lists them)\n")
        #expect(ws.autoheal(["report", "--by", "planet"]).code == 64)
        #expect(ws.autoheal(["report", "--by", ""]).code == 64)
        // --json with another --format printed JSON: which was meant cannot be told.
        #expect(ws.autoheal(["report", "--json", "--format", "csv"]).code == 64)
        #expect(ws.autoheal(["report", "--json", "--format", "json"]).code != 64)
        #expect(ws.autoheal(["report", "--format", "pdf"]).code == 64)
        #expect(ws.autoheal(["frobnicate"]).code == 64)
        // An unknown command is called one ("Unexpected argument" before), and `help` with one is no help
        // (it printed the top-level help, exit 0); a global option without its value says so ("Unknown option").
        #expect(ws.autoheal(["frobnicate"]).err == "autoheal: 'frobnicate' is not an autoheal command (autoheal --help lists them)\n")
        #expect(ws.autoheal(["help", "frobnicate"]).code == 64)
        #expect(ws.autoheal(["--db"]).err == "autoheal: --db needs a path\n")
        #expect(ws.autoheal(["-C", ".", "-C"]).code == 64)
        #expect(ws.autoheal(["-C", ".", "-C"]).err == "autoheal: -C needs a directory\n")
        let impossible = ws.autoheal(["report", "--since", "2026-13-01"])
        #expect(impossible.code == 64)
        #expect(impossible.err.contains("date \"2026-13-01\" is no day of the calendar"), "\(impossible.err)")
        #expect(ws.autoheal(["report", "--since", "last tuesday"]).code == 64)
        // A full time on no calendar day was "not RFC 3339"; year 0000 was taken as a date alone.
        let impossibleTime = ws.autoheal(["report", "--since", "2026-02-30T00:00:00Z"])
        #expect(impossibleTime.code == 64)
        #expect(impossibleTime.err.contains("time \"2026-02-30T00:00:00Z\" is on no day of the calendar"), "\(impossibleTime.err)")
        let yearZero = ws.autoheal(["report", "--since", "0000-01-01"])
        #expect(yearZero.code == 64)
        #expect(yearZero.err.contains("outside the years 0001–9999"), "\(yearZero.err)")
        // `help` is a command: `help help` was "'help' is not an autoheal command" (exit 64).
        let helpHelp = ws.autoheal(["help", "help"])
        #expect(helpHelp.code == 0, "\(helpHelp.err) \(helpHelp.out)")
        #expect(!helpHelp.err.contains("not an autoheal command"), "\(helpHelp.err)")
        // Global options before `help` were passed to it: "Unknown option '--db'" (exit 64).
        #expect(ws.autoheal(["help", "link"]).code == 0)
        #expect(Exec.run(Exec.binary, ["-C", ws.dir.path, "help", "report"]).out.contains("report"))
        let backwards = ws.autoheal(["report", "--since", "2026-06-01", "--until", "2026-01-01"])
        #expect(backwards.code == 64)
        #expect(backwards.err.contains("--since 2026-06-01 is not before --until 2026-01-01"), "\(backwards.err)")
        #expect(ws.autoheal(["--help"]).code == 0)
        #expect(ws.autoheal(["import", "--format", "excel", "x"]).code == 64)
        // A mistyped $AUTOHEAL_NOW used the real clock without a word; every command refuses it now,
        // the fast link path included.
        for now in ["garbage", "2026-12-01"] {
            for args in [["report"], ["clocks", "INC-NOPE"], ["link", "INC-NOPE", "--fix", "HEAD"]] {
                let r = ws.autoheal(args, env: ["AUTOHEAL_NOW": now])
                #expect(r.code == 64, "\(args) \(now): \(r.err)")
                #expect(r.err.hasPrefix("autoheal: $AUTOHEAL_NOW: ") && r.err.contains("\"\(now)\""), "\(r.err)")
            }
        }
        #expect(ws.autoheal(["--help"], env: ["AUTOHEAL_NOW": "garbage"]).code == 0)
        #expect(ws.autoheal(["report"], env: ["AUTOHEAL_NOW": "2026-12-01T00:00:00Z"]).code == 0)
    }

    /// A mistyped `--db` read as an empty ledger — `review --fail-on-overdue` passed in CI — and was
    /// created, folders and all.
    @Test("Commands that read incidents refuse a named ledger that does not exist, and create nothing")
    func missingNamedLedger() {
        let tmp = TempDir()
        let typo = tmp.path + "/typo/nope/ledger.sqlite"
        for args in [["incidents"], ["report"], ["review", "--fail-on-overdue"], ["show", "INC-1"], ["clocks", "INC-1"],
                     ["link", "INC-1", "--frame", "a.c:1"]] {
            let r = Exec.run(Exec.binary, ["--db", typo] + args)
            #expect(r.code == 1, "\(args): \(r.err)")
            #expect(r.err == "autoheal: no ledger at \(typo): nothing was imported there (check --db or $AUTOHEAL_DB)\n", "\(args)")
            let viaEnv = Exec.run(Exec.binary, args, env: ["AUTOHEAL_DB": typo])
            #expect(viaEnv.code == 1, "\(args)")
        }
        let mcp = Exec.run(Exec.binary, ["--db", typo, "mcp"], stdin: #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_open_prevention","arguments":{}}}"# + "\n")
        #expect(mcp.out.contains("no ledger at"), "\(mcp.out)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/typo"))
    }

    @Test("show names the earlier incidents whose landed prevention this one escaped, and no others")
    func showEscapes() {
        let ws = Workspace()
        func link(_ path: String, _ lines: ClosedRange<Int>) -> String {
            #"{"method":"fix","paths":[{"path":"\#(path)","lines":[[\#(lines.lowerBound),\#(lines.upperBound)]]}]}"#
        }
        let events = [
            #"{"incident":"INC-1","type":"alert.fired","at":"2026-10-01T00:00:00Z","service":"api"}"#,
            // Same service, other code; and same code, other service: neither is escaped.
            #"{"incident":"INC-2","type":"alert.fired","at":"2026-10-02T00:00:00Z","service":"api"}"#,
            #"{"incident":"INC-3","type":"alert.fired","at":"2026-10-03T00:00:00Z","service":"web"}"#,
            #"{"incident":"INC-9","type":"alert.fired","at":"2026-11-01T00:00:00Z","service":"api"}"#,
        ].joined(separator: "\n")
        #expect(ws.autoheal(["import", "-"], stdin: events).code == 0)
        let own = [
            #"{"incident":"INC-1","type":"rootcause.linked","at":"2026-10-01T02:00:00Z","attrs":\#(link("src/pay.c", 10...12))}"#,
            #"{"incident":"INC-1","type":"prevention.landed","at":"2026-10-05T00:00:00Z"}"#,
            #"{"incident":"INC-2","type":"rootcause.linked","at":"2026-10-02T02:00:00Z","attrs":\#(link("src/other.c", 10...12))}"#,
            #"{"incident":"INC-2","type":"prevention.landed","at":"2026-10-05T00:00:00Z"}"#,
            #"{"incident":"INC-3","type":"rootcause.linked","at":"2026-10-03T02:00:00Z","attrs":\#(link("src/pay.c", 10...12))}"#,
            #"{"incident":"INC-3","type":"prevention.landed","at":"2026-10-05T00:00:00Z"}"#,
            #"{"incident":"INC-9","type":"rootcause.linked","at":"2026-11-01T02:00:00Z","attrs":\#(link("src/pay.c", 13...20))}"#,
        ].joined(separator: "\n")
        #expect(throws: Never.self) { try recordOwnEvents(db: ws.db, own) }
        let doc = ws.autoheal(["show", "INC-9", "--json"]).json as? [String: Any]
        #expect(doc?["prevention_escaped"] as? [String] == ["INC-1"])
        #expect((ws.autoheal(["show", "INC-2", "--json"]).json as? [String: Any])?["prevention_escaped"] as? [String] == [])
    }

    /// A summary (Statuspage bodies flow into it) with a newline and an escape sequence forged a line and
    /// coloured the terminal; a right-to-left override reordered what followed.
    @Test("show writes control characters and bidirectional overrides from events visibly")
    func showEscapesControlCharacters() {
        let ws = Workspace()
        let events = [
            #"{"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"api"}"#,
            #"{"incident":"INC-1","type":"rootcause.identified","at":"2026-11-03T02:10:00Z","attrs":{"summary":"ok\nFAKE LINE\u001b[31m red \u202Eevil"}}"#,
        ].joined(separator: "\n")
        #expect(ws.autoheal(["import", "-"], stdin: events).code == 0)
        let out = ws.autoheal(["show", "INC-1"]).out
        #expect(!out.contains("\u{1B}") && !out.contains("\u{202E}"))
        #expect(!out.split(separator: "\n").contains { $0.hasPrefix("FAKE LINE") })
        #expect(out.contains(#"ok\u{A}FAKE LINE\u{1B}[31m red \u{202E}evil"#), "\(out)")
    }

    /// A database with autoheal's `schema_migrations` but tables no migration it records made (an empty
    /// `events`) was switched to WAL by `incidents` — its header changed, `-wal` and `-shm` made —
    /// before migration 1 refused it ("table events already exists").
    @Test("A database whose tables its migrations did not make is refused before its journal mode is touched")
    func foreignTablesRefusedBeforeWAL() throws {
        let ws = Workspace()
        let db = ws.dir.path + "/half.sqlite"
        let made = Exec.run("/usr/bin/sqlite3", [db, "CREATE TABLE events(x); CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);"])
        #expect(made.code == 0, "\(made.err)")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for args in [["incidents"], ["report"], ["import", "-"]] {
            let r = Exec.run(Exec.binary, ["--db", db] + args, stdin: #"{"incident":"A","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"s"}"#)
            #expect(r.code == 1, "\(args): \(r.err)")
            #expect(r.err == "autoheal: database: opening \(db): this SQLite database is not an autoheal ledger (it holds other tables); check --db or $AUTOHEAL_DB\n", "\(args): \(r.err)")
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: db))
        #expect(after == before, "unchanged: journal-mode bytes \(Array(after[18...19]))")
        #expect(!FileManager.default.fileExists(atPath: db + "-wal") && !FileManager.default.fileExists(atPath: db + "-shm"))
        // A ledger of this autoheal still opens: its tables are its migrations' own.
        #expect(ws.autoheal(["import", "-"], stdin: #"{"incident":"A","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"s"}"#).code == 0)
        #expect(ws.autoheal(["incidents"]).code == 0)
    }

    /// `--db` naming another program's SQLite database had autoheal's tables added to it (by a read);
    /// a file that is no database was reported without its path.
    @Test("A database that is not a ledger is refused by name, and left as it was")
    func foreignDatabase() throws {
        let ws = Workspace()
        let app = ws.dir.path + "/app.db"
        let made = Exec.run("/usr/bin/env", ["python3", "-c", "import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute('create table users(id int)'); d.commit()", app])
        #expect(made.code == 0, "\(made.err)")
        let before = try Data(contentsOf: URL(fileURLWithPath: app))
        for args in [["incidents"], ["import", "-"]] {
            let r = Exec.run(Exec.binary, ["--db", app] + args, stdin: #"{"incident":"A","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"s"}"#)
            #expect(r.code == 1, "\(args): \(r.err)")
            #expect(r.err.contains("opening \(app): this SQLite database is not an autoheal ledger"), "\(r.err)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: app)) == before)
        // Rails, golang-migrate, Ecto and dbmate call their table schema_migrations too.
        let rails = ws.dir.path + "/rails.sqlite3"
        #expect(Exec.run("/usr/bin/env", ["python3", "-c", "import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute('create table schema_migrations(version varchar primary key)'); d.execute(\"insert into schema_migrations values ('20240101000000')\"); d.commit()", rails]).code == 0)
        let railsBefore = try Data(contentsOf: URL(fileURLWithPath: rails))
        let r2 = Exec.run(Exec.binary, ["--db", rails, "incidents"])
        #expect(r2.code == 1 && r2.err.contains("is not an autoheal ledger"), "\(r2.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: rails)) == railsBefore)
        Exec.git(["init", "-q", ws.dir.path + "/repo"], in: ws.dir.path)
        let hooks = Exec.run(Exec.binary, ["--db", rails, "hooks", "install"], cwd: ws.dir.path + "/repo")
        #expect(hooks.code == 1 && hooks.err.contains("is not an autoheal ledger"), "hooks install too: \(hooks.err)")
        let text = ws.dir.write("events.ndjson", "not a database, just text\n")
        let r = Exec.run(Exec.binary, ["--db", text, "incidents"])
        #expect(r.code == 1)
        #expect(r.err.contains("opening \(text): file is not a database"), "\(r.err)")
    }

    /// `--out` renamed a new file over its target, which replaced a FIFO or a device node with a plain
    /// file (nothing reached the reader; as root, `/dev/full` stopped being a device).
    @Test("report --out: - is standard output, a FIFO is written in place, a directory is refused")
    func reportOut() throws {
        let ws = Self.seeded()
        let csv = ws.autoheal(["report", "--format", "csv"]).out
        #expect(ws.autoheal(["report", "--format", "csv", "--out", "-"]).out == csv)
        let fifo = ws.dir.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        // A time limit, so a FIFO replaced by a file (nobody ever writes to the pipe) fails instead of hanging.
        reader.arguments = ["-c", "timeout 10 cat \"$0\" > \"$0.read\"", fifo]
        try reader.run()
        #expect(ws.autoheal(["report", "--format", "csv", "--out", fifo]).code == 0)
        reader.waitUntilExit()
        #expect(try String(contentsOfFile: fifo + ".read", encoding: .utf8) == csv)
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
        let dir = ws.autoheal(["report", "--out", ws.dir.path])
        #expect(dir.code == 1)
        #expect(dir.err == "autoheal: cannot write \(ws.dir.path): it is a directory\n")
        // A missing directory is named, in place of Foundation's "The file doesn't exist."
        let missing = ws.autoheal(["report", "--out", ws.dir.path + "/no/such/r.txt"])
        #expect(missing.code == 1)
        #expect(missing.err == "autoheal: cannot write \(ws.dir.path)/no/such/r.txt: the directory \(ws.dir.path)/no/such does not exist\n")
        // A path ending in "/" names a directory: a missing one made a file named without the "/", exit 0.
        let slash = ws.autoheal(["report", "--out", ws.dir.path + "/outdir/"])
        #expect(slash.code == 1)
        #expect(slash.err == "autoheal: cannot write \(ws.dir.path)/outdir/: the directory \(ws.dir.path)/outdir does not exist\n", "\(slash.err)")
        #expect(!FileManager.default.fileExists(atPath: ws.dir.path + "/outdir"))
        #expect(ws.autoheal(["report", "--out", ws.dir.path + "/"]).err == "autoheal: cannot write \(ws.dir.path)/: it is a directory\n")
        // An empty path was "cannot write : it is a directory".
        let empty = ws.autoheal(["report", "--out", ""])
        #expect(empty.code == 64)
        #expect(empty.err == "autoheal: cannot write the output: the path given is empty (name a file, or - for standard output)\n", "\(empty.err)")
        let file = ws.dir.write("plain.txt", "x\n")
        #expect(ws.autoheal(["report", "--out", file + "/r.txt"]).err == "autoheal: cannot write \(file)/r.txt: \(file) is not a directory\n")
        // Replacing a private report keeps it private (the new file had the default 0644).
        let kept = ws.dir.write("private.csv", "old\n")
        #expect(chmod(kept, 0o600) == 0)
        #expect(ws.autoheal(["report", "--format", "csv", "--out", kept]).code == 0)
        #expect(stat(kept, &info) == 0 && info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == csv)
    }

    @Test("incidents lists and filters, as text and JSON")
    func incidents() {
        let ws = Self.seeded()
        ws.autoheal(["import", "-"], stdin: #"{"incident":"INC-9","type":"alert.fired","at":"2026-11-12T00:00:00Z","service":"search"}"#)
        let all = (ws.autoheal(["incidents", "--json"]).json as! [String: Any])["incidents"] as! [[String: Any]]
        #expect(all.map { $0["id"] as! String } == ["INC-9", "INC-REAL", "INC-TEXTBOOK"])
        let search = (ws.autoheal(["incidents", "--service", "search", "--json"]).json as! [String: Any])["incidents"] as! [[String: Any]]
        #expect(search.count == 1)
        #expect(search[0]["declared"] is NSNull)
        #expect(search[0]["status"] as? String == "active")
        let real = all.first { $0["id"] as? String == "INC-REAL" }!
        #expect(real["severity"] as? String == "SEV2")
        #expect(real["declared"] as? String == "2026-11-10T02:47:00Z")
        let text = ws.autoheal(["incidents"]).out
        #expect(text.contains("INC-REAL") && text.contains("undeclared"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("report as table, JSON and CSV agree, and fits 80 columns")
    func reportFormats() throws {
        let ws = Self.seeded()
        let json = ws.autoheal(["report", "--by", "service,severity", "--json"], env: ["AUTOHEAL_NOW": "2026-11-20T00:00:00Z"])
        #expect(json.code == 0, "\(json.err)")
        let doc = json.json as! [String: Any]
        #expect(doc["severity_policy"] as? String == "highest")
        let groups = doc["groups"] as! [[String: Any]]
        #expect(groups.count == 1)
        #expect(groups[0]["service"] as? String == "checkout")
        #expect(groups[0]["severity"] as? String == "SEV2")
        let mttd = groups[0]["mttd"] as! [String: Any]
        #expect(mttd["n"] as? Int == 2)
        #expect(mttd["median"] as? Int == 810) // (600 + 1020) / 2
        #expect(mttd["p90"] as? Int == 978) // 600 + 0.9 * 420
        let mttp = groups[0]["mttp"] as! [String: Any]
        #expect(mttp["open"] as? Int == 2)
        #expect(mttp["median"] is NSNull)
        #expect((doc["rules"] as! [String: Any])["detection"] != nil)

        let csv = ws.autoheal(["report", "--by", "service", "--format", "csv"]).out
        let rows = csv.split(separator: "\r\n")
        #expect(rows.count == 3)
        #expect(rows[0].hasPrefix("service,severity,period,incidents"))
        #expect(rows[1].hasPrefix("checkout,,,2,2,0,0,0,2,810,978,810,2,"))
        #expect(rows[2].hasPrefix("total,"))

        let table = ws.autoheal(["report", "--by", "service,quarter"]).out
        #expect(table.contains("checkout / 2026-Q4"))
        #expect(table.contains("fallbacks: detection 0, recovery 0"))
        // The footer says what its counts are (it read "over 1/1 incidents" beside a total of 2).
        #expect(table.contains("MTTD/MTTR: median and p90; readings: MTTD 2, MTTR 2 of 2 incidents"), "\(table)")
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(table)")

        let out = ws.dir.path + "/r.json"
        #expect(ws.autoheal(["report", "--format", "json", "--out", out]).code == 0)
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test("--since/--until select by start; by month")
    func sinceUntil() {
        let ws = Self.seeded()
        let doc = ws.autoheal(["report", "--by", "month", "--since", "2026-11-05", "--until", "2026-12-01", "--json"]).json as! [String: Any]
        let total = doc["total"] as! [String: Any]
        #expect(total["incidents"] as? Int == 1)
        #expect((doc["groups"] as! [[String: Any]])[0]["period"] as? String == "2026-11")
    }

    @Test("Inside a repository the database lives in the common git dir, shared by worktrees; -C works like git -C")
    func databaseLocation() throws {
        let tmp = TempDir()
        let repo = tmp.path + "/repo"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        Exec.git(["init", "-q", "-b", "main"], in: repo)
        Exec.git(["commit", "-q", "--allow-empty", "-m", "init"], in: repo)
        Exec.git(["worktree", "add", "-q", tmp.path + "/wt", "-b", "side"], in: repo)
        let imp = Exec.run(Exec.binary, ["-C", repo, "import", "-"], stdin: Fixtures.seedEvents, env: ["AUTOHEAL_DB": ""])
        #expect(imp.code == 0, "\(imp.err)")
        #expect(FileManager.default.fileExists(atPath: repo + "/.git/autoheal/autoheal.sqlite"))
        let fromWorktree = Exec.run(Exec.binary, ["incidents", "--json"], cwd: tmp.path + "/wt", env: ["AUTOHEAL_DB": ""])
        #expect(((fromWorktree.json as! [String: Any])["incidents"] as! [Any]).count == 2)
        let cfg = Exec.run(Exec.binary, ["config", "--json"], cwd: tmp.path + "/wt/", env: ["AUTOHEAL_DB": ""])
        #expect((cfg.json as! [String: Any])["database"] as? String == repo + "/.git/autoheal/autoheal.sqlite")
        // $AUTOHEAL_DB, then --db, take precedence.
        let envDB = tmp.path + "/env.sqlite"
        let viaEnv = Exec.run(Exec.binary, ["-C", repo, "config", "--json"], env: ["AUTOHEAL_DB": envDB])
        #expect((viaEnv.json as! [String: Any])["database"] as? String == envDB)
        let viaFlag = Exec.run(Exec.binary, ["-C", repo, "--db", "x.sqlite", "config", "--json"], env: ["AUTOHEAL_DB": envDB])
        #expect((viaFlag.json as! [String: Any])["database"] as? String == repo + "/x.sqlite")
        // Outside a repository: $XDG_DATA_HOME.
        let outside = Exec.run(Exec.binary, ["config", "--json"], cwd: tmp.path, env: ["AUTOHEAL_DB": "", "XDG_DATA_HOME": tmp.path + "/data"])
        #expect((outside.json as! [String: Any])["database"] as? String == tmp.path + "/data/autoheal/autoheal.sqlite")
    }

    @Test(".autoheal.yml changes rules and policy; config prints them; bad config is located")
    func repositoryConfig() throws {
        let tmp = TempDir()
        Exec.git(["init", "-q", "-b", "main"], in: tmp.path)
        tmp.write(".autoheal.yml", """
        clocks:
          recovery:
            start: [incident.declared]
            stop: [sli.recovered]
        severity_policy: final
        prevention:
          targets: {SEV2: 3d}
        verify: sh -c 'make test; make lint'
        """)
        let db = tmp.path + "/db.sqlite"
        #expect(Exec.run(Exec.binary, ["--db", db, "import", "-"], cwd: tmp.path, stdin: Fixtures.seedEvents).code == 0)
        let show = Exec.run(Exec.binary, ["--db", db, "show", "INC-REAL", "--json"], cwd: tmp.path).json as! [String: Any]
        #expect(((show["clocks"] as! [String: Any])["recovery"] as! [String: Any])["seconds"] as? Int == 1260)
        let cfg = Exec.run(Exec.binary, ["--db", db, "config", "--json"], cwd: tmp.path).json as! [String: Any]
        #expect(cfg["severity_policy"] as? String == "final")
        #expect(((cfg["prevention"] as! [String: Any])["targets"] as! [String: Any])["SEV2"] as? Int == 259_200)
        let text = Exec.run(Exec.binary, ["--db", db, "config"], cwd: tmp.path).out
        #expect(text.contains("recovery   start incident.declared"))
        // A command is shown as it would be typed: the quoted script is one argument.
        #expect(text.contains("verify: sh -c 'make test; make lint'\n"), "\(text)")

        tmp.write(".autoheal.yml", "clocks:\n  detection:\n    start: [alert.fired, alert.exploded]\n")
        let bad = Exec.run(Exec.binary, ["--db", db, "report"], cwd: tmp.path)
        #expect(bad.code == 65)
        #expect(bad.err.contains(".autoheal.yml:3: unknown event type \"alert.exploded\""), "\(bad.err)")
    }

    @Test("waive records once and leaves the MTTP population")
    func waive() {
        let ws = Self.seeded()
        #expect(ws.autoheal(["waive", "INC-TEXTBOOK", "--reason", "vendor outage"]).code == 0)
        let again = ws.autoheal(["waive", "INC-TEXTBOOK", "--reason", "vendor outage"])
        #expect(again.out.contains("already waived"))
        #expect(ws.eventCount() == 15)
        let doc = ws.autoheal(["report", "--json"]).json as! [String: Any]
        let mttp = (doc["total"] as! [String: Any])["mttp"] as! [String: Any]
        #expect(mttp["waived"] as? Int == 1)
        #expect(mttp["n"] as? Int == 1)
        let show = ws.autoheal(["show", "INC-TEXTBOOK", "--json"]).json as! [String: Any]
        #expect((show["prevention"] as! [String: Any])["status"] as? String == "waived")
        #expect(ws.autoheal(["waive", "INC-NONE", "--reason", "x"]).code == 1)
        // A landed fix leaves nothing to waive (show said "landed … waived", report counted it landed).
        let landing = #"{"incident":"INC-TEXTBOOK","type":"prevention.landed","at":"2026-11-13T00:00:00Z","attrs":{"commit":"0123456789abcdef0123456789abcdef01234567"}}"#
        #expect(throws: Never.self) { try recordOwnEvents(db: ws.db, landing) }
        let late = ws.autoheal(["waive", "INC-TEXTBOOK", "--reason", "changed our mind"])
        #expect(late.code == 1)
        #expect(late.err.contains("already landed (0123456789ab at 2026-11-13T00:00:00Z)"), "\(late.err)")
    }

    @Test("init is idempotent")
    func initTwice() {
        let ws = Workspace()
        #expect(ws.autoheal(["init"]).code == 0)
        let second = ws.autoheal(["init", "--json"])
        #expect(second.code == 0)
        #expect((second.json as! [String: Any])["schema_version"] as? Int == 3)
    }

    @Test("init --write-config writes the default rules once, and config reads them back unchanged")
    func writeConfig() throws {
        let tmp = TempDir()
        Exec.git(["init", "-q", "-b", "main"], in: tmp.path)
        let db = tmp.path + "/db.sqlite"
        let first = Exec.run(Exec.binary, ["--db", db, "init", "--write-config", "--json"], cwd: tmp.path)
        #expect((first.json as! [String: Any])["config_written"] as? String == tmp.path + "/.autoheal.yml")
        let written = try String(contentsOfFile: tmp.path + "/.autoheal.yml", encoding: .utf8)
        let again = Exec.run(Exec.binary, ["--db", db, "init", "--write-config", "--json"], cwd: tmp.path)
        #expect((again.json as! [String: Any])["config_written"] is NSNull)
        #expect(try String(contentsOfFile: tmp.path + "/.autoheal.yml", encoding: .utf8) == written)
        // In text, a kept file is said to be kept (it was silent: had it been written?).
        #expect(Exec.run(Exec.binary, ["--db", db, "init", "--write-config"], cwd: tmp.path).out
                    .contains("kept \(tmp.path)/.autoheal.yml: it exists"))
        let withFile = Exec.run(Exec.binary, ["--db", db, "config", "--json"], cwd: tmp.path).json as! [String: Any]
        let defaults = Exec.run(Exec.binary, ["--db", db, "config", "--json"], cwd: NSTemporaryDirectory()).json as! [String: Any]
        #expect((withFile["clocks"] as! NSDictionary).isEqual(to: defaults["clocks"] as! [AnyHashable: Any]))
        #expect((withFile["sources"] as! [String]).count == 2)
        #expect(Exec.run(Exec.binary, ["--db", db, "init", "--write-config"], cwd: NSTemporaryDirectory()).code == 64)
        // The usage error came after the ledger was created.
        let fresh = tmp.path + "/fresh.sqlite"
        let outside = TempDir()
        #expect(Exec.run(Exec.binary, ["--db", fresh, "init", "--write-config"], cwd: outside.path).code == 64)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // The text form names every setting in force: the default branch and the agent's timeout were left out.
        try "default_branch: trunk\nagent:\n  preset: codex\n  timeout: 7m\n".write(toFile: tmp.path + "/.autoheal.yml", atomically: true, encoding: .utf8)
        let text = Exec.run(Exec.binary, ["--db", db, "config"], cwd: tmp.path).out
        #expect(text.contains("default branch: trunk") && text.contains("timeout 7m"), "\(text)")
    }

    @Test("The demo closes the loop: clocks, link, drafted fix, landing, MTTP of 3 days, review and report")
    func demo() throws {
        let ws = Workspace()
        let r = ws.autoheal(["demo", "--dir", ws.dir.path + "/demo"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("17m") && r.out.contains("51m") && r.out.contains("hidden investigation: 30m"))
        #expect(r.out.contains("INC-REAL linked by commit"))
        #expect(r.out.contains("landed   INC-REAL"))
        #expect(r.out.contains("prevention  landed after 3d00h"))
        #expect(r.out.contains("checkout") && r.out.contains("payments"))
        let show = ws.autoheal(["show", "INC-REAL", "--json"]).json as! [String: Any]
        let prevention = (show["clocks"] as! [String: Any])["prevention"] as! [String: Any]
        #expect(prevention["seconds"] as? Int == 3 * 86_400)
        // The drafted fix carries the trailer in the sample repository.
        let log = Exec.git(["log", "--format=%(trailers:key=Prevents,valueonly)", "main"], in: ws.dir.path + "/demo/shop").out
        #expect(log.contains("INC-REAL"))
        // A second demo into the same database imports nothing new and runs again.
        let again = ws.autoheal(["demo", "--dir", ws.dir.path + "/demo2"])
        #expect(again.code == 0, "\(again.err)")
        #expect(again.out.contains("(0 new, 1040 duplicates)"))
        #expect(ws.autoheal(["demo", "--dir", ws.dir.path + "/demo"]).code == 64)
        // Never into a real ledger (it would gain a hundred sample incidents for good), nor a used folder.
        #expect(ws.autoheal(["import", "-"], stdin: #"{"incident":"OPS-1","type":"alert.fired","at":"2026-11-01T00:00:00Z","service":"api"}"# + "\n").code == 0)
        let real = ws.autoheal(["demo", "--dir", ws.dir.path + "/demo3"])
        #expect(real.code == 64)
        #expect(real.err.contains("holds other incidents (OPS-1)"), "\(real.err)")
        try "x".write(toFile: ws.dir.path + "/used", atomically: true, encoding: .utf8)
        #expect(Exec.run(Exec.binary, ["demo", "--dir", ws.dir.path]).code == 64)
        // Relative --dir and --db are taken from -C, as every other command takes its paths (they were
        // taken from the directory autoheal was started in).
        let work = ws.dir.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let relative = Exec.run(Exec.binary, ["-C", work, "--db", "x.sqlite", "demo", "--dir", "d"], cwd: ws.dir.path)
        #expect(relative.code == 0, "\(relative.err)")
        #expect(FileManager.default.fileExists(atPath: work + "/d/shop") && FileManager.default.fileExists(atPath: work + "/x.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.path + "/d"))
    }
}
