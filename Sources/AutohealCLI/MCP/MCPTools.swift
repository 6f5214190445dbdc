import AutohealCore
import AutohealGit
import AutohealLink
import AutohealLinkRun
import AutohealPrevent
import AutohealReports
import Foundation

/// The five tools of `autoheal mcp`, over the same ledger, config and repository as the CLI.
enum MCPTools {
    static func all(ctx: Context) -> [MCPServer.Tool] {
        let incidentArg: JSONValue = ["type": "string", "description": "The incident id, e.g. INC-7."]
        return [
            .init(name: "list_open_prevention",
                  description: "Incidents whose preventive fix has not landed yet (overdue first, then by severity, then oldest), with age, target, status and branch.",
                  inputSchema: ["type": "object", "properties": ["service": ["type": "string", "description": "Only this service."],
                                                                  "overdue": ["type": "boolean", "description": "Only overdue items."]]],
                  handler: { args in try listOpen(ctx, args) }),
            .init(name: "get_incident",
                  description: "One incident in full, as `autoheal show --json`: clocks (MTTD, MTTR, MTTP), severity history, timeline, root-cause links and prevention status.",
                  inputSchema: ["type": "object", "properties": ["incident": incidentArg], "required": ["incident"]],
                  handler: { args in try getIncident(ctx, args) }),
            .init(name: "get_prevention_brief",
                  description: "The brief and task (root cause, linked code with excerpts, owners, acceptance criteria) for writing an incident's preventive fix. Read-only: creates no branch. Commit the fix with the trailer `Prevents: <incident>`.",
                  inputSchema: ["type": "object", "properties": [
                      "incident": incidentArg,
                      "template": ["type": "string", "description": "regression-test, guard, alert-rule, config-validation, dependency-pin or a repository template (default: chosen from the root cause)."],
                  ], "required": ["incident"]],
                  handler: { args in try brief(ctx, args) }),
            .init(name: "link_incident",
                  description: "Link an incident's root cause to code (introducing commits, paths, owners) and store it, like `autoheal link`. With no method argument, uses the incident's rootcause.identified hints.",
                  inputSchema: ["type": "object", "properties": [
                      "incident": incidentArg,
                      "fix": ["type": "string", "description": "The fix commit (SZZ: blame the lines it changed at its parent)."],
                      "revert": ["type": "string", "description": "A revert commit; the reverted commit introduced the fault."],
                      "commits": ["type": "array", "items": ["type": "string"], "description": "Commits that introduced the fault."],
                      "frames": ["type": "array", "items": ["type": "string"], "description": "Stack frames PATH:LINE to blame at `at`."],
                      "deploy": ["type": "string", "description": "A deployed range A..B: its commits ranked by overlap with the incident's paths and frames."],
                      "at": ["type": "string", "description": "The revision frames are blamed at (default HEAD)."],
                  ], "required": ["incident"]],
                  handler: { args in try link(ctx, args) }),
            .init(name: "record_prevention",
                  description: "Record that a commit (made with the trailer `Prevents: <incident>`) is a preventive fix for the incident, so MTTP can be measured when it lands.",
                  inputSchema: ["type": "object", "properties": [
                      "incident": incidentArg,
                      "commit": ["type": "string", "description": "The commit (SHA or revision such as HEAD)."],
                      "branch": ["type": "string", "description": "The branch it is on (default: the current branch)."],
                      "pr": ["type": "integer", "description": "The number of the pull or merge request that carries the fix, once opened: a forge's squash commit names it (`Title (#12)`, `See merge request group/project!12`) where its message may name neither the incident nor the branch, and sync lands the incident by it."],
                  ], "required": ["incident", "commit"]],
                  handler: { args in try record(ctx, args) }),
        ]
    }

    /// The incident the arguments name; with `toAct`, one known only from `x-` events is refused (as
    /// `waive`, `link` and `prevent` refuse it): every tool but `get_incident` works toward acting on it.
    static func incident(_ ctx: Context, _ args: JSONValue, toAct what: String? = nil) throws -> Incident {
        guard let id = args["incident"]?.stringValue, !id.isEmpty else { throw MCPServer.ToolError(message: "the argument \"incident\" is required") }
        return try what.map { try ctx.incident(id, toAct: $0) } ?? ctx.incident(id)
    }

    static func listOpen(_ ctx: Context, _ args: JSONValue) throws -> JSONValue {
        let config = try ctx.config()
        var items = ReviewQueue.items(try ctx.incidents(), rules: config.rules, policy: config.severityPolicy, targets: config.targets, now: ctx.now)
        if let s = args["service"]?.stringValue.map(ServiceName.normalized) { items = items.filter { $0.service == s } }
        if args["overdue"]?.boolValue == true { items = items.filter(\.overdue) }
        return ["items": .array(items.map(\.json))]
    }

