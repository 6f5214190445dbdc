/// A parsed CODEOWNERS file (GitHub syntax): `pattern owner...` rules where the last matching rule wins.
public struct CodeOwners: Sendable, Equatable {
    /// Where GitHub looks, in order: the first file found is used.
    public static let locations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

    public struct Rule: Sendable, Equatable {
        public var pattern: String
        public var owners: [String]
    }

    public var rules: [Rule]

    /// Parses the file's text; comments (`#`) and blank lines are skipped, a rule without owners clears ownership,
    /// a rule whose pattern is longer than ``maxPatternBytes`` is skipped.
    /// Lines may end with `\n` or `\r\n`.
    public init(text: String) {
        rules = text.splitLines().compactMap { raw in
            let parts = Self.fields(raw)
            guard let pattern = parts.first, pattern.utf8.count <= Self.maxPatternBytes else { return nil }
            return Rule(pattern: pattern, owners: Array(parts.dropFirst()))
        }
    }

    /// A rule whose pattern is longer than this (in UTF-8 bytes) is skipped, as if the line were not
    /// there: no real path pattern comes near it, and each match costs up to pattern × path steps.
    public static let maxPatternBytes = 4096

    /// A rule line's whitespace-separated fields, up to a comment: a `#` that starts a field. A backslash
    /// puts the next character in the field as it is (`my\ dir/` is one field, `\#x` no comment) and
    /// stays there, so that ``glob(_:_:)`` reads `\*` as a literal star.
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var escaped = false
        for c in line {
            if escaped {
                field.append(c)
                escaped = false
            } else if c == "\\" {
                field.append(c)
                escaped = true
            } else if c == " " || c == "\t" || c == "\r" {
                if !field.isEmpty { fields.append(field); field = "" }
            } else if c == "#" && field.isEmpty {
                break
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty { fields.append(field) }
        return fields
    }

    /// The owners of `path` (relative to the repository root): the last matching rule's.
    public func owners(of path: String) -> [String] {
        rules.last(where: { Self.matches(pattern: $0.pattern, path: path) })?.owners ?? []
    }

    /// GitHub's gitignore-like matching: a leading or inner `/` anchors at the root, a pattern without one
    /// matches at any depth, a trailing `/` or a directory match covers everything below, `*` stays within
    /// one component, `**` crosses them, `\x` is a literal `x`. A pattern ending in `/*` is not recursive:
    /// `docs/*` owns `docs/a.md`, not `docs/build-app/troubleshooting.md`. A pattern longer than
    /// ``maxPatternBytes`` matches nothing.
    public static func matches(pattern raw: String, path: String) -> Bool {
        guard raw.utf8.count <= maxPatternBytes else { return false }
        var pattern = raw
        let filesOnly = pattern.hasSuffix("/*")
        let dirOnly = pattern.hasSuffix("/")
        if dirOnly { pattern.removeLast() }
        let anchored = pattern.hasPrefix("/") || pattern.dropLast().contains("/")
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        if pattern.isEmpty { return true }
        let comps = path.split(separator: "/")
        let glob = CodeOwnersGlob(pattern)
        if anchored {
            // Match the pattern against every leading run of components — the whole path, or a
            // directory — in one pass over the path: a prefix ends before each `/` and at the end.
            let text = Array(comps.joined(separator: "/").utf8)
            guard !text.isEmpty else { return false }
            var found = false
            glob.scan(text) { end, matched in
                guard matched, end > 0, !found else { return }
                let isWhole = end == text.count
                guard isWhole || text[end] == UInt8(ascii: "/") else { return }
                if !isWhole, filesOnly { return }
                if !(dirOnly && isWhole) { found = true }
            }
            return found
        }
        for (i, c) in comps.enumerated() where glob.matches(c.utf8) {
            let isLast = i == comps.count - 1
            if !(dirOnly && isLast) { return true }
        }
        if pattern.contains("**") { return glob.matches(path.utf8) }
        return false
    }

    /// Glob match: `*` any run without `/`, `**` any run, `?` one non-`/` character, `\x` the character `x`
    /// (``CodeOwnersGlob``: no recursion, at most pattern × text steps).
    static func glob(_ pattern: String, _ text: String) -> Bool {
        CodeOwnersGlob(pattern).matches(text.utf8)
    }
}
