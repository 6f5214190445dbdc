/// A parsed CODEOWNERS file (GitHub syntax): `pattern owner...` rules where the last matching rule wins.
public struct CodeOwners: Sendable, Equatable {
    /// Where GitHub looks, in order: the first file found is used.
    public static let locations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

    public struct Rule: Sendable, Equatable {
        public var pattern: String
        public var owners: [String]
    }

    public var rules: [Rule]

    /// Parses the file's text; comments (`#`) and blank lines are skipped, a rule without owners clears ownership.
    /// Lines may end with `\n` or `\r\n`.
    public init(text: String) {
        rules = text.splitLines().compactMap { raw in
            let parts = Self.fields(raw)
            guard let pattern = parts.first else { return nil }
            return Rule(pattern: pattern, owners: Array(parts.dropFirst()))
        }
    }

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
    /// `docs/*` owns `docs/a.md`, not `docs/build-app/troubleshooting.md`.
    public static func matches(pattern raw: String, path: String) -> Bool {
        var pattern = raw
        let filesOnly = pattern.hasSuffix("/*")
        let dirOnly = pattern.hasSuffix("/")
        if dirOnly { pattern.removeLast() }
        let anchored = pattern.hasPrefix("/") || pattern.dropLast().contains("/")
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        if pattern.isEmpty { return true }
        let comps = path.split(separator: "/").map(String.init)
        if anchored {
            // Match the pattern against every leading run of components: the whole path, or a directory.
            for end in stride(from: comps.count, through: 1, by: -1) {
                let prefix = comps[0..<end].joined(separator: "/")
                let isWhole = end == comps.count
                if !isWhole, filesOnly { continue }
                if glob(pattern, prefix), !(dirOnly && isWhole) { return true }
            }
            return false
        }
        for (i, c) in comps.enumerated() where glob(pattern, c) {
            let isLast = i == comps.count - 1
            if !(dirOnly && isLast) { return true }
        }
        if pattern.contains("**") { return glob(pattern, path) }
        return false
    }

    /// Glob match: `*` any run without `/`, `**` any run, `?` one non-`/` character, `\x` the character `x`.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == UInt8(ascii: "*") {
                let double = i + 1 < p.count && p[i + 1] == UInt8(ascii: "*")
                var next = double ? i + 2 : i + 1
                if double, next < p.count, p[next] == UInt8(ascii: "/") {
                    // `**/` also matches zero directories.
                    if match(next + 1, j) { return true }
                    next = i + 2
                }
                var k = j
                while true {
                    if match(next, k) { return true }
                    if k == t.count || (!double && t[k] == UInt8(ascii: "/")) { return false }
                    k += 1
                }
            }
            guard j < t.count else { return false }
            if p[i] == UInt8(ascii: "\\"), i + 1 < p.count { return p[i + 1] == t[j] && match(i + 2, j + 1) }
            if p[i] == UInt8(ascii: "?") { return t[j] != UInt8(ascii: "/") && match(i + 1, j + 1) }
            return p[i] == t[j] && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
