import Foundation
import Testing

/// A repository with one recovered incident, a user checkout with a staged change and an untracked
/// file, and its own HOME/XDG folders so trust and personal config never leak between tests.
final class PreventRepo {
    let dir = TempDir()
    var repo: String { dir.path + "/repo" }
    var env: [String: String] {
        ["HOME": dir.path + "/home", "XDG_DATA_HOME": dir.path + "/data", "XDG_CONFIG_HOME": dir.path + "/config",
         "AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z",
         "GIT_AUTHOR_NAME": "Agent", "GIT_AUTHOR_EMAIL": "agent@example.com",
         "GIT_COMMITTER_NAME": "Agent", "GIT_COMMITTER_EMAIL": "agent@example.com"]
    }

    init(incident: String = "INC-7", title: String = "Checkout pool exhausted", summary: String = "connection pool exhausted in app.py") {
        try! FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try! FileManager.default.createDirectory(atPath: dir.path + "/home", withIntermediateDirectories: true)
        Exec.git(["init", "-q", "-b", "main"], in: repo)
        dir.write("repo/app.py", "def handler(x):\n    return x\n")
        dir.write("repo/README.md", "demo\n")
        Exec.git(["add", "-A"], in: repo)
        Exec.git(["commit", "-q", "-m", "initial"], in: repo)
        let events: [[String: Any]] = [
            ["incident": incident, "type": "alert.fired", "at": "2026-11-10T02:00:00Z", "service": "checkout"],
            ["incident": incident, "type": "page.acknowledged", "at": "2026-11-10T02:17:00Z"],
            ["incident": incident, "type": "incident.declared", "at": "2026-11-10T02:47:00Z", "severity": "SEV2", "attrs": ["title": title]],
            ["incident": incident, "type": "rootcause.identified", "at": "2026-11-10T03:00:00Z", "attrs": ["summary": summary, "frames": ["app.py:2"]]],
            ["incident": incident, "type": "sli.recovered", "at": "2026-11-10T03:08:00Z"],
        ]
        let ndjson = events.map { String(decoding: try! JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(separator: "\n")
        let r = autoheal(["import", "-"], stdin: ndjson)
        precondition(r.code == 0, r.err)
        // The user's own state: a staged change and an untracked file, which prevent must leave alone.
        dir.write("repo/README.md", "demo, edited and staged\n")
        Exec.git(["add", "README.md"], in: repo)
        dir.write("repo/scratch.txt", "untracked\n")
    }

    @discardableResult
    func autoheal(_ args: [String], stdin: String? = nil, env extra: [String: String] = [:]) -> Run {
        var e = env
        for (k, v) in extra { e[k] = v }
        return Exec.run(Exec.binary, args, cwd: repo, stdin: stdin, env: e)
    }

    func git(_ args: [String], in dir: String? = nil) -> String {
        Exec.git(args, in: dir ?? repo, env: env).out
    }

    /// Writes an executable stand-in agent (a sh script) outside the repository and returns its path.
    func agent(_ name: String, _ body: String) -> String {
        let path = dir.write("agents/\(name).sh", "#!/bin/sh\n" + body)
        chmod(path, 0o755)
        return path
    }

    /// The user's checkout as it looks from outside: branch, HEAD, status (index and untracked files).
    func checkoutState() -> String {
        git(["rev-parse", "--abbrev-ref", "HEAD"]) + git(["rev-parse", "HEAD"]) + git(["status", "--porcelain=v1", "--untracked-files=all"])
            + git(["diff", "--cached"])
    }

    func show(_ incident: String = "INC-7") -> [String: Any] {
        autoheal(["show", incident, "--json"]).json as! [String: Any]
    }

    func branches() -> [String] {
        git(["for-each-ref", "--format=%(refname:short)", "refs/heads/"]).split(separator: "\n").map(String.init)
    }
}

extension Run {
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
}

extension PreventRepo {
    /// Starts `prevent` with an agent that leaves a background process in its group and writes its pid
    /// to a file; returns the running process (through `launcher`, e.g. nohup, when given) and that pid.
    func startStuckPrevent(launcher: String? = nil, agentBody: String? = nil) throws -> (Process, Int32?) {
        let r = self
        let pidFile = r.dir.path + "/grandchild.pid"
        let agent = r.agent("stuck", agentBody ?? "sleep 60 &\necho $! > '\(pidFile)'\nwait\n")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: launcher ?? Exec.binary)
        p.arguments = (launcher == nil ? [] : [Exec.binary]) + ["prevent", "INC-7", "--agent-cmd", agent]
        p.currentDirectoryURL = URL(fileURLWithPath: r.repo)
        p.environment = ProcessInfo.processInfo.environment.merging(r.env) { _, new in new }
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        var grandchild: Int32?
        for _ in 0..<100 where grandchild == nil {
            usleep(100_000)
            grandchild = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return (p, grandchild)
    }
}
