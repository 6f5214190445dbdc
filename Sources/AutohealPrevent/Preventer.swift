import AutohealConfig
import AutohealCore
import AutohealGit
import AutohealLanding
import Foundation

/// Drafts a preventive fix: prepares the branch and worktree, writes the brief, `task.json` and the
/// template's scaffold, runs the agent, commits what it changed with `Prevents:`/`Autoheal-Run:`
/// trailers, runs `verify`, and hands the ledger events to `record`.
public struct Preventer {
    public let repository: Repository
    /// Receives `prevention.drafted` before the agent runs and `prevention.committed` after.
    public var record: ([Event]) throws -> Void
    /// Receives progress lines for people (stderr in the CLI).
    public var say: (String) -> Void

    public init(repository: Repository, record: @escaping ([Event]) throws -> Void, say: @escaping (String) -> Void = { _ in }) {
        self.repository = repository
        self.record = record
        self.say = say
    }

    /// What a draft branches from: the revision resolved, and the name shown for it (in progress lines,
    /// `task.json`'s `git.base_revision` and the brief).
    struct BaseRevision: Equatable {
        var revision: String
        var name: String
    }

    /// What the draft branches from: `--base`, else the configured default branch, else the
    /// repository's (`origin/HEAD`, `main`, `master`, also as `origin/NAME`), found as `sync` finds it
    /// (``LandingSync/resolveBranch(_:name:note:)``: `origin/NAME` when there is one, else the local
    /// branch; a dangling `origin/HEAD` passed over is told to `note`). A default branch that is not
    /// there, or that cannot be told, is refused as `sync` refuses it (bad input, exit 65; a configured
    /// one names `.autoheal.yml:LINE`). Never the current branch when another could be meant
    /// (half-finished work on a feature branch); it is used only when it is the one branch.
    static func baseRevision(_ req: PreventionRequest, in repo: Repository, note: (String) -> Void = { _ in }) throws -> BaseRevision {
        if let base = req.base { return .init(revision: base, name: base) }
        let branches = (try? repo.branches()) ?? []
        if let name = req.defaultBranch ?? repo.defaultBranch(orCurrent: false) {
            if let ref = try? LandingSync.resolveBranch(repo, name: req.defaultBranch, note: note) { return .init(revision: ref, name: shortName(ref)) }
            // With nothing committed yet, the draft's error says to commit first.
            if let configured = req.defaultBranch, !branches.isEmpty {
                throw PreventError(LandingSync.missingDefaultBranch(configured, origin: req.defaultBranchOrigin ?? ConfigLoader.repositoryFileName),
                                   kind: .badInput)
            }
            if !branches.isEmpty { throw PreventError("the default branch \(VisibleText.of(name)) does not exist here", kind: .badInput) }
            return .init(revision: name, name: name)
        }
        // No branch yet (nothing committed): the unborn current one, so the error says to commit first.
        guard let only = branches.count == 1 ? branches.first : branches.isEmpty ? repo.currentBranch : nil else {
            throw PreventError(LandingSync.cannotTellDefaultBranch(repo, remedy: "pass --base REV or set default_branch in .autoheal.yml"), kind: .badInput)
        }
        return .init(revision: only, name: only)
    }

    /// `refs/heads/main` as `main`, `refs/remotes/origin/main` as `origin/main`; other names unchanged.
    static func shortName(_ ref: String) -> String {
        for prefix in ["refs/heads/", "refs/remotes/"] where ref.hasPrefix(prefix) { return String(ref.dropFirst(prefix.count)) }
        return ref
    }

    /// Runs `prevent` for one incident. Throws for problems found before anything was created; a run
    /// whose agent fails, times out or changes nothing returns a result with `failure` set. A git lock
    /// file in the way is named in one line (``PreventionWorkspace/lockAdvice(_:)``), never deleted.
    public func run(_ req: PreventionRequest) throws -> PreventionResult {
        do { return try draft(req) } catch let e as GitError {
            if let advice = PreventionWorkspace.lockAdvice(e) { throw PreventError(advice) }
            throw e
        }
    }

