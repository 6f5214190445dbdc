import Foundation
import Testing

@Suite("Bad input: exit 65, a located message, and nothing written")
struct BadInputTests {
    static let good = #"{"id":"g-1","incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}"#

    /// Each class of bad input, the line it is on, and words the message must contain.
    static let cases: [(name: String, text: String, line: Int, words: String)] = [
        ("malformed JSON", good + "\n{\"incident\": \"INC-1\", \"type\": }\n", 2, "unexpected character"),
        ("missing incident", good + "\n" + #"{"type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"x"}"#, 2, "missing required field \"incident\""),
        ("missing type", good + "\n\n" + #"{"incident":"INC-1","at":"2026-11-03T02:00:00Z"}"#, 3, "missing required field \"type\""),
        ("missing at", #"{"incident":"INC-1","type":"alert.fired","service":"x"}"#, 1, "missing required field \"at\""),
        ("zone-less time", good + "\n" + #"{"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:00:00"}"#, 2, "no zone offset"),
        ("malformed time", #"{"incident":"INC-1","type":"page.sent","at":"03/11/2026","service":"x"}"#, 1, "not RFC 3339"),
        // A time on 30 February, or at 25:00, was "not RFC 3339 (want e.g. …)", which it is in form.
        ("a time on no calendar day", good + "\n" + #"{"incident":"INC-1","type":"page.sent","at":"2026-02-30T00:00:00Z"}"#, 2, "time \"2026-02-30T00:00:00Z\" is on no day of the calendar"),
        ("a time at no time of day", good + "\n" + #"{"incident":"INC-1","type":"page.sent","at":"2026-02-03T25:00:00Z"}"#, 2, "time \"2026-02-03T25:00:00Z\" is no time of day"),
        ("unknown type", good + "\n" + #"{"incident":"INC-1","type":"alert.exploded","at":"2026-11-03T02:00:00Z"}"#, 2, "unknown event type \"alert.exploded\""),
        ("declared without severity", good + "\n" + #"{"incident":"INC-1","type":"incident.declared","at":"2026-11-03T02:05:00Z"}"#, 2, "needs a \"severity\""),
        ("attrs not an object", good + "\n" + #"{"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:05:00Z","attrs":[1]}"#, 2, "\"attrs\" must be an object"),
        ("wrong field type", #"{"incident":7,"type":"page.sent","at":"2026-11-03T02:05:00Z"}"#, 1, "\"incident\" must be a string"),
        ("unknown field", #"{"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:05:00Z","servce":"x"}"#, 1, "unknown field \"servce\""),
        ("not an object", good + "\n[1,2]\n", 2, "must be a JSON object"),
        ("no service on any event", good + "\n" + #"{"incident":"INC-2","type":"alert.fired","at":"2026-11-03T02:00:00Z"}"#, 2, "INC-2 has no \"service\""),
        ("array with a bad element", "[\n" + good + ",\n" + #"{"incident":"INC-1","type":"nope","at":"2026-11-03T02:00:00Z"}"# + "\n]", 3, "unknown event type"),
        ("two objects on one line", good + " " + good, 1, "one JSON object per line"),
        // Numbers are doubles: an id past 2^53 would become another id (and past 2^63 it crashed).
        ("id past 2^53", good + "\n" + #"{"id":9007199254740993,"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:05:00Z"}"#, 2, "send it as a string"),
        ("id past 2^63", #"{"id":9223372036854775807,"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"x"}"#, 1, "not an integer below 2^53"),
        ("fractional id", #"{"id":1.5,"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"x"}"#, 1, "send it as a string"),
        ("id of 1e30", #"{"id":1e30,"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"x"}"#, 1, "send it as a string"),
        ("a bare x- type", #"{"incident":"INC-1","type":"x-","at":"2026-11-03T02:00:00Z","service":"x"}"#, 1, "needs a name after the \"x-\""),
        // A landing time comes from the repository, never from what someone typed (MISSION); the
        // contract lists these as the events autoheal writes itself.
        ("a landing typed in", good + "\n" + #"{"incident":"INC-1","type":"prevention.landed","at":"2026-11-03T02:05:00Z"}"#, 2, "prevention.landed is recorded by autoheal itself"),
        ("a link typed in", good + "\n" + #"{"incident":"INC-1","type":"rootcause.linked","at":"2026-11-03T02:05:00Z","attrs":{"method":"fix"}}"#, 2, "recorded by autoheal itself"),
        // A time past the year 9999 in UTC was stored and then written back as "10000-01-01T…", which
        // autoheal itself refused; year 0 likewise.
        ("a time past year 9999 in UTC", good + "\n" + #"{"incident":"INC-1","type":"page.sent","at":"9999-12-31T23:59:59-23:59"}"#, 2, "outside the years 0001–9999"),
        ("year 0", good + "\n" + #"{"incident":"INC-1","type":"page.sent","at":"0000-01-01T00:00:00Z"}"#, 2, "outside the years 0001–9999"),
        // "false" as a string read as watched, silently dropping the friendlier detection reading.
        ("watched not a boolean", good + "\n" + #"{"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:05:00Z","attrs":{"watched":"false"}}"#, 2, "attrs.watched must be true or false"),
        // A truncated last line was reported on the line after it; an object split over two lines was taken.
        ("truncated line", #"{"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"x""# + "\n", 1, "does not end on it"),
        ("object over two lines", #"{"incident":"INC-1","type":"alert.fired""# + "\n" + #","at":"2026-11-03T02:00:00Z","service":"x"}"#, 1, "NDJSON is one object a line"),
        ("number out of range", good + "\n" + #"{"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:05:00Z","attrs":{"score":1e400}}"#, 2, "number out of range"),
        // Incident ids that print like another (or like nothing) made a second incident that `incidents`
        // showed exactly as the first, while "" was refused.
        ("incident id of spaces", good + "\n" + #"{"incident":"  ","type":"alert.fired","at":"2026-11-03T02:05:00Z","service":"x"}"#, 2, "field \"incident\" is only whitespace"),
        ("incident id of a no-break space", #"{"incident":"\u00a0","type":"alert.fired","at":"2026-11-03T02:05:00Z","service":"x"}"#, 1, "is only whitespace (\"\\u{A0}\")"),
        ("incident id ending in a space", good + "\n" + #"{"incident":"INC-1 ","type":"page.sent","at":"2026-11-03T02:05:00Z"}"#, 2, "field \"incident\" ends with whitespace (\"INC-1 \"), which an id would print without: send \"INC-1\""),
        ("incident id starting with a tab-like space", #"{"incident":"\u2003INC-1","type":"alert.fired","at":"2026-11-03T02:05:00Z","service":"x"}"#, 1, "begins with whitespace"),
        ("incident id with a zero-width space", good + "\n" + #"{"incident":"INC\u200b-1","type":"page.sent","at":"2026-11-03T02:05:00Z"}"#, 2, "holds U+200B (ZERO WIDTH SPACE), which does not show as itself (\"INC\\u{200B}-1\")"),
        ("incident id with a no-break space inside", #"{"incident":"INC\u00a01","type":"alert.fired","at":"2026-11-03T02:05:00Z","service":"x"}"#, 1, "holds U+00A0 (NO-BREAK SPACE)"),
        ("incident id with a byte-order mark", #"{"incident":"\ufeffINC-1","type":"alert.fired","at":"2026-11-03T02:05:00Z","service":"x"}"#, 1, "holds U+FEFF"),
        ("incident id with a C1 control", #"{"incident":"INC-1\u0085x","type":"alert.fired","at":"2026-11-03T02:05:00Z","service":"x"}"#, 1, "holds U+0085"),
        // JSON numbers follow RFC 8259: `01` is not JSON (it was read as 1), and 1e-400 was read as 0 —
        // another id.
        ("a leading zero", good + "\n" + #"{"id":01,"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:05:00Z"}"#, 2, "invalid number 01: JSON numbers have no leading zeros"),
        ("a negative leading zero", #"{"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:05:00Z","service":"x","attrs":{"n":-007}}"#, 1, "no leading zeros"),
        ("an id that underflows to 0", good + "\n" + #"{"id":1e-400,"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:05:00Z"}"#, 2, "number out of range: 1e-400 is too close to zero"),
    ]

    @Test("Each class of bad input is refused whole", arguments: cases.indices)
    func refused(index: Int) throws {
        let c = Self.cases[index]
        let ws = Workspace()
        // A valid earlier import, so "nothing written" is checked against a non-empty ledger.
        #expect(ws.autoheal(["import", "-"], stdin: #"{"id":"pre-1","incident":"INC-0","type":"alert.fired","at":"2026-11-01T00:00:00Z","service":"s"}"#).code == 0)
        let file = ws.dir.write("bad.ndjson", c.text)
        let r = ws.autoheal(["import", file])
        #expect(r.code == 65, "\(c.name): \(r.err)")
        #expect(r.err.hasPrefix("autoheal: \(file):\(c.line): "), "\(c.name): \(r.err)")
        #expect(r.err.contains(c.words), "\(c.name): \(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "one line: \(r.err)")
        #expect(r.out.isEmpty)
        #expect(ws.eventCount() == 1, "\(c.name): nothing from the bad run may be written")
    }

    /// Bytes that are not UTF-8 were taken in with U+FFFD in their place, so `INC-\xff` and `INC-\xfe`
    /// became one incident.
    @Test("Bytes that are not UTF-8 are refused with their line")
    func invalidUTF8() throws {
        let ws = Workspace()
        let path = ws.dir.path + "/latin1.ndjson"
        var bytes = Data((Self.good + "\n").utf8)
        bytes += Data(#"{"incident":"INC-"#.utf8) + Data([0xFF]) + Data(#"","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"a"}"#.utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        let r = ws.autoheal(["import", path])
        #expect(r.code == 65, "\(r.err)")
        #expect(r.err == "autoheal: \(path):2: invalid UTF-8 in string\n")
        #expect(ws.eventCount() == 0)
    }

    /// A failed import created the ledger it was pointed at (files and all), so a mistyped --db then
    /// read as an empty ledger with exit 0 — what the missing-ledger check exists to prevent.
    @Test("A failed import into a new ledger leaves no ledger behind; an existing one is kept")
    func failedImportCreatesNoLedger() {
        let ws = Workspace()
        let file = ws.dir.write("bad.ndjson", "not json\n")
        let r = ws.autoheal(["import", file])
        #expect(r.code == 65)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: ws.dir.path).filter { $0.hasPrefix("ledger.sqlite") }) ?? ["?"]
        #expect(left.isEmpty, "\(left)")
        #expect(ws.autoheal(["report"]).code == 1, "the missing ledger is still missing")
        // An empty file named as the ledger is none either: reading it made it one.
        let empty = ws.dir.write("empty.sqlite", "")
        #expect(Exec.run(Exec.binary, ["--db", empty, "report"], cwd: ws.dir.path).code == 1)
        #expect((try? FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int) == 0, "left as it was")
        let nested = ws.dir.path + "/new/sub/ledger.sqlite"
        #expect(Exec.run(Exec.binary, ["--db", nested, "import", file], cwd: ws.dir.path).code == 65)
        #expect(!FileManager.default.fileExists(atPath: ws.dir.path + "/new"), "nor the folders it would have lived in")
        #expect(ws.autoheal(["import", "-"], stdin: Self.good).code == 0)
        #expect(ws.autoheal(["import", file]).code == 65)
        #expect(ws.eventCount() == 1, "an existing ledger stays")
    }

    /// A small tmpfs mounted at `<workspace>/disk` (the caller unmounts it), or nil where mounting is
    /// not allowed (not root): the tests that need one then skip.
    static func mountTmpfs(in ws: Workspace, size: String) -> String? {
        let disk = ws.dir.path + "/disk"
        try? FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        return Exec.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", disk]).code == 0 ? disk : nil
    }

    /// On a full disk the new ledger failed half-way through being set up, could not be opened to see
    /// that it was empty, and was left behind; once space was freed, reads took it for an empty ledger.
    @Test("An import that fails on a full disk leaves no ledger behind (skipped where tmpfs cannot be mounted)")
    func fullDiskLeavesNoLedger() {
        let ws = Workspace()
        guard let disk = Self.mountTmpfs(in: ws, size: "256k") else { return }
        defer { _ = Exec.run("/bin/umount", [disk]) }
        let events = ws.dir.write("good.ndjson", Self.good + "\n")
        var failures = 0
        // How much room setting the ledger up needs varies; somewhere in this range it runs out.
        for filler in stride(from: 200, through: 248, by: 8) {
            _ = Exec.run("/bin/sh", ["-c", "rm -f \"$0\"/*; head -c \"$1\"k /dev/zero > \"$0\"/filler", disk, String(filler)])
            let r = Exec.run(Exec.binary, ["--db", disk + "/new.sqlite", "import", events], cwd: ws.dir.path)
            guard r.code != 0 else { continue }
            failures += 1
            #expect(r.err.split(separator: "\n").count == 1, "one line: \(r.err)")
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: disk)) ?? []).filter { $0.hasPrefix("new.sqlite") }
            #expect(left.isEmpty, "filler \(filler)k left \(left): \(r.err)")
        }
        #expect(failures > 0, "the disk never filled up")
    }

    /// A ledger on read-only storage whose log files were gone (a backup copy, a checkpointed ledger)
    /// could not be read at all: opening it tried to create them ("unable to open database file").
    @Test("A ledger on read-only storage, without its log files, is read; writing to it fails in one line (skipped where tmpfs cannot be mounted)")
    func readOnlyLedger() {
        let ws = Workspace()
        guard let disk = Self.mountTmpfs(in: ws, size: "4m") else { return }
        defer { _ = Exec.run("/bin/umount", [disk]) }
        let db = disk + "/ledger.sqlite"
        #expect(Exec.run(Exec.binary, ["--db", db, "import", "-"], stdin: Self.good).code == 0)
        // The log checkpointed into the ledger and its files removed, as a copy made with `.backup` has none.
        #expect(Exec.run("/usr/bin/sqlite3", [db, "PRAGMA wal_checkpoint(TRUNCATE);"]).code == 0)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        #expect(Exec.run("/bin/mount", ["-o", "remount,ro", disk]).code == 0)
        let read = Exec.run(Exec.binary, ["--db", db, "incidents", "--json"])
        #expect(read.code == 0, "\(read.err)")
        #expect(read.out.contains("INC-1"), "\(read.out)")
        #expect(Exec.run(Exec.binary, ["--db", db, "report"]).code == 0)
        let write = Exec.run(Exec.binary, ["--db", db, "import", "-"], stdin: Self.good.replacingOccurrences(of: "1", with: "2"))
        #expect(write.code != 0 && write.err.split(separator: "\n").count == 1, "\(write.err)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: disk)) ?? []
        #expect(left == ["ledger.sqlite"], "nothing written beside it: \(left)")
    }

    /// Files were read with `FileManager.contents(atPath:)`, which gives nothing for a pipe: `import
    /// <(…)`, `import /dev/stdin` and `link --batch <(…)` failed with "cannot read".
    @Test("import reads a pipe named as a file (/dev/stdin, process substitution)")
    func importFromAPipe() {
        let ws = Workspace()
        let file = ws.dir.write("good.ndjson", Self.good + "\n")
        // Through a real pipe (the test harness hands stdin over as a file).
        let r = Exec.run("/bin/sh", ["-c", #"cat "$1" | "$0" --db "$2" import /dev/stdin"#, Exec.binary, file, ws.db])
        #expect(r.code == 0, "\(r.err)")
        #expect(ws.eventCount() == 1)
        let fifo = ws.dir.path + "/events.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let named = Exec.run("/bin/sh", ["-c", #"cat "$1" > "$3" & "$0" --db "$2" import "$3""#, Exec.binary, file, ws.db, fifo])
        #expect(named.code == 0, "a named pipe: \(named.err)")
    }

    /// Error messages echoed input raw: `no such incident: INC-‮1` reversed the rest of the line.
    @Test("Error messages write the input they echo visibly")
    func errorsEchoInputVisibly() {
        let ws = Workspace()
        #expect(ws.autoheal(["import", "-"], stdin: Self.good).code == 0)
        let r = ws.autoheal(["show", "INC-\u{202E}1\u{1B}[2J"])
        #expect(r.code == 1)
        #expect(r.err == "autoheal: no such incident: INC-\\u{202E}1\\u{1B}[2J (autoheal incidents lists them)\n", "\(r.err)")
    }

    @Test("A good file and a bad file in one run write nothing")
    func allOrNothingAcrossFiles() {
        let ws = Workspace()
        let good = ws.dir.write("good.ndjson", Self.good)
        let bad = ws.dir.write("bad.ndjson", #"{"incident":"INC-1","type":"page.sent","at":"2026-11-03T02:00:00"}"#)
        let r = ws.autoheal(["import", good, bad])
        #expect(r.code == 65)
        #expect(r.err.contains("bad.ndjson:1:"))
        #expect(ws.eventCount() == 0)
    }

    @Test("An id re-sent with different content is a conflict; the ledger keeps the original")
    func conflict() {
        let ws = Workspace()
        #expect(ws.autoheal(["import", "-"], stdin: Self.good).code == 0)
        let changed = Self.good.replacingOccurrences(of: "02:00:00Z", with: "02:01:00Z")
        let file = ws.dir.write("changed.ndjson", #"{"id":"g-2","incident":"INC-1","type":"page.sent","at":"2026-11-03T02:00:00Z"}"# + "\n" + changed)
        let r = ws.autoheal(["import", file])
        #expect(r.code == 65)
        #expect(r.err.contains("changed.ndjson:2: event id \"g-1\" was already imported with different content"), "\(r.err)")
        #expect(ws.eventCount() == 1)
    }

    /// Without an id, an event is identified by its incident, type, time, source and attrs: one that
    /// differs only in service or severity was dropped as a duplicate, taking the incident's only
    /// service with it. It is a conflict, in one run or against the ledger, and nothing is written.
    @Test("An id-less event repeated with another service or severity is a conflict")
    func idlessConflict() {
        let ws = Workspace()
        let bare = #"{"incident":"NS","type":"alert.fired","at":"2026-11-03T02:00:00Z"}"#
        let withService = #"{"incident":"NS","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}"#
        let file = ws.dir.write("twice.ndjson", bare + "\n" + withService + "\n")
        let r = ws.autoheal(["import", file])
        #expect(r.code == 65)
        #expect(r.err == "autoheal: \(file):2: the same event as \(file):1 (same incident, type, time, source and attrs) but with another service or severity; send it once, or give each an \"id\"\n", "\(r.err)")
        #expect(ws.eventCount() == 0)

        let declared = #"{"incident":"D","type":"incident.declared","at":"2026-11-03T02:00:00Z","service":"api","severity":"SEV2"}"#
        #expect(ws.autoheal(["import", "-"], stdin: declared).code == 0)
        let again = ws.autoheal(["import", "-"], stdin: declared.replacingOccurrences(of: "SEV2", with: "SEV1"))
        #expect(again.code == 65)
        #expect(again.err.contains("-:1: the same event as an event already imported"), "\(again.err)")
        #expect(ws.autoheal(["import", "-"], stdin: declared).out.contains("(0 new, 1 duplicate)"))
        #expect(ws.eventCount() == 1)
    }

    /// Within one file the first use is not "already imported": the message points at it.
    @Test("An id used twice with different content in one run names its first use")
    func conflictWithinOneRun() {
        let ws = Workspace()
        let changed = Self.good.replacingOccurrences(of: "02:00:00Z", with: "02:01:00Z")
        let file = ws.dir.write("twice.ndjson", Self.good + "\n" + changed + "\n")
        let r = ws.autoheal(["import", file])
        #expect(r.code == 65)
        #expect(r.err == "autoheal: \(file):2: event id \"g-1\" is used again with different content (first at \(file):1)\n", "\(r.err)")
        #expect(ws.eventCount() == 0)
    }

    @Test("A missing file is bad input")
    func missingFile() {
        let ws = Workspace()
        let r = ws.autoheal(["import", ws.dir.path + "/nope.ndjson"])
        #expect(r.code == 65)
        #expect(r.err.contains("nope.ndjson"))
    }

    @Test("x- extension types are stored and ignored")
    func extensionTypes() {
        let ws = Workspace()
        let text = Self.good + "\n" + #"{"incident":"INC-1","type":"x-deploy.started","at":"2026-11-03T01:00:00Z","attrs":{"sha":"abc"}}"#
        #expect(ws.autoheal(["import", "-"], stdin: text).code == 0)
        #expect(ws.eventCount() == 2)
        let doc = ws.autoheal(["show", "INC-1", "--json"]).json as! [String: Any]
        let det = (doc["clocks"] as! [String: Any])["detection"] as! [String: Any]
        #expect((det["start"] as! [String: Any])["type"] as? String == "alert.fired")
    }
}
