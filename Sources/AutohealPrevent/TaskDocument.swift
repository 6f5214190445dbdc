import AutohealCore

/// The machine-readable task handed to an agent as `task.json` (schema: `docs/task.schema.json`), and
/// the view of it that briefs are rendered from. Incident text stays data: it is only ever written
/// into this document, the brief and environment values.
public struct TaskDocument: Sendable {
    /// Where the run happens.
    public struct Git: Equatable, Sendable {
        public var branch: String
        /// The base commit, full SHA.
        public var base: String
        /// What the user named as base (`main`, `HEAD~2`, …).
        public var baseRevision: String
        public var worktree: String
        /// The commit the code excerpts are read from: the base, or the tip of a reused branch.
        public var codeCommit: String

        public init(branch: String, base: String, baseRevision: String, worktree: String, codeCommit: String? = nil) {
            self.branch = branch
            self.base = base
            self.baseRevision = baseRevision
            self.worktree = worktree
            self.codeCommit = codeCommit ?? base
        }

        /// Where the excerpts come from, for the brief (`the base commit 89abcdef0123`).
        var codeSource: String {
            codeCommit == base ? "the base commit \(codeCommit.prefix(12))"
                : "\(codeCommit.prefix(12)), the tip of the reused branch `\(branch)`"
        }
    }

    public var run: String
    public var analysis: IncidentAnalysis
    /// The incident as `autoheal show --json` prints it, when the caller has it.
    public var incidentDocument: JSONValue?
    public var template: PreventionTemplate
    public var choice: TemplateChooser.Choice
    public var code: [CodeExcerpt]
    public var git: Git
    public var briefPath: String
    public var taskPath: String

    public init(run: String, analysis: IncidentAnalysis, incidentDocument: JSONValue? = nil, template: PreventionTemplate,
                choice: TemplateChooser.Choice, code: [CodeExcerpt], git: Git, briefPath: String, taskPath: String) {
        self.run = run
        self.analysis = analysis
        self.incidentDocument = incidentDocument
        self.template = template
        self.choice = choice
        self.code = code
        self.git = git
        self.briefPath = briefPath
        self.taskPath = taskPath
    }

    var incident: Incident { analysis.incident }
    var link: JSONValue? { incident.link }
    var identified: JSONValue? { incident.all(.rootcauseIdentified).last?.attrs }

    /// The root-cause summary: the identified event's, else the incident title.
    public var summary: String? {
        identified?["summary"]?.stringValue ?? incident.title
    }

    /// `task.json`.
    public var json: JSONValue {
        let inc = incident
        let sev = inc.severity
        let summaryDoc: JSONValue = [
            "id": .string(inc.id), "service": JSONValue(inc.service), "title": JSONValue(inc.title),
            "severity": JSONValue(sev.highest), "declared": JSONValue(inc.declaredAt), "status": .string(analysis.status),
        ]
        let prevention: JSONValue = [
            "start": analysis.prevention.start.map(\.json) ?? .null, "stop": analysis.prevention.stop.map(\.json) ?? .null,
            "seconds": JSONValue(analysis.prevention.seconds), "open": .bool(analysis.preventionOpen),
            "elapsed_seconds": JSONValue(analysis.preventionElapsedSeconds),
        ]
        return [
            "version": 1,
            "run": .string(run),
            "incident": incidentDocument ?? summaryDoc,
            "timeline": .array(inc.events.map(\.json)),
            "clocks": ["detection": analysis.detection.json, "recovery": analysis.recovery.json, "prevention": prevention,
                       "hidden_investigation_seconds": JSONValue(analysis.hiddenInvestigationSeconds)],
            "root_cause": ["summary": JSONValue(summary), "identified": identified ?? .null, "link": link ?? .null],
            "code_paths": .array(code.map(\.json)),
            "owners": link?["owners"] ?? .array([]),
            "related_incidents": link?["related_incidents"] ?? .array([]),
            "template": ["name": .string(template.name), "origin": .string(template.origin.rawValue),
                         "purpose": .string(template.manifest.purpose), "reason": .string(choice.reason),
                         "acceptance": .array(template.manifest.acceptance.map { .string($0) })],
            "git": ["branch": .string(git.branch), "base": .string(git.base), "base_revision": .string(git.baseRevision),
                    "worktree": .string(git.worktree), "code_commit": .string(git.codeCommit)],
            "files": ["brief": .string(briefPath), "task": .string(taskPath)],
        ]
    }

    /// Text on one line: line breaks and tabs become spaces (for list items in briefs).
    static func oneLine(_ s: String) -> String {
        String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// Text that may span lines as a Markdown block quote: every line starts with `>`, so incident
    /// text can neither start a heading of the brief's own (`## How to work`) nor leave its section.
    static func quoted(_ s: String) -> String {
        s.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.isEmpty ? ">" : "> " + String($0.map { $0 == "\t" ? " " : $0 }) }
            .joined(separator: "\n")
    }