    private func draft(_ req: PreventionRequest) throws -> PreventionResult {
        let incident = req.analysis.incident
        try RefName.validateIncidentID(incident.id)
        let repo = repository
        let catalog = try TemplateCatalog.load(repositoryRoot: repo.workdir)
        let (template, choice) = try Self.choose(req, catalog: catalog)
        // Partials are checked (a partial that includes itself would never finish) before anything is made.
        let renderer = try BriefRenderer(partials: catalog.partials)

        let baseRevision = try Self.baseRevision(req, in: repo, note: say)
        let requested: ObjectID
        do { requested = try repo.resolveCommit(baseRevision.revision) } catch {
            if req.base == nil {
                throw PreventError("cannot find the default branch's commit to draft from (\(baseRevision.name): \(error.message)); commit first, or pass --base REV")
            }
            throw PreventError("--base: \(error.message)", kind: .badInput)
        }
        let wanted = try BranchName.make(prefix: req.branchPrefix, incident: incident.id,
                                         title: Self.slugSource(incident))
        let runDate = Date(timeIntervalSince1970: Double(req.now.microseconds) / 1_000_000)
        let paths = CodeExcerpt.paths(link: incident.link, identified: incident.identifiedHints)
        // The draft as the run will write it, built from the values the run expects (its branch, worktree,
        // base and run id), so that what the template and incident alone can refuse — a brief or
        // scaffold that is not valid Mustache, a scaffold path that would leave the worktree — stops
        // the run before the lock, the branch, the worktree or the run folder is made.
        func document(run: String, runDir: String, branch: String, reused: Bool, worktree: String) -> TaskDocument {
            let (base, codeCommit) = Self.draftBase(existing: reused ? branch : nil, in: repo, requested: requested)
            return TaskDocument(run: run, analysis: req.analysis, incidentDocument: req.incidentDocument, template: template,
                                choice: choice, code: CodeExcerpt.read(paths, repository: repo, commit: codeCommit),
                                git: .init(branch: branch, base: base.hex, baseRevision: baseRevision.name, worktree: worktree,
                                           codeCommit: codeCommit.hex),
                                briefPath: runDir + "/brief.md", taskPath: runDir + "/task.json")
        }
        do {
            let existing = PreventionWorkspace.existingBranch(in: repo, prefix: req.branchPrefix, incident: incident.id,
                                                              recorded: req.analysis.preventionState.branch)
            let plannedRun = PreventionWorkspace.runID(incident: incident.id, date: runDate)
            let planned = document(run: plannedRun, runDir: repo.commonDir + "/autoheal/runs/" + plannedRun, branch: existing ?? wanted,
                                   reused: existing != nil, worktree: PreventionWorkspace.plannedWorktree(repo: repo, incident: incident.id, requested: req.worktree))
            _ = try DraftFiles.render(template, view: planned.view, renderer: renderer)
        }

        let lock = try PreventLock.acquire(commonDir: repo.commonDir, incident: incident.id)
        defer { lock.release() }
        // From here until the agent starts, a SIGINT/SIGTERM/SIGHUP/SIGQUIT waits for the branch,
        // worktree, config, run folder and ledger event to be whole, then ends the run (``SignalHold``):
        // killed halfway, libgit2 left its lock files (`config.lock`, a ref's `.lock`) for good.
        let setupHold = SignalHold.begin()
        defer { setupHold.end() }
        let existing = PreventionWorkspace.existingBranch(in: repo, prefix: req.branchPrefix, incident: incident.id,
                                                          recorded: req.analysis.preventionState.branch)
        let ws = try PreventionWorkspace.prepare(repo: repo, incident: incident.id, branch: wanted, existing: existing,
                                                 base: requested, worktree: req.worktree)
        // A reused branch keeps the base it was drafted from; its code is read where the branch now is.
        let base = Self.draftBase(existing: ws.reusedBranch ? ws.branch : nil, in: repo, requested: requested).base
        var baseWarning: String?
        if let cleared = ws.clearedHalfMade {
            say("removed the half-made worktree an interrupted run left at \(cleared); making it again")
        }
        if ws.reusedBranch {
            say("reusing branch \(ws.branch) (drafted from \(base.short()))")
            if let named = req.base, base != requested {
                baseWarning = "--base \(named) (\(requested.short())) was not used: the existing branch \(ws.branch), drafted from \(base.short()), was reused; to draft from \(named) instead, remove its worktree and delete the branch first"
            }
        } else { say("created branch \(ws.branch) at \(base.short()) (\(baseRevision.name))") }
        say(ws.reusedWorktree ? "reusing worktree \(ws.worktree)" : "created worktree \(ws.worktree)")
        // As with --base: the incident's worktree holds its branch and any earlier work, and is reused.
        var worktreeWarning: String?
        if let asked = req.worktree, ws.reusedWorktree, !PreventionWorkspace.samePlace(asked, ws.worktree) {
            worktreeWarning = "--worktree \(asked) was not used: \(incident.id)'s existing worktree \(ws.worktree) (on \(ws.branch)) was reused; to have it at \(asked), move it there first with `git worktree move \(ws.worktree) \(asked)` (\(asked) must not exist yet)"
        }
        // A lock file the agent's commit would fail on (left by a run or a git command killed outright)
        // stops the run now, before anything is written for it, not after the agent has worked.
        if req.agent != nil, let wt = try? Repository(at: ws.worktree),
           let lock = PreventionWorkspace.lockFilesInTheWay(worktree: wt, commonDir: repo.commonDir, branch: ws.branch).first {
            throw PreventError(PreventionWorkspace.lockAdvice(file: lock))
        }
        say("template \(template.name): \(choice.reason)")

        // Named by the command's clock (`AUTOHEAL_NOW` when set), as its ledger events are stamped.
        let (runID, runDir) = try PreventionWorkspace.makeRunFolder(commonDir: repo.commonDir, incident: incident.id, date: runDate)
        let doc = document(run: runID, runDir: runDir, branch: ws.branch, reused: ws.reusedBranch, worktree: ws.worktree)
        let briefPath = doc.briefPath, taskPath = doc.taskPath
        let files = try DraftFiles.render(template, view: doc.view, renderer: renderer)
        // A reused worktree may still hold what an earlier, failed run left (the agent's half-done
        // edits): it goes into this draft — committed with the agent's change, or alone when the agent
        // changes nothing — and is named. (That run's scaffold, as this run would write it, is no change
        // of its own.) Read before this run's scaffold is written.
        var leftovers: [String] = []
        if req.agent != nil, ws.reusedWorktree, let reused = try? Repository(at: ws.worktree) {
            leftovers = WorktreeLeftovers.paths(in: reused, scaffold: files.scaffold) ?? []
        }
        try Self.write(briefPath, files.brief)
        try Self.write(taskPath, doc.json.prettyJSON + "\n")
        var scaffoldWarnings: [String] = []
        let scaffold = DraftFiles.writeScaffold(files.scaffold, worktree: ws.worktree) { scaffoldWarnings.append($0) }
        for s in scaffold { say("scaffold \(s)") }

        var result = PreventionResult(incident: incident.id, run: runID, runFolder: runDir, branch: ws.branch, worktree: ws.worktree,
                                      base: base.hex, template: template.name, templateReason: choice.reason, brief: briefPath,
                                      task: taskPath, reusedBranch: ws.reusedBranch, reusedWorktree: ws.reusedWorktree, scaffold: scaffold)
        if let baseWarning { result.warnings.append(baseWarning) }
        if let worktreeWarning { result.warnings.append(worktreeWarning) }
        if !leftovers.isEmpty {
            result.warnings.append("the worktree \(ws.worktree) held uncommitted changes from an earlier run (\(WorktreeLeftovers.list(leftovers))); they go into this draft, committed with the agent's change or on their own if it changes nothing (review them, or run `git checkout -- . && git clean -fd` there before prevent)")
        }
        result.warnings += scaffoldWarnings
        try record([Event(incident: incident.id, type: .preventionDrafted, at: req.now, source: "autoheal",
                          attrs: ["branch": .string(ws.branch), "worktree": .string(ws.worktree), "template": .string(template.name),
                                  "run": .string(runID), "base": .string(base.hex)])])
        // Ended after run.json is written (defers run last first).
        var commitHold: SignalHold?
        defer { commitHold?.end() }
        defer { try? Self.write(runDir + "/run.json", Self.runRecord(result, request: req).prettyJSON + "\n") }
        guard let agent = req.agent else { return result }

        // Run the agent.
        let wt = try Repository(at: ws.worktree)
        // Who autoheal's own commit is by, as git would have it (checked now: a GIT_AUTHOR_DATE git would
        // refuse stops the run before the agent works, not after).
        let identity = try wt.commitIdentity(environment: req.environment)
        let tipBefore = try wt.headCommitID()
        let treeBefore = try wt.stageAll()
        var argv = agent.argv(briefPath: briefPath)
        guard let exe = ProcessRunner.resolve(argv[0], path: req.environment["PATH"], base: Self.commandBase(agent, request: req)) else {
            result.failure = "agent command not found: \(argv[0]) (give a path, or put it on PATH)"
            return result
        }
        // A signal that came during the setup ends the run here, before the agent starts; from now on
        // ProcessRunner forwards them to the agent's group.
        setupHold.end()
        argv[0] = exe
        var env = req.environment
        for k in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"] { env[k] = nil }
        env["AUTOHEAL_INCIDENT"] = incident.id
        env["AUTOHEAL_TASK"] = taskPath
        env["AUTOHEAL_BRIEF"] = briefPath
        env["AUTOHEAL_WORKTREE"] = ws.worktree
        env["AUTOHEAL_BRANCH"] = ws.branch
        env["AUTOHEAL_RUN"] = runID
        let stdoutPath = runDir + "/agent.stdout.log", stderrPath = runDir + "/agent.stderr.log"
        say("running \(agent.display) in \(ws.worktree) (timeout \(Duration.text(agent.timeoutSeconds)))")
        var agentRun = ProcessRunner.Request(arguments: argv, directory: ws.worktree, environment: env, stdinPath: briefPath,
                                             stdoutPath: stdoutPath, stderrPath: stderrPath, timeoutSeconds: Double(agent.timeoutSeconds))
        agentRun.groupRecordPath = lock.groupRecordPath
        let outcome = try ProcessRunner.run(agentRun)
        // Committing and recording what the agent did is held like the setup: a signal now waits for
        // the worktree's index, the commit and its ledger event, then ends the run.
        commitHold = SignalHold.begin()
        let report = FileManager.default.contents(atPath: stdoutPath).flatMap { AgentReport.parse(Array($0)) }
        result.agent = .init(command: agent.display, argv: argv, source: Self.describe(agent.source), exitCode: outcome.exitCode,
                             seconds: outcome.seconds, timedOut: outcome.timedOut, stdout: stdoutPath, stderr: stderrPath, report: report)
        if outcome.timedOut {
            result.failure = "the agent timed out after \(Duration.text(agent.timeoutSeconds)) and was stopped; its log is in \(runDir); the branch \(ws.branch) is kept"
            return result
        }
        if outcome.exitCode != 0 {
            result.failure = "the agent exited with status \(outcome.exitCode); its log is in \(runDir) (agent.stderr.log); the branch \(ws.branch) is kept"
            return result
        }

        // Commit what it changed — only on the fix branch: an agent that switched branch or detached
        // HEAD would otherwise have its work committed and recorded wherever HEAD now is.
        if wt.currentBranch != ws.branch {
            let now = wt.currentBranch.map { "on branch \($0)" } ?? "with a detached HEAD"
            result.failure = "the agent left the worktree \(now), not on \(ws.branch); nothing was committed or recorded. Check out \(ws.branch) in \(ws.worktree) (git switch \(ws.branch)), bring the change there and commit it with the trailer \"Prevents: \(incident.id)\""
            return result
        }
        let tipAfter = try wt.headCommitID()
        var agentCommits: [ObjectID] = []
        if tipAfter != tipBefore {
            let walk = try RevWalk(wt, sorting: [.topological, .time, .reverse])
            try walk.push(tipAfter)
            try walk.hide(tipBefore)
            agentCommits = try walk.ids()
        }
        for id in agentCommits {
            let c = try wt.commit(id)
            let ok = Self.prevents(c.message, incident: incident.id)
            if !ok {
                result.warnings.append("agent commit \(id.short()) (\(c.summary)) has no \"Prevents: \(incident.id)\" trailer; add it with `git commit --amend` in \(ws.worktree) or landing may not be detected")
            }
            result.commits.append(.init(sha: id.hex, summary: c.summary, by: "agent", hasTrailer: ok))
        }
        // A lock file in the way (the worktree's index, the branch's ref: the agent's own git may have
        // been killed holding one) leaves what the agent did uncommitted, and says so; the commits the
        // agent made itself are still recorded.
        var lockedOut: String?
        do {
            let treeAfter = try wt.stageAll()
            if treeAfter == treeBefore, agentCommits.isEmpty, !leftovers.isEmpty {
                result.warnings.append("the agent changed nothing in this run; the draft's commit holds only what the earlier run left in \(ws.worktree) (\(WorktreeLeftovers.list(leftovers)))")
            }
            if treeAfter != treeBefore || !agentCommits.isEmpty || !leftovers.isEmpty {
                let message = "Prevent \(incident.id) (\(template.name))\n\nDrafted by `autoheal prevent` with the \(template.name) template; agent: \(agent.preset ?? (argv[0] as NSString).lastPathComponent).\n\nPrevents: \(incident.id)\nAutoheal-Run: \(runID)\n"
                if let id = try wt.commitAllChanges(message: message, identity: identity) {
                    let c = try wt.commit(id)
                    result.commits.append(.init(sha: id.hex, summary: c.summary, by: "autoheal", hasTrailer: true))
                }
            }
        } catch {
            // Only libgit2 throws in there (typed: a `GitError`).
            lockedOut = PreventionWorkspace.lockAdvice(error, afterAgentIn: ws.worktree, incident: incident.id)
            if lockedOut == nil { throw error }
        }
        if result.commits.isEmpty, let lockedOut {
            result.failure = lockedOut
            return result
        }
        if result.commits.isEmpty {
            result.failure = "the agent finished but changed nothing; its log is in \(runDir); the branch \(ws.branch) is kept"
            return result
        }
        for c in result.commits {
            say("committed \(String(c.sha.prefix(12))) \(c.summary)\(c.by == "agent" ? " (by the agent)" : "")")
        }
        try record(result.commits.map { c in
            Event(incident: incident.id, type: .preventionCommitted, at: req.now, source: "autoheal",
                  attrs: ["commit": .string(c.sha), "branch": .string(ws.branch), "run": .string(runID)])
        })

        commitHold?.end()
        if let lockedOut {
            result.failure = lockedOut
            return result
        }

        // Verify.
        if let verify = req.verify, !verify.isEmpty {
            result.verify = try runVerify(verify, trusted: req.verifyTrusted, env: env, request: req, worktree: ws.worktree,
                                          runDir: runDir, timeout: req.verifyTimeoutSeconds, groupRecord: lock.groupRecordPath)
            if result.verify?.passed == false {
                let timedOut = result.verify?.timedOut == true ? ", stopped after verify_timeout \(Duration.text(req.verifyTimeoutSeconds))" : ""
                result.failure = "verify failed (\(AgentCommand.display(verify)) exited \(result.verify?.exitCode ?? -1)\(timedOut)); see \(runDir)/verify.log"
            }
        }
        return result
    }

