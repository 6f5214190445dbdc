import AutohealCore
import AutohealImport
import AutohealStore
import Foundation
import Testing

/// A temporary directory removed when the value is released.
final class TempDir {
    let path: String

    init() {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("autoheal-test-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        path = p
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file (creating folders) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }
}

/// The result of running a command.
struct Run {
    var code: Int32
    var out: String
    var err: String

    /// The stdout parsed as JSON.
    var json: Any { try! JSONSerialization.jsonObject(with: Data(out.utf8)) }
    /// The `path` of each code path a `link --json` run printed.
    var linkedPaths: [String?]? { ((json as? [String: Any])?["paths"] as? [[String: Any]])?.map { $0["path"] as? String } }
}

/// Runs the real `autoheal` binary and other programs, as a user would.
enum Exec {
    /// The `autoheal` binary built beside the test bundle (or `$AUTOHEAL_BIN`).
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["AUTOHEAL_BIN"] { return b }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let p = candidate.appendingPathComponent("autoheal").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return dir.appendingPathComponent("autoheal").path
    }

    /// Runs `executable` with `args`; stdout/stderr go through files so nothing can deadlock.
    static func run(_ executable: String, _ args: [String], cwd: String? = nil, stdin: String? = nil,
                    env: [String: String] = [:]) -> Run {
        let tmp = TempDir()
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["HOME"] = environment["AUTOHEAL_TEST_HOME"] ?? tmp.path
        for (k, v) in env { environment[k] = v }
        let outPath = tmp.path + "/out", errPath = tmp.path + "/err", inPath = tmp.path + "/in"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))
        // "Text file busy": a file this test process just wrote (a copied binary, a script) can still be
        // open for writing in a child another test spawned at that moment, which inherited the descriptor
        // and ends soon. Tried again, with a new process, for up to two seconds.
        var p = Process()
        for attempt in 1... {
            p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = args
            if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
            p.environment = environment
            p.standardOutput = FileHandle(forWritingAtPath: outPath)
            p.standardError = FileHandle(forWritingAtPath: errPath)
            p.standardInput = FileHandle(forReadingAtPath: inPath)
            do { try p.run(); break } catch {
                // Foundation wraps the errno: NSCocoaErrorDomain 256 with an NSPOSIXErrorDomain underlying error.
                let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError ?? (error as NSError)
                let busy = underlying.domain == NSPOSIXErrorDomain && underlying.code == Int(ETXTBSY)
                guard busy, attempt < 40 else { return Run(code: -1, out: "", err: "cannot run \(executable): \(error)") }
                usleep(50_000)
            }
        }
        p.waitUntilExit()
        return Run(code: p.terminationStatus,
                   out: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                   err: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Runs `git` with a fixed identity and no system config.
    @discardableResult
    static func git(_ args: [String], in dir: String, env: [String: String] = [:], stdin: String? = nil) -> Run {
        var e = ["GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                 "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"]
        for (k, v) in env { e[k] = v }
        let r = run("/usr/bin/git", args, cwd: dir, stdin: stdin, env: e)
        precondition(r.code == 0, "git \(args.joined(separator: " ")) failed: \(r.err)")
        return r
    }
}

/// A workspace with its own database, running `autoheal` against it.
final class Workspace {
    let dir = TempDir()
    var db: String { dir.path + "/ledger.sqlite" }

    /// Runs `autoheal --db <db> args…` in the workspace.
    @discardableResult
    func autoheal(_ args: [String], stdin: String? = nil, env: [String: String] = [:], cwd: String? = nil) -> Run {
        Exec.run(Exec.binary, ["--db", db] + args, cwd: cwd ?? dir.path, stdin: stdin, env: env)
    }

    /// Number of events in the ledger, read with the sqlite3 command line (independent of autoheal).
    func eventCount() -> Int {
        guard FileManager.default.fileExists(atPath: db) else { return 0 }
        let r = Exec.run("/usr/bin/sqlite3", [db, "SELECT COUNT(*) FROM events"])
        return Int(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

/// The shared seed fixtures, copied into the test target.
enum Fixtures {
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    }
    static var seedEvents: String { try! String(contentsOfFile: directory + "/seed-scenarios.ndjson", encoding: .utf8) }
    static var seedExpected: [String: [String: Int]] {
        let data = FileManager.default.contents(atPath: directory + "/seed-scenarios.expected.json")!
        return try! JSONSerialization.jsonObject(with: data) as! [String: [String: Int]]
    }
}

/// Appends events autoheal records itself (`prevention.landed`, `rootcause.linked`, …), one JSON object
/// a line, straight to the ledger at `db`: `import` refuses them, and tests of what reads them need them
/// without a whole repository behind. The ledger must exist (import the incident first).
func recordOwnEvents(db: String, _ ndjson: String) throws {
    let events = try ndjson.split(separator: "\n").enumerated().map { i, line in
        try NativeFormat.decode(try JSONParser.parseDocument(Array(line.utf8)), line: i + 1, ownTypes: true)
    }
    let store = try EventStore(path: db)
    _ = try store.append(events)
}