    /// A code fence longer than any run of backticks in `text` (at least three), so the text cannot close it.
    static func fence(for text: String) -> String {
        var longest = 0, run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// The values templates see (documented in `Templates/README.md`).
    public var view: JSONValue {
        let inc = incident
        let id = inc.id
        let snake = id.lowercased().map { ($0.isLetter || $0.isNumber) && $0.isASCII ? $0 : "_" }
        let lower = id.lowercased().map { ($0.isLetter || $0.isNumber) && $0.isASCII ? $0 : "-" }
        let alert = "Autoheal" + id.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        let introducing: [JSONValue] = (link?["introducing"]?.arrayValue ?? []).map { c in
            let sha = c["commit"]?.stringValue ?? ""
            return ["commit": .string(Self.oneLine(sha)), "short": .string(Self.oneLine(String(sha.prefix(12)))),
                    "summary": .string(Self.oneLine(c["summary"]?.stringValue ?? "")), "author": .string(Self.oneLine(c["author"]?.stringValue ?? ""))]
        }
        func clock(_ c: Clock, seconds: Int64?) -> JSONValue {
            ["seconds": JSONValue(seconds), "text": .string(Duration.text(seconds)), "fallback": .bool(c.fallback),
             "start": JSONValue(c.start?.type.rawValue), "stop": JSONValue(c.stop?.type.rawValue)]
        }
        let timeline: [JSONValue] = inc.events.map { e in
            let note = e.attrs?["summary"]?.stringValue ?? e.attrs?["title"]?.stringValue ?? e.attrs?["action"]?.stringValue
                ?? e.attrs?["monitor"]?.stringValue ?? e.severity
            return ["at": .string(e.at.description), "type": .string(Self.oneLine(e.type.rawValue)), "note": JSONValue(note.map(Self.oneLine))]
        }
        let owners = (link?["owners"]?.arrayValue ?? []).map { o -> JSONValue in
            ["owner": .string(Self.oneLine(o["owner"]?.stringValue ?? "")), "source": .string(Self.oneLine(o["source"]?.stringValue ?? ""))]
        }
        let related = (link?["related_incidents"]?.stringList ?? []).map(Self.oneLine)
        var langs: [String: JSONValue] = [:]
        for c in code where !c.language.isEmpty { langs[c.language] = true }
        let summaryText = summary ?? ""
        return [
            "incident": [
                "id": .string(id), "id_lower": .string(String(lower)), "id_snake": .string(String(snake)),
                "alert_name": .string(alert), "service": .string(Self.oneLine(inc.service ?? "unknown")), "title": JSONValue(inc.title.map(Self.oneLine)),
                "severity": .string(Self.oneLine(inc.severity.highest ?? "unknown")), "status": .string(Self.oneLine(analysis.status)),
            ],
            "root_cause": [
                // Incident text that may span lines stays quoted (see `quoted`); the rest is one line.
                "summary": summaryText.isEmpty ? .null : .string(Self.quoted(summaryText)),
                "summary_line": .string(summaryText.split(whereSeparator: \.isNewline).first.map { Self.oneLine(String($0)) } ?? "unknown"),
                "method": JSONValue(link?["method"]?.stringValue.map(Self.oneLine)),
                "introducing": .array(introducing), "has_introducing": .bool(!introducing.isEmpty),
            ],
            "clocks": [
                "detection": clock(analysis.detection, seconds: analysis.detection.seconds),
                "recovery": clock(analysis.recovery, seconds: analysis.recovery.seconds),
                "prevention": clock(analysis.prevention, seconds: analysis.preventionElapsedSeconds),
            ],
            "timeline": .array(timeline),
            "code_paths": .array(code.map { c in
                ["path": .string(Self.oneLine(c.path)), "language": .string(c.language), "fence": .string(Self.fence(for: c.numberedText)),
                 "ranges": .string(c.lines.isEmpty ? "start of file" : (c.lines.count == 1 && c.lines[0].count == 1 ? "line " : "lines ") + c.lines.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ")),
                 "functions": c.functions.isEmpty ? .null : .string(Self.oneLine(c.functions.joined(separator: ", "))),
                 "excerpt": .string(c.slices.isEmpty ? "(not present at \(git.codeCommit == git.base ? "the base commit" : "the branch's tip"))" : c.numberedText)]
            }),
            "has_code_paths": .bool(!code.isEmpty),
            "owners": .array(owners), "has_owners": .bool(!owners.isEmpty),
            "related_incidents": .array(related.map { .string($0) }), "has_related": .bool(!related.isEmpty),
            "related_list": .string(related.joined(separator: ", ")),
            "acceptance": .array(template.manifest.acceptance.map { .string($0) }),
            "template": ["name": .string(template.name), "purpose": .string(template.manifest.purpose), "reason": .string(Self.oneLine(choice.reason))],
            "lang": .object(langs),
            "branch": .string(git.branch), "base": .string(git.base), "base_short": .string(String(git.base.prefix(12))),
            "base_revision": .string(git.baseRevision), "worktree": .string(git.worktree),
            "code_commit": .string(git.codeCommit), "code_from": .string(git.codeSource),
            "task_path": .string(taskPath), "brief_path": .string(briefPath), "run": .string(run),
        ]
    }
}