    static func getIncident(_ ctx: Context, _ args: JSONValue) throws -> JSONValue {
        let config = try ctx.config()
        let a = IncidentAnalysis(incident: try incident(ctx, args), rules: config.rules, asOf: ctx.now)
        return IncidentDocument.show(a, policy: config.severityPolicy)
    }

    static func brief(_ ctx: Context, _ args: JSONValue) throws -> JSONValue {
        let config = try ctx.config()
        let inc = try incident(ctx, args, toAct: "prevent")
        let a = IncidentAnalysis(incident: inc, rules: config.rules, asOf: ctx.now)
        let req = PreventionRequest(analysis: a, incidentDocument: IncidentDocument.show(a, policy: config.severityPolicy),
                                    template: args["template"]?.stringValue, agent: nil, defaultBranch: config.defaultBranch,
                                    defaultBranchOrigin: config.defaultBranchOrigin, branchPrefix: config.branchPrefix,
                                    environment: ctx.environment, commandBase: ctx.cwd, now: ctx.now)
        let p = try Preventer(repository: try ctx.openRepository(), record: { _ in }).preview(req)
        return ["incident": .string(inc.id), "template": .string(p.template), "template_reason": .string(p.reason),
                "branch": .string(p.branch), "brief": .string(p.brief), "task": p.task]
    }

    static func link(_ ctx: Context, _ args: JSONValue) throws -> JSONValue {
        let inc = try incident(ctx, args, toAct: "link")
        let method: LinkMethod
        do { method = try LinkBatch.method(of: args.objectValue ?? [:], toolArguments: true) } catch { throw MCPServer.ToolError(message: error.text) }
        let session = LinkSession(store: try ctx.openStoreForReading(), linker: Linker(repository: try ctx.openRepository()),
                                  now: ctx.now, source: "autoheal-mcp", methodNames: LinkSession.keyNames)
        let result = try session.link(inc.id, method)
        try session.save()
        return result.json
    }

    static func record(_ ctx: Context, _ args: JSONValue) throws -> JSONValue {
        let inc = try incident(ctx, args, toAct: "record a prevention for")
        guard let rev = args["commit"]?.stringValue, !rev.isEmpty else { throw MCPServer.ToolError(message: "the argument \"commit\" is required") }
        let repo = try ctx.openRepository()
        let id = try repo.resolveCommit(rev)
        let commit = try repo.commit(id)
        let hasTrailer = PreventsLines.incidents(in: commit.message).contains(inc.id)
        if let given = args["branch"]?.stringValue, let problem = RefName.problem(given) {
            throw MCPServer.ToolError(message: "\"\(given)\" is not a branch name: \(problem)")
        }
        let branch = args["branch"]?.stringValue ?? repo.currentBranch
        var attrs: [String: JSONValue] = ["commit": .string(id.hex)]
        if let branch { attrs["branch"] = .string(branch) }
        if let given = args["pr"] {
            guard let n = given.numberValue, n == n.rounded(), n >= 1, n <= 1_000_000_000 else {
                throw MCPServer.ToolError(message: "the argument \"pr\" must be a pull or merge request number (a whole number from 1), not \(given.canonicalJSON)")
            }
            attrs["pr"] = .number(n)
        }
        // No sender id: the identity is a hash of the content, so recording the same commit twice is a duplicate.
        let event = Event(incident: inc.id, type: .preventionCommitted, at: Timestamp(seconds: commit.committer.time),
                          source: "autoheal-mcp", attrs: .object(attrs))
        let appended = try ctx.openStore().append([event], recordedAt: ctx.now)
        var out: [String: JSONValue] = ["incident": .string(inc.id), "commit": .string(id.hex), "branch": JSONValue(branch),
                                        "recorded": .bool(appended.new > 0), "prevents_trailer": .bool(hasTrailer)]
        if let pr = attrs["pr"] { out["pr"] = pr }
        var warnings: [String] = []
        if !hasTrailer {
            // Recorded, sync finds the commit itself (a fast-forward, or on the branch already); a squash
            // or rebase on a forge finds it by the trailer or patch-id only.
            warnings.append("the commit message has no \"Prevents: \(inc.id)\" line: sync finds this commit itself, but a squash or rebase merge is matched by that line or its patch; add it (git commit --amend) while the branch is unmerged")
        }
        let state = PreventionState(events: inc.events, asOf: ctx.now)
        if let reason = state.waivedReason {
            warnings.append("\(inc.id) was waived (\(reason)): when this commit lands, the incident counts again in MTTP as landed")
        }
        if !warnings.isEmpty { out["warning"] = .string(warnings.joined(separator: "; ")) }
        return .object(out)
    }
}