    func runVerify(_ argv: [String], trusted: Bool, env: [String: String], request: PreventionRequest, worktree: String,
                   runDir: String, timeout: Int64, groupRecord: String? = nil) throws -> PreventionResult.VerifyRun {
        guard trusted else {
            say("verify skipped: the repository's .autoheal.yml is not trusted (run `autoheal trust` to allow its commands)")
            return .init(argv: argv, exitCode: nil, seconds: nil, timedOut: false, log: nil,
                         skipped: "the repository's .autoheal.yml is not trusted (autoheal trust)")
        }
        var words = argv
        let log = runDir + "/verify.log"
        guard let exe = ProcessRunner.resolve(words[0], path: env["PATH"], base: worktree) else {
            // As a shell would: status 127, and the reason in the log the failure message points at.
            let reason = "verify command not found: \(words[0]) (give a path, or put it on PATH)"
            say(reason)
            try Self.write(log, "autoheal: " + reason + "\n")
            return .init(argv: argv, exitCode: 127, seconds: 0, timedOut: false, log: log, skipped: nil)
        }
        words[0] = exe
        say("verifying with \(AgentCommand.display(argv)) (timeout \(Duration.text(timeout)))")
        var verifyRun = ProcessRunner.Request(arguments: words, directory: worktree, environment: env, stdinPath: nil,
                                              stdoutPath: log, stderrPath: runDir + "/verify.stderr.log", timeoutSeconds: Double(timeout))
        verifyRun.groupRecordPath = groupRecord
        let o = try ProcessRunner.run(verifyRun)
        return .init(argv: argv, exitCode: o.exitCode, seconds: o.seconds, timedOut: o.timedOut, log: log, skipped: nil)
    }

