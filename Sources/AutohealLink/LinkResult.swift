import AutohealCore

/// What `autoheal link` found: the commits that introduced the fault, the code involved, its owners and
/// earlier incidents in the same code. Stored as the attrs of a `rootcause.linked` event.
public struct LinkResult: Equatable, Sendable {
    /// A commit that brought the fault in, with how many of the involved lines it explains.
    public struct Introducing: Equatable, Sendable {
        public var commit: String
        public var summary: String
        public var author: String
        /// RFC 3339, UTC.
        public var authoredAt: String
        public var lines: Int

        public init(commit: String, summary: String, author: String, authoredAt: String, lines: Int) {
            self.commit = commit
            self.summary = summary
            self.author = author
            self.authoredAt = authoredAt
            self.lines = lines
        }
    }

    /// A file involved, with merged line ranges and the functions enclosing them.
    public struct CodePath: Equatable, Sendable {
        public var path: String
        public var lines: [ClosedRange<Int>]
        public var functions: [String]

        public init(path: String, lines: [ClosedRange<Int>], functions: [String] = []) {
            self.path = path
            self.lines = lines
            self.functions = functions
        }
    }

    /// Someone responsible for the code: from CODEOWNERS, or a top blame author.
    public struct Owner: Equatable, Sendable {
        public enum Source: String, Sendable { case codeowners = "CODEOWNERS", blame }
        public var owner: String
        public var source: Source
        /// How many of the involved lines this owner accounts for.
        public var lines: Int?

        public init(owner: String, source: Source, lines: Int? = nil) {
            self.owner = owner
            self.source = source
            self.lines = lines
        }
    }

    public var incident: String?
    /// `fix`, `revert`, `commit`, `frame`, `stack`, `deploy` or `paths`.
    public var method: String
    /// The revision the code was read at (the fix's parent for `fix`), full SHA.
    public var at: String?
    /// Ranked introducing commits: the likeliest set, newest first.
    public var introducing: [Introducing]
    /// Every commit blame reached, newest first, before ranking (only for blame-based methods).
    public var candidates: [Introducing]
    public var paths: [CodePath]
    public var owners: [Owner]
    /// Ids of earlier incidents whose linked code overlaps this one's (filled in by the caller).
    public var relatedIncidents: [String]

    public init(incident: String? = nil, method: String, at: String? = nil, introducing: [Introducing] = [],
                candidates: [Introducing] = [], paths: [CodePath] = [], owners: [Owner] = [], relatedIncidents: [String] = []) {
        self.incident = incident
        self.method = method
        self.at = at
        self.introducing = introducing
        self.candidates = candidates
        self.paths = paths
        self.owners = owners
        self.relatedIncidents = relatedIncidents
    }
}

extension LinkResult {
    /// The result as the `rootcause.linked` event stores it: ``json`` without `related_incidents`,
    /// which depend on the other incidents' links and are worked out when shown.
    public var storedJSON: JSONValue { Self.withoutRelated(json) }

    /// A link document without its `related_incidents` (links stored before they were left out have them).
    public static func withoutRelated(_ link: JSONValue) -> JSONValue {
        guard case .object(var o) = link else { return link }
        o["related_incidents"] = nil
        return .object(o)
    }

    /// The contract's JSON document (`incident`, `method`, `introducing`, `paths`, `owners`,
    /// `related_incidents`), plus `at` and `candidates`.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "incident": JSONValue(incident),
            "method": .string(method),
            "introducing": .array(introducing.map(\.json)),
            "paths": .array(paths.map { p in
                ["path": .string(p.path),
                 "lines": .array(p.lines.map { [.number(Double($0.lowerBound)), .number(Double($0.upperBound))] }),
                 "functions": .array(p.functions.map(JSONValue.string))]
            }),
            "owners": .array(owners.map { ow in
                var m: [String: JSONValue] = ["owner": .string(ow.owner), "source": .string(ow.source.rawValue)]
                if let l = ow.lines { m["lines"] = .number(Double(l)) }
                return .object(m)
            }),
            "related_incidents": .array(relatedIncidents.map(JSONValue.string)),
        ]
        if let at { o["at"] = .string(at) }
        if !candidates.isEmpty { o["candidates"] = .array(candidates.map(\.json)) }
        return .object(o)
    }

    /// Reads a result back from its JSON (as stored in a `rootcause.linked` event).
    public init(json: JSONValue) throws(LinkError) {
        guard let method = json["method"]?.stringValue else {
            throw LinkError.badStoredResult("a link result needs a \"method\"")
        }
        func commits(_ key: String) -> [Introducing] {
            (json[key]?.arrayValue ?? []).compactMap { c in
                guard let sha = c["commit"]?.stringValue else { return nil }
                return Introducing(commit: sha, summary: c["summary"]?.stringValue ?? "",
                                   author: c["author"]?.stringValue ?? "", authoredAt: c["authored_at"]?.stringValue ?? "",
                                   lines: c["lines"]?.intValue ?? 0)
            }
        }
        self.init(incident: json["incident"]?.stringValue, method: method, at: json["at"]?.stringValue,
                  introducing: commits("introducing"), candidates: commits("candidates"))
        paths = LinkResult.codePaths(from: json)
        owners = (json["owners"]?.arrayValue ?? []).compactMap { o in
            guard let name = o["owner"]?.stringValue, let src = o["source"]?.stringValue.flatMap(Owner.Source.init(rawValue:)) else { return nil }
            return Owner(owner: name, source: src, lines: o["lines"]?.intValue)
        }
        relatedIncidents = json["related_incidents"]?.stringList ?? []
    }

    /// The `paths` member of a stored result; tolerant of missing fields, for related-incident matching.
    public static func codePaths(from json: JSONValue) -> [CodePath] {
        (json["paths"]?.arrayValue ?? []).compactMap { p in
            guard let path = p["path"]?.stringValue else { return nil }
            let ranges: [ClosedRange<Int>] = (p["lines"]?.arrayValue ?? []).compactMap { r in
                guard let a = r.arrayValue, a.count == 2, let s = a[0].intValue, let e = a[1].intValue, s <= e else { return nil }
                return s...e
            }
            return CodePath(path: path, lines: ranges, functions: p["functions"]?.stringList ?? [])
        }
    }
}

extension LinkResult.Introducing {
    var json: JSONValue {
        ["commit": .string(commit), "summary": .string(summary), "author": .string(author),
         "authored_at": .string(authoredAt), "lines": .number(Double(lines))]
    }
}
