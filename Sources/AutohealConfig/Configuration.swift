import AutohealCore

/// How autoheal runs a coding agent.
public struct AgentSettings: Hashable, Sendable {
    /// The presets `agent:` may name (their command lines are `AgentCommand.presets`).
    public static let presetNames: Set<String> = ["claude", "codex", "aider", "gemini"]

    /// A preset name (`claude`, `codex`, `aider`, `gemini`) or `nil` when `command` is given.
    public var preset: String?
    /// An explicit argument vector.
    public var command: [String]?
    /// Seconds before the agent is stopped.
    public var timeoutSeconds: Int64
    /// The file the setting came from.
    public var origin: String

    public init(preset: String? = nil, command: [String]? = nil, timeoutSeconds: Int64 = 1800, origin: String) {
        self.preset = preset
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        self.origin = origin
    }
}

/// The effective configuration: built-in defaults, the repository's `.autoheal.yml` over them, and
/// personal settings (`~/.config/autoheal/config.yml`) for the agent.
public struct Configuration: Hashable, Sendable {
    public var rules: ClockRules = .default
    public var severityPolicy: SeverityPolicy = .highest
    public var targets: PreventionTargets = .default
    /// Prefix of preventive-fix branches; the incident id and a slug follow.
    public var branchPrefix: String = "autoheal/"
    /// The default branch, when the repository's own notion should be overridden.
    public var defaultBranch: String?
    /// Where `defaultBranch` was set, as `FILE:LINE`, for errors about the branch it names.
    public var defaultBranchOrigin: String?
    /// The agent, from the repository config.
    public var repositoryAgent: AgentSettings?
    /// The agent, from personal config (trusted).
    public var personalAgent: AgentSettings?
    /// A command to verify a drafted fix, as an argument vector.
    public var verify: [String]?
    /// How long `verify` may run before it is stopped (`verify_timeout`; its own limit, not the agent's).
    public var verifyTimeoutSeconds: Int64 = 1800
    /// Files that contributed, in the order they were applied.
    public var sources: [String] = ["built-in defaults"]

    public init() {}

    /// The effective configuration as JSON (what `autoheal config --json` prints).
    public var json: JSONValue {
        var prevention: [String: JSONValue] = ["branch_prefix": .string(branchPrefix)]
        var targetsJSON: [String: JSONValue] = ["default": JSONValue(targets.other)]
        for (k, v) in targets.bySeverity { targetsJSON[k] = JSONValue(v) }
        prevention["targets"] = .object(targetsJSON)
        var o: [String: JSONValue] = [
            "clocks": rules.json, "severity_policy": .string(severityPolicy.rawValue), "prevention": .object(prevention),
            "sources": .array(sources.map { .string($0) }),
        ]
        if let defaultBranch { o["default_branch"] = .string(defaultBranch) }
        if let verify { o["verify"] = .array(verify.map { .string($0) }) }
        o["verify_timeout"] = JSONValue(verifyTimeoutSeconds)
        func agentJSON(_ a: AgentSettings) -> JSONValue {
            ["preset": JSONValue(a.preset), "command": a.command.map { .array($0.map { .string($0) }) } ?? .null,
             "timeout": JSONValue(a.timeoutSeconds), "origin": .string(a.origin)]
        }
        if let a = personalAgent ?? repositoryAgent { o["agent"] = agentJSON(a) }
        return .object(o)
    }
}