    /// Whether a commit message names `incident` on a `Prevents:` line, as sync reads it (``PreventsLines``).
    static func prevents(_ message: String, incident: String) -> Bool {
        PreventsLines.incidents(in: message).contains(incident)
    }

    /// Renders and writes the template's scaffold files that are not there yet; returns their paths
    /// (``DraftFiles/render(_:view:renderer:)`` then ``DraftFiles/writeScaffold(_:worktree:warn:)``).
    static func scaffold(_ t: PreventionTemplate, view: JSONValue, renderer: BriefRenderer, worktree: String,
                         warn: (String) -> Void = { _ in }) throws(PreventError) -> [String] {
        DraftFiles.writeScaffold(try DraftFiles.render(t, view: view, renderer: renderer).scaffold, worktree: worktree, warn: warn)
    }

    static func write(_ path: String, _ text: String) throws(PreventError) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw PreventError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Where a relative agent path (`./scripts/agent.sh`) is resolved: a command from the repository's
    /// `.autoheal.yml` against the repository root (the folder of that file), so it runs the same from
    /// any subfolder; one from the command line or the personal config against the user's directory.
    static func commandBase(_ agent: AgentCommand, request: PreventionRequest) -> String {
        if case .repository(let file) = agent.source { return (file as NSString).deletingLastPathComponent }
        return request.commandBase
    }

    static func describe(_ s: AgentCommand.Source) -> String {
        switch s {
        case .commandLine: return "command line"
        case .personal(let f): return "personal config \(f)"
        case .repository(let f): return "repository config \(f) (trusted)"
        }
    }

    /// `run.json`: the result plus when and how the run was asked for.
    static func runRecord(_ r: PreventionResult, request: PreventionRequest) -> JSONValue {
        guard case .object(var o) = r.json else { return r.json }
        o["recorded_at"] = .string(request.now.description)
        o["no_agent"] = .bool(request.agent == nil)
        if let a = request.agent { o["timeout_seconds"] = JSONValue(a.timeoutSeconds) }
        return .object(o)
    }
}
