import AutohealConfig
import AutohealCore

/// The agent to run: an argument vector, where it came from, and whether it may run.
public struct AgentCommand: Equatable, Sendable {
    /// Where the command came from; only `repository` needs the user's trust.
    public enum Source: Equatable, Sendable {
        /// `--agent NAME` or `--agent-cmd CMD`.
        case commandLine
        /// The personal config file (trusted: the user wrote it).
        case personal(String)
        /// The repository's `.autoheal.yml` (runs only once the user trusts that exact file).
        case repository(String)
    }

    /// The words before the per-run additions (the brief path for aider).
    public var arguments: [String]
    public var preset: String?
    public var source: Source
    public var timeoutSeconds: Int64

    public init(arguments: [String], preset: String? = nil, source: Source, timeoutSeconds: Int64) {
        self.arguments = arguments
        self.preset = preset
        self.source = source
        self.timeoutSeconds = timeoutSeconds
    }

    /// The built-in presets. The brief arrives on stdin; aider takes it as a file instead.
    public static let presets: [String: [String]] = [
        "claude": ["claude", "-p", "--output-format", "json"],
        "codex": ["codex", "exec", "--json", "--sandbox", "workspace-write"],
        "aider": ["aider", "--yes-always", "--message-file"],
        "gemini": ["gemini", "--output-format", "json", "-p", "Carry out the task described in the brief above, which autoheal gave you on standard input."],
    ]

    /// The default timeout when nothing sets one: 30 minutes.
    public static let defaultTimeout: Int64 = 1800

    /// Chooses the agent: `--agent-cmd`, else `--agent`, else personal config, else repository config.
    /// `nil` when nothing names one.
    public static func select(agentCmd: String?, agent: String?, timeout: Int64?, config: Configuration) throws(PreventError) -> AgentCommand? {
        if let agentCmd {
            let words: [String]
            do { words = try ShellWords.split(agentCmd) } catch {
                throw PreventError("--agent-cmd: \(error.reason)", kind: .usage)
            }
            guard !words.isEmpty else { throw PreventError("--agent-cmd is empty", kind: .usage) }
            return AgentCommand(arguments: words, source: .commandLine, timeoutSeconds: timeout ?? config.personalAgent?.timeoutSeconds ?? defaultTimeout)
        }
        if let agent {
            return AgentCommand(arguments: try preset(agent), preset: agent, source: .commandLine,
                                timeoutSeconds: timeout ?? config.personalAgent?.timeoutSeconds ?? defaultTimeout)
        }
        for (settings, personal) in [(config.personalAgent, true), (config.repositoryAgent, false)] {
            guard let s = settings else { continue }
            let source: Source = personal ? .personal(s.origin) : .repository(s.origin)
            if let command = s.command, !command.isEmpty {
                return AgentCommand(arguments: command, preset: nil, source: source, timeoutSeconds: timeout ?? s.timeoutSeconds)
            }
            if let p = s.preset {
                return AgentCommand(arguments: try preset(p, origin: s.origin), preset: p, source: source, timeoutSeconds: timeout ?? s.timeoutSeconds)
            }
        }
        return nil
    }

    static func preset(_ name: String, origin: String? = nil) throws(PreventError) -> [String] {
        guard let words = presets[name] else {
            throw PreventError((origin.map { "\($0): " } ?? "") + "unknown agent preset \"\(name)\" (presets: \(presets.keys.sorted().joined(separator: ", ")); or give a command)",
                               kind: origin == nil ? .usage : .badInput)
        }
        return words
    }

    /// The argument vector for one run (aider gets the brief's path as its message file).
    public func argv(briefPath: String) -> [String] {
        preset == "aider" || (arguments.last == "--message-file") ? arguments + [briefPath] : arguments
    }

    /// The command as a person would type it, each word quoted when needed (for messages and run.json).
    public var display: String { Self.display(arguments) }

    public static func display(_ words: [String]) -> String {
        words.map { w in
            let safe = !w.isEmpty && w.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "-_./=:@%+,".unicodeScalars.contains($0)
            }
            return safe ? w : "'" + w.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
