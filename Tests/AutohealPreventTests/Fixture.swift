import AutohealCore
@testable import AutohealPrevent

/// Incidents built from events, for rendering and choosing without a repository.
enum Fixture {
    static func t(_ s: String) -> Timestamp { try! RFC3339.parse(s) }

    static func event(_ type: EventType, _ at: String, service: String? = nil, severity: String? = nil, attrs: JSONValue? = nil) -> Event {
        Event(incident: "INC-7", type: type, at: t(at), service: service, severity: severity, attrs: attrs)
    }

    /// INC-7: detected in 17m, recovered in 51m, root cause "pool exhausted" linked to app/pool.py.
    static func incident(summary: String = "connection pool exhausted under retry storm", title: String = "Checkout 5xx <& \"quotes\">",
                         extra: [Event] = []) -> Incident {
        let link: JSONValue = [
            "method": "fix",
            "introducing": [["commit": "0123456789abcdef0123456789abcdef01234567", "summary": "Raise retries", "author": "Ada", "authored_at": "2026-10-01T00:00:00Z", "lines": 2]],
            "paths": [["path": "app/pool.py", "lines": [[2, 3]], "functions": ["acquire"]]],
            "owners": [["owner": "@payments", "source": "CODEOWNERS"]],
            "related_incidents": ["INC-3"],
        ]
        return Incident(id: "INC-7", events: [
            event(.alertFired, "2026-11-10T02:00:00Z", service: "checkout", attrs: ["monitor": "5xx rate"]),
            event(.pageAcknowledged, "2026-11-10T02:17:00Z"),
            event(.incidentDeclared, "2026-11-10T02:47:00Z", severity: "SEV2", attrs: ["title": .string(title)]),
            event(.rootcauseIdentified, "2026-11-10T03:00:00Z", attrs: ["summary": .string(summary)]),
            event(.sliRecovered, "2026-11-10T03:08:00Z"),
            event(.rootcauseLinked, "2026-11-10T04:00:00Z", attrs: link),
        ] + extra)
    }

    static func analysis(_ inc: Incident = incident()) -> IncidentAnalysis {
        IncidentAnalysis(incident: inc, rules: .default, asOf: t("2026-11-20T03:08:00Z"))
    }

    static func document(template name: String = "regression-test", incident inc: Incident = incident()) throws -> TaskDocument {
        let template = try TemplateCatalog.builtIn().template(name)
        let code = [CodeExcerpt(path: "app/pool.py", lines: [2...3], functions: ["acquire"],
                                slices: [.init(start: 1, end: 4, text: "def acquire(pool):\n    if pool.free == 0:\n        raise Exhausted()\n    return pool.take()")])]
        return TaskDocument(run: "INC-7-20261120T000000Z", analysis: analysis(inc), template: template,
                            choice: .init(name: name, reason: "chosen with --template"), code: code,
                            git: .init(branch: "autoheal/INC-7-connection-pool-exhausted-under-retry", base: "89abcdef0123456789abcdef0123456789abcdef",
                                       baseRevision: "main", worktree: "/repo/.git/autoheal/worktrees/INC-7"),
                            briefPath: "/repo/.git/autoheal/runs/INC-7-20261120T000000Z/brief.md",
                            taskPath: "/repo/.git/autoheal/runs/INC-7-20261120T000000Z/task.json")
    }

    static func render(_ name: String = "regression-test", incident inc: Incident = incident()) throws -> String {
        let catalog = try TemplateCatalog.builtIn()
        let doc = try document(template: name, incident: inc)
        return try BriefRenderer(partials: catalog.partials).render(doc.template.brief, view: doc.view, name: name)
    }
}
