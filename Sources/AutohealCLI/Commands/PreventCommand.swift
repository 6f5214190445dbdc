import ArgumentParser
import AutohealConfig
import AutohealCore
import AutohealLanding
import AutohealLinkRun
import AutohealPrevent
import AutohealReports
import Foundation

/// `autoheal prevent INC`: draft a preventive fix on its own branch and worktree, with a coding agent or for a person.
struct PreventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prevent",
        abstract: "Draft a preventive fix: a branch in its own worktree, a brief and task.json, an agent run, a tagged commit.",
        discussion: """
        The branch is <prefix><INC>-<slug> from --base (default: the default branch), checked out in a new worktree under
        <git-common-dir>/autoheal/worktrees/ (or --worktree); your own working tree, index and branch are not touched.
        The agent runs as an argument vector (never through a shell) with the brief on stdin, cwd = the worktree and
        AUTOHEAL_INCIDENT, AUTOHEAL_TASK, AUTOHEAL_BRIEF, AUTOHEAL_WORKTREE, AUTOHEAL_BRANCH and AUTOHEAL_RUN set.
        Presets: claude, codex, aider, gemini. An agent named only by the repository's .autoheal.yml runs after `autoheal trust`.
        Exit 1 when the agent fails, times out or changes nothing, or verify fails (the branch and logs are kept).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The incident id, e.g. INC-7.") var incident: String
    @Option(help: "The template (autoheal templates lists them; default: chosen from the root cause).") var template: String?
    @Option(help: "An agent preset: claude, codex, aider or gemini.") var agent: String?
    @Option(name: .customLong("agent-cmd"), help: ArgumentHelp("An agent command line, split into words like a shell would (no expansion).", valueName: "CMD"))
    var agentCmd: String?
    @Flag(name: .customLong("no-agent"), help: "Prepare branch, brief and scaffold for a person; run no agent.") var noAgent = false
    @Option(help: ArgumentHelp("The revision to branch from (default: the default branch).", valueName: "REV")) var base: String?
    @Option(help: ArgumentHelp("Where to create the worktree (default: <git-common-dir>/autoheal/worktrees/<INC>); a re-run reuses the incident's worktree where it is, and warns when DIR is elsewhere.", valueName: "DIR"))
    var worktree: String?
    @Option(help: ArgumentHelp("Stop the agent after this long, e.g. 20m (default: the agent config's, else 30m); verify has its own limit, verify_timeout.", valueName: "DURATION"))
    var timeout: String?
    @OptionGroup var output: JSONFlag

    func validate() throws {
        if agent != nil && agentCmd != nil { throw ValidationError("give --agent or --agent-cmd, not both") }
        if noAgent && (agent != nil || agentCmd != nil) { throw ValidationError("--no-agent runs no agent: drop --agent/--agent-cmd") }
        // The rule and the words of every duration (.autoheal.yml's too): a unit, more than zero, at most 36500d.
        if let timeout, case .failure(let problem) = DurationText.positive(timeout) {
            throw ValidationError("--timeout: \(DurationText.reason(problem, text: timeout))")
        }
    }

    func run() throws {
        do { try RefName.validateIncidentID(incident) } catch { throw PreventCommand.cli(error) }
        let ctx = try Context(global)
        let config = try ctx.config()
        let inc = try ctx.incident(incident, toAct: "prevent")
        let repo = try ctx.openRepository()
        let trust = try TrustCheck(ctx: ctx)
        // Hooks installed before `prevention.branch_prefix` changed would not know the new fix branches.
        // (In a shared hooks directory, this repository's hooks-env.sh; never an env.sh every repository
        // runs that holds one repository's settings, from before shared installs.)
        let hooks = HooksCommand.installer(repo)
        if hooks.isShared || !repo.hooksPathIsShared, let was = hooks.installedPrefix(), was != config.branchPrefix,
           (try? hooks.updatePrefix(config.branchPrefix)) == true {
            Terminal.err("autoheal: hooks now tag branches named \(config.branchPrefix)<INC>-… (they had \(was), from before branch_prefix changed)")
        }
        if hooks.installedPrefix() != nil, let warning = HooksCommand.relativeHooksPathWarning(repo) { Terminal.err(warning) }

        var chosen: AgentCommand?
        do {
            if !noAgent {
                chosen = try AgentCommand.select(agentCmd: agentCmd, agent: agent, timeout: timeout.flatMap { try? DurationText.positive($0).get() }, config: config)
                guard chosen != nil else {
                    throw CLIError("no agent: give --agent claude|codex|aider|gemini, --agent-cmd CMD, set agent in ~/.config/autoheal/config.yml, or use --no-agent", status: .usage)
                }
            }
        } catch let e as PreventError { throw PreventCommand.cli(e) }
        if let a = chosen, case .repository(let file) = a.source, !trust.trusted {
            throw CLIError("refusing to run the agent command `\(a.display)`: it comes from \(file), which you have not trusted; "
                + "review that file, then run `autoheal trust` to allow it (or pass --agent/--agent-cmd, or set agent in your personal config)")
        }

        let analysis = IncidentAnalysis(incident: inc, rules: config.rules, asOf: ctx.now)
        let request = PreventionRequest(
            analysis: analysis, incidentDocument: IncidentDocument.show(analysis, policy: config.severityPolicy), template: template,
            agent: chosen, base: base, defaultBranch: config.defaultBranch, defaultBranchOrigin: config.defaultBranchOrigin, worktree: worktree.map { Paths.absolute($0, relativeTo: ctx.cwd) }, branchPrefix: config.branchPrefix,
            verify: config.verify, verifyTrusted: trust.trusted, verifyTimeoutSeconds: config.verifyTimeoutSeconds, environment: ctx.environment, commandBase: ctx.cwd, now: ctx.now)
        let store = try ctx.openStore()
        // Progress, warnings and the text result hold the incident id, paths made from it, commit subjects
        // and the agent's summary: written visibly (``VisibleText``), as `show` writes incident text.
        let preventer = Preventer(repository: repo, record: { events in _ = try store.append(events, recordedAt: ctx.now) },
                                  say: { Terminal.err(VisibleText.of($0)) })
        let result: PreventionResult
        do { result = try preventer.run(request) } catch let e as PreventError { throw PreventCommand.cli(e) }
        for w in result.warnings { Terminal.err("warning: " + VisibleText.of(w)) }
        if output.json { Output.json(result.json) } else { Terminal.out(Self.text(result)) }
        if let failure = result.failure { throw CLIError(VisibleText.of("\(incident): \(failure)")) }
    }

    /// A `PreventError` as the CLI's error, with the contract's exit code.
    static func cli(_ error: any Error) -> any Error {
        guard let e = error as? PreventError else { return error }
        switch e.kind {
        case .failure: return CLIError(e.message, status: .failure)
        case .usage: return CLIError(e.message, status: .usage)
        case .badInput: return CLIError(e.message, status: .badInput)
        }
    }

    /// The result for people: every line made visible (``VisibleText``), so text from the incident, the
    /// agent or its commits cannot forge lines, colours or a terminal title.
    static func text(_ r: PreventionResult) -> String {
        let v = VisibleText.of
        var out = "\(v(r.incident)): \(r.failure == nil ? "drafted" : "draft incomplete") on \(v(r.branch))\(r.reusedBranch ? " (reused)" : "")\n"
        out += "  worktree  \(v(r.worktree))\(r.reusedWorktree ? " (reused)" : "")\n"
        out += "  base      \(r.base.prefix(12))\n"
        out += "  template  \(v(r.template)) — \(v(r.templateReason))\n"
        out += "  brief     \(v(r.brief))\n"
        out += "  task      \(v(r.task))\n"
        if !r.scaffold.isEmpty { out += "  scaffold  \(v(r.scaffold.joined(separator: ", ")))\n" }
        if let a = r.agent {
            var line = "  agent     \(v(a.command))  exit \(a.exitCode)\(a.timedOut ? " (timed out)" : "") in \(Int(a.seconds.rounded()))s"
            if let c = a.report?.costUSD { line += String(format: "  $%.2f", c) }
            if let t = a.report?.turns { line += "  " + counted(t, "turn") }
            out += line + "\n"
            if let s = a.report?.summary, !s.isEmpty { out += "  summary   \(v(String(s.split(separator: "\n").first ?? "")))\n" }
        }
        for c in r.commits { out += "  commit    \(c.sha.prefix(12)) \(v(c.summary))\(c.by == "agent" ? " (agent)" : "")\(c.hasTrailer ? "" : " — no Prevents: trailer")\n" }
        if let vr = r.verify {
            if let s = vr.skipped { out += "  verify    skipped: \(v(s))\n" }
            else { out += "  verify    \(vr.passed == true ? "passed" : "FAILED") (\(v(AgentCommand.display(vr.argv))), exit \(vr.exitCode ?? -1))\n" }
        }
        out += "  run       \(v(r.runFolder))\n"
        if r.agent == nil && r.failure == nil {
            out += "Next: work in \(v(r.worktree)) and commit with the trailer \"Prevents: \(v(r.incident))\" (autoheal hooks install adds it for you).\n"
        }
        return out
    }
}

/// Whether the repository's `.autoheal.yml`, as it is now, is trusted by the user for this repository.
struct TrustCheck {
    /// The repository config file, when there is one.
    let file: String?
    let trusted: Bool

    init(ctx: Context) throws {
        guard let location = ctx.repository, let root = location.workdir else { file = nil; trusted = true; return }
        let path = root + "/" + ConfigLoader.repositoryFileName
        guard FileManager.default.fileExists(atPath: path) else { file = nil; trusted = true; return }
        file = path
        guard let storePath = TrustStore.path(environment: ctx.environment) else { trusted = false; return }
        let repository = TrustStore.repositoryKey(commonDir: location.commonDir)
        do { trusted = try TrustStore(file: storePath).isTrusted(repository: repository, file: path) } catch { throw PreventCommand.cli(error) }
    }
}
