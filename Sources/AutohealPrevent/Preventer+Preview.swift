import AutohealCore
import AutohealGit

extension Preventer {
    /// The template choice for a request: `--template`, else the chooser's pick among the catalog's names.
    static func choose(_ req: PreventionRequest, catalog: TemplateCatalog) throws(PreventError) -> (PreventionTemplate, TemplateChooser.Choice) {
        let choice: TemplateChooser.Choice
        if let t = req.template { choice = .init(name: t, reason: "chosen with --template") }
        else { choice = TemplateChooser.choose(req.analysis, available: Set(catalog.names)) }
        return (try catalog.template(choice.name), choice)
    }

    /// The brief and `task.json` a run would write, without creating a branch, worktree or run folder
    /// (for the MCP tool `get_prevention_brief`). The branch is the one a run would use.
    public func preview(_ req: PreventionRequest) throws -> (template: String, reason: String, branch: String, brief: String, task: JSONValue) {
        let incident = req.analysis.incident
        try RefName.validateIncidentID(incident.id)
        let repo = repository
        let catalog = try TemplateCatalog.load(repositoryRoot: repo.workdir)
        let (template, choice) = try Self.choose(req, catalog: catalog)
        let baseRevision = try Self.baseRevision(req, in: repo)
        let requested = try repo.resolveCommit(baseRevision.revision)
        let existing = PreventionWorkspace.existingBranch(in: repo, prefix: req.branchPrefix, incident: incident.id,
                                                          recorded: req.analysis.preventionState.branch)
        let branch = try existing ?? BranchName.make(prefix: req.branchPrefix, incident: incident.id, title: Self.slugSource(incident))
        let (base, codeCommit) = Self.draftBase(existing: existing, in: repo, requested: requested)
        let worktree = (try? repo.worktreePath(name: incident.id)) ?? PreventionWorkspace.defaultWorktree(commonDir: repo.commonDir, incident: incident.id)
        let paths = CodeExcerpt.paths(link: incident.link, identified: incident.identifiedHints)
        let doc = TaskDocument(run: "preview", analysis: req.analysis, incidentDocument: req.incidentDocument, template: template,
                               choice: choice, code: CodeExcerpt.read(paths, repository: repo, commit: codeCommit),
                               git: .init(branch: branch, base: base.hex, baseRevision: baseRevision.name, worktree: worktree,
                                          codeCommit: codeCommit.hex),
                               briefPath: "brief.md", taskPath: "task.json")
        let brief = try BriefRenderer(partials: catalog.partials).render(template.brief, view: doc.view, name: template.name)
        return (template.name, choice.reason, branch, brief, doc.json)
    }

    /// The base a draft reports and the commit its code excerpts are read from: for an existing fix
    /// branch (a re-run), the base it was drafted from and its tip; else the requested base for both.
    static func draftBase(existing branch: String?, in repo: Repository, requested: ObjectID) -> (base: ObjectID, code: ObjectID) {
        guard let branch, let tip = repo.branchTarget(branch) else { return (requested, requested) }
        return (PreventionWorkspace.base(ofExisting: branch, in: repo, requested: requested), tip)
    }

    /// The text a branch slug is made from: the root-cause summary, else the title, else the service.
    static func slugSource(_ incident: Incident) -> String? {
        incident.all(.rootcauseIdentified).last?.attrs?["summary"]?.stringValue ?? incident.title ?? incident.service
    }
}
