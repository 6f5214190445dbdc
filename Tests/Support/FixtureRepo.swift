import Foundation

/// A throwaway git repository built with the `git` CLI in its own temporary directory.
/// Commits get deterministic, increasing dates so ordering and blame are reproducible.
public final class FixtureRepo {
    public let path: String
    private var clock = 1_700_000_000

    public init(bare: Bool = false) throws {
        path = NSTemporaryDirectory() + "autoheal-fixture-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("-c", "init.defaultBranch=main", "init", "-q", bare ? "--bare" : "--no-bare")
        if !bare {
            try git("config", "user.name", "Ada Lovelace")
            try git("config", "user.email", "ada@example.com")
            try git("config", "commit.gpgsign", "false")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Runs git in the repository and returns its trimmed stdout; throws on a non-zero exit.
    @discardableResult
    public func git(_ args: String..., env: [String: String] = [:], in dir: String? = nil) throws -> String {
        try run(args, env: env, in: dir)
    }

    @discardableResult
    public func run(_ args: [String], env: [String: String] = [:], in dir: String? = nil, stdinFile: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["-C", dir ?? path] + args
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["HOME"] = path
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        if let stdinFile { p.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinFile)) }
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "git", code: Int(p.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "git \(args.joined(separator: " ")): " + String(decoding: errData, as: UTF8.self)])
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a file (creating directories).
    public func write(_ file: String, _ content: String) throws {
        let url = URL(fileURLWithPath: path + "/" + file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Stages everything and commits with the next fixed date; returns the full SHA.
    @discardableResult
    public func commit(_ message: String, author: String = "Ada Lovelace", email: String = "ada@example.com") throws -> String {
        clock += 3600
        let date = "\(clock) +0000"
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message,
                env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                      "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email])
        return try git("rev-parse", "HEAD")
    }

    /// Writes files and commits them.
    @discardableResult
    public func commit(_ message: String, files: [String: String], author: String = "Ada Lovelace") throws -> String {
        for (f, c) in files { try write(f, c) }
        return try commit(message, author: author)
    }

    /// The next date as git wants it, for commands such as merge and cherry-pick.
    public func nextDateEnv() -> [String: String] {
        clock += 3600
        return ["GIT_AUTHOR_DATE": "\(clock) +0000", "GIT_COMMITTER_DATE": "\(clock) +0000"]
    }
}
