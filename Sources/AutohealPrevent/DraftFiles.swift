import AutohealCore

/// What a run writes from its template: the brief and the scaffold files, rendered. `prevent` renders
/// them once before it creates the branch, the worktree or the run folder, so that everything the
/// template and the incident alone can refuse — Mustache that does not parse, a scaffold path that
/// would leave the worktree — stops the run with nothing created; and again, with the run's own
/// values, once those exist.
struct DraftFiles: Equatable {
    /// A scaffold file: its path inside the worktree (checked by ``pathProblem(_:)``) and its content.
    struct ScaffoldFile: Equatable {
        var path: String
        var content: String
    }

    var brief: String
    /// In the manifest's order; paths that rendered empty are left out.
    var scaffold: [ScaffoldFile]

    /// Renders the brief and every scaffold path and content of `template` over `view`. Throws a
    /// bad-input error for Mustache that does not parse and for a scaffold path whose text would leave
    /// the worktree (``pathProblem(_:)``).
    static func render(_ template: PreventionTemplate, view: JSONValue, renderer: BriefRenderer) throws(PreventError) -> DraftFiles {
        let brief = try renderer.render(template.brief, view: view, name: template.name)
        var files: [ScaffoldFile] = []
        for s in template.manifest.scaffold {
            let path = try renderer.render(s.path, view: view, name: "\(template.name) scaffold path").trimmingCharacters(in: .whitespacesAndNewlines)
            if path.isEmpty { continue }
            if let problem = pathProblem(path) {
                let source = path == s.path ? "" : " (rendered from \(RefName.quoted(s.path)))"
                throw PreventError("template \(template.name): scaffold path \(RefName.quoted(path))\(source) must stay inside the worktree: \(problem)",
                                   kind: .badInput)
            }
            files.append(.init(path: path, content: try renderer.render(s.content, view: view, name: "\(template.name) scaffold \(path)")))
        }
        return DraftFiles(brief: brief, scaffold: files)
    }

    /// Why a rendered scaffold path could name something outside the worktree (or inside its git
    /// metadata: a component git takes for `.git`, ``DotGitName``, which git would also refuse to
    /// stage) by its text alone, whatever the repository holds, or `nil` when it cannot. Whether a
    /// folder on the way is a symbolic link depends on the repository's files, and is found when the
    /// file is written (``WorktreeFile``).
    static func pathProblem(_ path: String) -> String? {
        if path.hasPrefix("/") { return "it is absolute" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "it holds a control character" }
        // Split on the scalar `/`, not the Character: a combining or joining mark after a `/` (U+200C in
        // `tests/\u{200C}.git`) makes one Character of both, and the component would go unseen.
        for scalars in path.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false) {
            let part = Substring(scalars)
            if part == ".." { return "it has a \"..\" component" }
            if part.isEmpty || part == "." { return "it has an empty or \".\" component" }
            if let dotGit = DotGitName.problem(part) { return dotGit }
        }
        return nil
    }

    /// Writes the scaffold files that are not there yet into `worktree`; returns their paths. A file is
    /// only ever created inside the worktree: a path through a symbolic link the repository committed
    /// (`cfg -> ~/.config`), or onto one, is skipped and `warn` says why.
    static func writeScaffold(_ files: [ScaffoldFile], worktree: String, warn: (String) -> Void) -> [String] {
        var written: [String] = []
        for f in files {
            switch WorktreeFile.create(root: worktree, relativePath: f.path, content: f.content) {
            case .written: written.append(f.path)
            case .exists: continue
            case .refused(let why): warn("scaffold \(f.path) not written: \(why)")
            }
        }
        return written
    }
}
