import Foundation
import Testing

/// Files named as input that cannot be read, ledgers that cannot be written, and a default ledger that
/// does not exist yet.
@Suite("Input files and ledgers: the reason, the path, and nothing created")
struct InputAndLedgerTests {
    static let good = #"{"id":"g-1","incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}"#

    /// Every unreadable file said "cannot read the file (does it exist?)" — a directory too — and
    /// `--stack` gave no reason at all.
    @Test("A file that cannot be read is refused with the system's reason")
    func unreadableFilesSayWhy() {
        let ws = Workspace()
        try? FileManager.default.createDirectory(atPath: ws.dir.path + "/folder", withIntermediateDirectories: true)
        let dir = ws.autoheal(["import", "folder"])
        #expect(dir.code == 65)
        #expect(dir.err == "autoheal: folder: cannot read: Is a directory\n", "\(dir.err)")
        let missing = ws.autoheal(["import", "nope.ndjson"])
        #expect(missing.code == 65)
        #expect(missing.err == "autoheal: nope.ndjson: cannot read: No such file or directory\n", "\(missing.err)")
        #expect(!FileManager.default.fileExists(atPath: ws.db), "nothing created")

        let r = FixRepo()
        let stack = r.autoheal(["link", "INC-7", "--stack", "trace.txt"])
        #expect(stack.code == 65)
        #expect(stack.err == "autoheal: cannot read stack trace trace.txt: No such file or directory\n", "\(stack.err)")
        let batch = r.autoheal(["link", "--batch", r.dir.path])
        #expect(batch.code == 65)
        #expect(batch.err == "autoheal: cannot read batch file \(r.dir.path): Is a directory\n", "\(batch.err)")
    }

