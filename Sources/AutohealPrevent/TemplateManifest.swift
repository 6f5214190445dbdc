import Foundation

/// What a template declares besides its brief: a one-line purpose, the files it may scaffold into the
/// worktree (paths and contents are Mustache) and the acceptance criteria handed to the agent.
public struct TemplateManifest: Equatable, Sendable {
    /// A file the template may create. A path that renders empty is skipped, so a template can offer
    /// a scaffold only for some languages (`{{#lang.python}}…{{/lang.python}}`).
    public struct Scaffold: Equatable, Sendable {
        public var path: String
        public var content: String

        public init(path: String, content: String) {
            self.path = path
            self.content = content
        }
    }

    public var purpose: String
    public var acceptance: [String]
    public var scaffold: [Scaffold]

    public init(purpose: String = "", acceptance: [String] = [], scaffold: [Scaffold] = []) {
        self.purpose = purpose
        self.acceptance = acceptance
        self.scaffold = scaffold
    }

    /// Parses a `manifest.yml`: a small YAML subset with `purpose: text`, `acceptance:` (a list of
    /// strings) and `scaffold:` (a list of `path:`/`content: |` mappings). Lines starting with `#` are
    /// comments. Errors name the file and line.
    public static func parse(_ text: String, file: String) throws(PreventError) -> TemplateManifest {
        var parser = ManifestParser(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), file: file)
        return try parser.parse()
    }
}

/// A line-based reader for the manifest's YAML subset.
struct ManifestParser {
    let lines: [String]
    let file: String
    var i = 0

    init(lines: [String], file: String) {
        self.lines = lines
        self.file = file
    }

    func fail(_ reason: String, line: Int? = nil) -> PreventError {
        PreventError("\(file):\((line ?? i) + 1): \(reason)", kind: .badInput)
    }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    static func isBlank(_ line: String) -> Bool {
        let t = line.drop { $0 == " " }
        return t.isEmpty || t.hasPrefix("#")
    }

    mutating func skipBlank() {
        while i < lines.count, Self.isBlank(lines[i]) { i += 1 }
    }

    mutating func parse() throws(PreventError) -> TemplateManifest {
        var m = TemplateManifest()
        var seen: Set<String> = []
        while true {
            skipBlank()
            guard i < lines.count else { break }
            let line = lines[i]
            guard Self.indent(line) == 0 else { throw fail("unexpected indentation") }
            guard let (key, value) = Self.keyValue(line) else { throw fail("expected \"key: value\"") }
            guard seen.insert(key).inserted else { throw fail("\"\(key)\" appears twice") }
            i += 1
            switch key {
            case "purpose": m.purpose = try scalar(value)
            case "acceptance":
                guard value.isEmpty else { throw fail("acceptance is a list of \"- criterion\" lines", line: i - 1) }
                m.acceptance = try stringList()
            case "scaffold":
                guard value.isEmpty else { throw fail("scaffold is a list of path/content entries", line: i - 1) }
                m.scaffold = try scaffoldList()
            default:
                throw fail("unknown key \"\(key)\" (known: purpose, acceptance, scaffold)", line: i - 1)
            }
        }
        return m
    }

    /// Splits `key: value` (the value may be empty).
    static func keyValue(_ line: String) -> (String, String)? {
        let t = line.drop { $0 == " " }
        guard let colon = t.firstIndex(of: ":") else { return nil }
        let key = String(t[..<colon])
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) else { return nil }
        let rest = t[t.index(after: colon)...]
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (key, String(rest.drop { $0 == " " }))
    }

    /// A plain, single- or double-quoted scalar.
    func scalar(_ raw: String) throws(PreventError) -> String {
        var v = raw
        while v.hasSuffix(" ") { v.removeLast() }
        if v.hasPrefix("\"") {
            guard v.count >= 2, v.hasSuffix("\"") else { throw fail("unterminated double quote") }
            var out = ""
            var escaping = false
            for c in v.dropFirst().dropLast() {
                if escaping {
                    switch c {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(c)
                    }
                    escaping = false
                } else if c == "\\" { escaping = true } else { out.append(c) }
            }
            return out
        }
        if v.hasPrefix("'") {
            guard v.count >= 2, v.hasSuffix("'") else { throw fail("unterminated single quote") }
            return String(v.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if v == "|" || v == ">" { throw fail("a block scalar is only allowed for scaffold content") }
        return v
    }

    /// `- item` lines indented under the key.
    mutating func stringList() throws(PreventError) -> [String] {
        var items: [String] = []
        while true {
            skipBlank()
            guard i < lines.count, Self.indent(lines[i]) > 0 else { break }
            let t = lines[i].drop { $0 == " " }
            guard t.hasPrefix("- ") else { throw fail("expected \"- item\"") }
            items.append(try scalar(String(t.dropFirst(2).drop { $0 == " " })))
            i += 1
        }
        return items
    }

    /// `- path: …` entries, each with `content: |` followed by a more-indented block.
    mutating func scaffoldList() throws(PreventError) -> [TemplateManifest.Scaffold] {
        var items: [TemplateManifest.Scaffold] = []
        while true {
            skipBlank()
            guard i < lines.count, Self.indent(lines[i]) > 0 else { break }
            let entryLine = i
            let itemIndent = Self.indent(lines[i])
            let t = String(lines[i].dropFirst(itemIndent))
            guard t.hasPrefix("- ") else { throw fail("expected \"- path: …\"") }
            let keyIndent = itemIndent + 2
            var path: String?
            var content: String?
            var first = String(repeating: " ", count: keyIndent) + t.dropFirst(2).drop { $0 == " " }
            while true {
                let start = i
                guard let (key, value) = Self.keyValue(first) else { throw fail("expected \"key: value\"") }
                i += 1
                switch key {
                case "path": path = try scalar(value)
                case "content":
                    if value == "|" || value == "|-" { content = try block(parentIndent: keyIndent, keepNewline: value == "|") }
                    else { content = try scalar(value) }
                default: throw fail("unknown scaffold key \"\(key)\" (known: path, content)", line: start)
                }
                skipBlank()
                guard i < lines.count, Self.indent(lines[i]) == keyIndent,
                      !lines[i].dropFirst(keyIndent).hasPrefix("-") else { break }
                first = lines[i]
            }
            guard let path, !path.isEmpty else { throw fail("a scaffold entry needs a path", line: entryLine) }
            items.append(.init(path: path, content: content ?? ""))
        }
        return items
    }

    /// A literal block: every following line indented deeper than `parentIndent` (blank lines kept).
    mutating func block(parentIndent: Int, keepNewline: Bool) throws(PreventError) -> String {
        var body: [String] = []
        var blockIndent: Int?
        while i < lines.count {
            let line = lines[i]
            let blank = line.allSatisfy { $0 == " " }
            if !blank {
                let ind = Self.indent(line)
                if ind <= parentIndent { break }
                if blockIndent == nil { blockIndent = ind }
                guard ind >= blockIndent! else { throw fail("block line is indented less than the block's first line") }
                body.append(String(line.dropFirst(blockIndent!)))
            } else {
                body.append("")
            }
            i += 1
        }
        while body.last == "" { body.removeLast() }
        let text = body.joined(separator: "\n")
        return keepNewline && !text.isEmpty ? text + "\n" : text
    }
}
