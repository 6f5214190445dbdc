import AutohealCore

/// Everything one `autoheal prevent` run needs, gathered by the caller (the CLI or the MCP server).
public struct PreventionRequest: Sendable {
    public var analysis: IncidentAnalysis
    /// The incident as `autoheal show --json` prints it, copied into `task.json`.
    public var incidentDocument: JSONValue?
    /// `--template`, else chosen from the root cause.
    public var template: String?
    /// The agent to run; `nil` prepares branch, brief and scaffold only (`--no-agent`).
    public var agent: AgentCommand?
    /// `--base REV`, else ``defaultBranch``, else the repository's default branch.
    public var base: String?
    /// The configured default branch (`default_branch` in `.autoheal.yml`), as `sync` and `land` use it.
    public var defaultBranch: String?
    /// Where ``defaultBranch`` was set (`FILE:LINE`, `Configuration.defaultBranchOrigin`), for the error
    /// when it names no branch; `nil` says `.autoheal.yml`.
    public var defaultBranchOrigin: String?
    /// `--worktree DIR`, absolute.
    public var worktree: String?
    public var branchPrefix: String
    /// The configured verify command and whether it may run (it comes from the repository's config).
    public var verify: [String]?
    public var verifyTrusted: Bool
    /// How long verify may run (`verify_timeout`), counted from its own start; the agent's timeout is not it.
    public var verifyTimeoutSeconds: Int64
    /// The process environment, passed on to the agent with the `AUTOHEAL_*` variables added.
    public var environment: [String: String]
    /// Where relative agent paths from the command line or the personal config are resolved (the
    /// user's working directory); one from the repository's `.autoheal.yml` resolves against its root.
    public var commandBase: String
    /// The time stamped on ledger events.
    public var now: Timestamp

    public init(analysis: IncidentAnalysis, incidentDocument: JSONValue? = nil, template: String? = nil, agent: AgentCommand?,
                base: String? = nil, defaultBranch: String? = nil, defaultBranchOrigin: String? = nil, worktree: String? = nil, branchPrefix: String = "autoheal/", verify: [String]? = nil,
                verifyTrusted: Bool = true, verifyTimeoutSeconds: Int64 = 1800, environment: [String: String], commandBase: String, now: Timestamp) {
        self.defaultBranch = defaultBranch
        self.defaultBranchOrigin = defaultBranchOrigin
        self.analysis = analysis
        self.incidentDocument = incidentDocument
        self.template = template
        self.agent = agent
        self.base = base
        self.worktree = worktree
        self.branchPrefix = branchPrefix
        self.verify = verify
        self.verifyTrusted = verifyTrusted
        self.verifyTimeoutSeconds = verifyTimeoutSeconds
        self.environment = environment
        self.commandBase = commandBase
        self.now = now
    }
}

/// What a run did: the contract's result document, plus the run record's extras.
public struct PreventionResult: Sendable {
    /// A commit on the branch made during this run.
    public struct CommitInfo: Equatable, Sendable {
        public var sha: String
        public var summary: String
        /// `agent` when the agent committed it, `autoheal` when autoheal committed the agent's changes.
        public var by: String
        public var hasTrailer: Bool
    }

    /// The agent's run.
    public struct AgentRun: Equatable, Sendable {
        public var command: String
        public var argv: [String]
        public var source: String
        public var exitCode: Int32
        public var seconds: Double
        public var timedOut: Bool
        public var stdout: String
        public var stderr: String
        public var report: AgentReport?
    }

    /// The verify command's run (or why it was skipped).
    public struct VerifyRun: Equatable, Sendable {
        public var argv: [String]
        public var exitCode: Int32?
        public var seconds: Double?
        public var timedOut: Bool
        public var log: String?
        public var skipped: String?
        public var passed: Bool? { skipped != nil ? nil : (exitCode == 0 && !timedOut) }
    }

    public var incident: String
    public var run: String
    public var runFolder: String
    public var branch: String
    public var worktree: String
    public var base: String
    public var template: String
    public var templateReason: String
    public var brief: String
    public var task: String
    public var reusedBranch: Bool
    public var reusedWorktree: Bool
    public var scaffold: [String]
    public var agent: AgentRun?
    public var commits: [CommitInfo] = []
    public var verify: VerifyRun?
    public var warnings: [String] = []
    /// Why the run failed (agent failed, timed out or changed nothing; verify failed), or `nil`.
    public var failure: String?

    /// The contract's result (`--json`), plus `run`, `run_folder`, `brief`, `task`, `template_reason`,
    /// `reused`, `scaffold`, `commit_details`, `warnings` and `error`.
    public var json: JSONValue {
        var agentJSON: JSONValue = .null
        if let a = agent {
            var o: [String: JSONValue] = [
                "command": .string(a.command), "argv": .array(a.argv.map { .string($0) }), "source": .string(a.source),
                "exit_code": JSONValue(Int64(a.exitCode)), "seconds": JSONValue(Int64(a.seconds.rounded())),
                "timed_out": .bool(a.timedOut), "stdout": .string(a.stdout), "stderr": .string(a.stderr),
            ]
            if let r = a.report {
                o["cost_usd"] = JSONValue(r.costUSD)
                o["turns"] = JSONValue(r.turns)
                o["summary"] = JSONValue(r.summary)
            }
            agentJSON = .object(o)
        }
        var verifyJSON: JSONValue = .null
        if let v = verify {
            var o: [String: JSONValue] = ["command": .string(AgentCommand.display(v.argv)), "argv": .array(v.argv.map { .string($0) }),
                                          "passed": v.passed.map { .bool($0) } ?? .null]
            if let s = v.skipped { o["skipped"] = .string(s) }
            if let c = v.exitCode { o["exit_code"] = JSONValue(Int64(c)) }
            if let s = v.seconds { o["seconds"] = JSONValue(Int64(s.rounded())) }
            if v.skipped == nil { o["timed_out"] = .bool(v.timedOut) }
            if let l = v.log { o["log"] = .string(l) }
            verifyJSON = .object(o)
        }
        return [
            "incident": .string(incident), "branch": .string(branch), "worktree": .string(worktree), "base": .string(base),
            "template": .string(template), "template_reason": .string(templateReason),
            "agent": agentJSON,
            "commits": .array(commits.map { .string($0.sha) }),
            "commit_details": .array(commits.map {
                ["commit": .string($0.sha), "summary": .string($0.summary), "by": .string($0.by), "prevents_trailer": .bool($0.hasTrailer)]
            }),
            "verify": verifyJSON,
            "run": .string(run), "run_folder": .string(runFolder), "brief": .string(brief), "task": .string(task),
            "reused": ["branch": .bool(reusedBranch), "worktree": .bool(reusedWorktree)],
            "scaffold": .array(scaffold.map { .string($0) }),
            "warnings": .array(warnings.map { .string($0) }),
            "error": JSONValue(failure),
        ]
    }
}