    /// With `-C DIR`, a relative path is read from DIR, but messages named it as typed — a file the
    /// user's shell would look for elsewhere.
    @Test("After -C, messages name a relative input file by the path it was read from")
    func pathsAfterDashC() {
        let ws = Workspace()
        let shop = ws.dir.path + "/shop"
        ws.dir.write("shop/bad/x.ndjson", Self.good + "\n" + #"{"incident":"INC-1","type":"nope","at":"2026-11-03T02:00:00Z"}"# + "\n")
        let missing = ws.autoheal(["-C", "shop", "import", "bad/missing.ndjson"])
        #expect(missing.code == 65)
        #expect(missing.err == "autoheal: \(shop)/bad/missing.ndjson: cannot read: No such file or directory\n", "\(missing.err)")
        let bad = ws.autoheal(["-C", "shop", "import", "bad/x.ndjson"])
        #expect(bad.code == 65)
        #expect(bad.err.hasPrefix("autoheal: \(shop)/bad/x.ndjson:2: unknown event type"), "\(bad.err)")
        // Without -C, the path as typed.
        let plain = ws.autoheal(["import", "shop/bad/x.ndjson"])
        #expect(plain.err.hasPrefix("autoheal: shop/bad/x.ndjson:2: "), "\(plain.err)")

        let r = FixRepo()
        let stack = r.autoheal(["-C", "repo", "link", "INC-7", "--stack", "trace.txt"], cwd: r.dir.path)
        #expect(stack.code == 65)
        #expect(stack.err == "autoheal: cannot read stack trace \(r.repo)/trace.txt: No such file or directory\n", "\(stack.err)")
        r.write("lines.ndjson", "{\"incident\":\"INC-7\",\"fixx\":\"HEAD\"}\n")
        let batch = r.autoheal(["-C", "repo", "link", "--batch", "lines.ndjson"], cwd: r.dir.path)
        #expect(batch.code == 65)
        #expect(batch.err.hasPrefix("autoheal: \(r.repo)/lines.ndjson:1: unknown key \"fixx\""), "\(batch.err)")
    }

    /// On read-only storage import said "database: appending an event: attempt to write a readonly
    /// database": no path, and "appending" read like a partial write.
    @Test("Importing into a ledger on read-only storage names it and says nothing was imported (skipped where tmpfs cannot be mounted)")
    func readOnlyLedgerIsNamed() {
        let ws = Workspace()
        guard let disk = BadInputTests.mountTmpfs(in: ws, size: "4m") else { return }
        defer { _ = Exec.run("/bin/umount", [disk]) }
        let db = disk + "/ledger.sqlite", other = disk + "/other.sqlite"
        #expect(Exec.run(Exec.binary, ["--db", db, "import", "-"], stdin: Self.good).code == 0)
        // A second ledger checkpointed, its log files gone (as a backup copy has none).
        #expect(Exec.run(Exec.binary, ["--db", other, "import", "-"], stdin: Self.good).code == 0)
        #expect(Exec.run("/usr/bin/sqlite3", [other, "PRAGMA wal_checkpoint(TRUNCATE);"]).code == 0)
        #expect(Exec.run("/bin/mount", ["-o", "remount,ro", disk]).code == 0)
        let second = Self.good.replacingOccurrences(of: "-1\"", with: "-2\"")
        for ledger in [db, other] {
            let r = Exec.run(Exec.binary, ["--db", ledger, "import", "-"], stdin: second)
            #expect(r.code == 1)
            #expect(r.err == "autoheal: the ledger \(ledger) is on read-only storage: nothing was imported\n", "\(r.err)")
        }
        let waive = Exec.run(Exec.binary, ["--db", db, "waive", "INC-1", "--reason", "not worth it"])
        #expect(waive.code == 1)
        #expect(waive.err == "autoheal: the ledger \(db) is on read-only storage: nothing was written\n", "\(waive.err)")
        let new = Exec.run(Exec.binary, ["--db", disk + "/new.sqlite", "import", "-"], stdin: Self.good)
        #expect(new.code == 1)
        #expect(new.err == "autoheal: the ledger \(disk)/new.sqlite cannot be created (its folder is on read-only storage): nothing was imported\n", "\(new.err)")
        #expect(Exec.run(Exec.binary, ["--db", db, "incidents"]).out.contains("INC-1"), "still read")
    }

    /// A full disk said `database: committing: database or disk is full`: no ledger named, and
    /// "committing" read as if part of the import might have been.
    @Test("A write to a ledger whose disk is full names it and says nothing was written (skipped where tmpfs cannot be mounted)")
    func fullDiskLedgerIsNamed() {
        let ws = Workspace()
        guard let disk = BadInputTests.mountTmpfs(in: ws, size: "1m") else { return }
        defer { _ = Exec.run("/bin/umount", [disk]) }
        let db = disk + "/ledger.sqlite"
        #expect(Exec.run(Exec.binary, ["--db", db, "import", "-"], stdin: Self.good).code == 0)
        _ = Exec.run("/bin/dd", ["if=/dev/zero", "of=\(disk)/filler", "bs=4k"])
        let many = (0..<3000).map { #"{"incident":"INC-\#($0)","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}"# }
        let r = Exec.run(Exec.binary, ["--db", db, "import", "-"], stdin: many.joined(separator: "\n"))
        #expect(r.code == 1)
        #expect(r.err == "autoheal: the ledger \(db) cannot grow: its disk is full (database or disk is full): nothing was imported\n", "\(r.err)")
        let waive = Exec.run(Exec.binary, ["--db", db, "waive", "INC-1", "--reason", String(repeating: "not worth it ", count: 400)])
        #expect(waive.code == 1)
        #expect(waive.err == "autoheal: the ledger \(db) cannot grow: its disk is full (database or disk is full): nothing was written\n", "\(waive.err)")
        #expect(Exec.run(Exec.binary, ["--db", db, "incidents"]).out.contains("INC-1"), "still read")
    }

    /// `clocks INC` in a repository whose ledger was elsewhere (the demo's) said "no such incident"
    /// and left an empty ledger in `.git/autoheal`, which every later command then read.
    @Test("Reading commands do not create the default ledger, and say where they looked")
    func readingCreatesNoDefaultLedger() throws {
        let tmp = TempDir()
        let repo = tmp.path + "/repo"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        Exec.git(["init", "-q", "-b", "main"], in: repo)
        Exec.git(["commit", "-q", "--allow-empty", "-m", "init"], in: repo)
        let env = ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"]
        let ledger = repo + "/.git/autoheal/autoheal.sqlite"
        for command in [["clocks", "INC-7"], ["show", "INC-7"], ["waive", "INC-7", "--reason", "x"], ["link", "INC-7", "--fix", "HEAD"]] {
            let r = Exec.run(Exec.binary, command, cwd: repo, env: env)
            #expect(r.code == 1, "\(command): \(r.err)")
            #expect(r.err == "autoheal: no such incident: INC-7 (no ledger at \(ledger) yet: nothing was imported there; --db reads another)\n", "\(command): \(r.err)")
        }
        for command in [["incidents", "--json"], ["review", "--json"], ["report", "--json"], ["incidents"]] {
            let r = Exec.run(Exec.binary, command, cwd: repo, env: env)
            #expect(r.code == 0, "\(command): \(r.err)")
        }
        #expect((Exec.run(Exec.binary, ["incidents", "--json"], cwd: repo, env: env).json as? [String: Any])?["incidents"] as? [Any] != nil)
        let mcp = Exec.run(Exec.binary, ["mcp"], cwd: repo, stdin: #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_open_prevention","arguments":{}}}"# + "\n", env: env)
        #expect(mcp.out.contains(#""items":[]"#), "\(mcp.out)")
        // A tool call cannot pass --db: the MCP answer says how the server is started to read another.
        let mcpMissing = Exec.run(Exec.binary, ["mcp"], cwd: repo, stdin: #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_incident","arguments":{"incident":"INC-7"}}}"# + "\n", env: env)
        #expect(mcpMissing.out.contains("no such incident: INC-7 (no ledger at \(ledger) yet: nothing was imported there; the server reads the ledger it was started with; start it as autoheal mcp --db PATH to read another)"), "\(mcpMissing.out)")
        #expect(!mcpMissing.out.contains("--db reads another"), "\(mcpMissing.out)")
        #expect(!FileManager.default.fileExists(atPath: ledger), "a command that only reads created the ledger")
        // The first import creates it, and then it is read.
        #expect(Exec.run(Exec.binary, ["import", "-"], cwd: repo, stdin: Self.good, env: env).code == 0)
        #expect(FileManager.default.fileExists(atPath: ledger))
        let missing = Exec.run(Exec.binary, ["show", "INC-7"], cwd: repo, env: env)
        #expect(missing.err == "autoheal: no such incident: INC-7 (autoheal incidents lists them)\n", "\(missing.err)")
    }

    /// The README showed the native event wrapped over two lines, which `import` refuses as NDJSON.
    @Test("The README's event example imports as written")
    func readmeEventExampleImports() throws {
        let readme = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md").path, encoding: .utf8)
        let events = try #require(readme.range(of: "\n## Events\n"))
        let rest = readme[events.upperBound...]
        let open = try #require(rest.range(of: "```json\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        let example = String(rest[open.upperBound..<close.lowerBound])
        let ws = Workspace()
        let r = ws.autoheal(["import", ws.dir.write("example.ndjson", example)])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == "imported 1 event (1 new, 0 duplicates) for 1 incident\n", "\(r.out)")
    }
}
