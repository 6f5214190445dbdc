/// The partials each Mustache template includes, so that a partial that includes itself (directly or
/// through others) is refused as bad input before anything is rendered or created: swift-mustache
/// follows `{{> rules}}` inside `rules` until the stack overflows, which killed `prevent` (after its
/// branch and worktree were made) and the MCP server.
enum PartialGraph {
    /// How deep partials may nest inside one another.
    static let maxDepth = 16
    /// How many partial inclusions one template may expand to (counting repeats), so that a few
    /// partials that each include the next many times cannot make rendering run for ever.
    static let maxExpansions = 100_000

    /// One `{{> name}}` (or `{{< name}}…{{/name}}`); `dynamic` for `{{>*key}}`, whose partial is named by data.
    struct Reference: Equatable {
        var name: String
        var dynamic: Bool
    }

    /// Checks `partials` (name → Mustache source): none may reach itself, nest deeper than
    /// ``maxDepth`` or expand to more than ``maxExpansions`` inclusions.
    static func check(_ partials: [String: String]) throws(PreventError) {
        let names = partials.keys.sorted()
        var edges: [String: [String]] = [:]
        for name in names {
            // A dynamic partial (or text this scan cannot follow) may name any partial.
            guard let refs = references(in: partials[name]!), !refs.contains(where: \.dynamic) else {
                edges[name] = names
                continue
            }
            edges[name] = refs.map(\.name).filter { partials[$0] != nil }
        }
        var depth: [String: Int] = [:]
        var expansions: [String: Int] = [:]
        var path: [String] = []
        func visit(_ name: String) throws(PreventError) {
            if depth[name] != nil { return }
            if let at = path.firstIndex(of: name) {
                let loop = (path[at...] + [name]).joined(separator: " → ")
                let how = path.count - at == 1 ? "includes itself" : "includes itself through other partials"
                throw PreventError("template partial \(RefName.quoted(name)) \(how) (\(loop)), so the brief would never finish rendering; partials may not recurse", kind: .badInput)
            }
            path.append(name)
            var deepest = 0, count = 0
            for next in edges[name] ?? [] {
                try visit(next)
                deepest = max(deepest, depth[next]! + 1)
                count = min(maxExpansions + 1, count + 1 + expansions[next]!)
            }
            path.removeLast()
            if deepest > maxDepth {
                throw PreventError("template partial \(RefName.quoted(name)) nests partials \(deepest) deep (at most \(maxDepth))", kind: .badInput)
            }
            if count > maxExpansions {
                throw PreventError("template partial \(RefName.quoted(name)) expands to more than \(maxExpansions) partial inclusions", kind: .badInput)
            }
            depth[name] = deepest
            expansions[name] = count
        }
        for name in names { try visit(name) }
    }

    private static let nameChars = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameChars = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    /// The partial references in a template, read the way swift-mustache's parser reads tags (set
    /// delimiters, scoped to the section they are set in, and comments included); `nil` when the text
    /// does not scan (the caller then assumes it may include anything).
    static func references(in text: String) -> [Reference]? {
        let c = Array(text)
        var i = 0
        var open: [Character] = ["{", "{"], close: [Character] = ["}", "}"]
        var saved: [([Character], [Character])] = []
        var found: [Reference] = []

        func at(_ d: [Character], _ p: Int) -> Bool {
            p + d.count <= c.count && c[p..<(p + d.count)].elementsEqual(d)
        }
        func skipSpace() { while i < c.count, c[i].isWhitespace { i += 1 } }
        func read(_ set: Set<Character>) -> String {
            let start = i
            while i < c.count, set.contains(c[i]) { i += 1 }
            return String(c[start..<i])
        }
        func expect(_ d: [Character]) -> Bool {
            guard at(d, i) else { return false }
            i += d.count
            return true
        }
        /// A tag's name up to the closing delimiter, as swift-mustache's `parseName` reads it.
        func name(_ set: Set<Character>) -> String? {
            skipSpace()
            let n = read(set)
            skipSpace()
            return expect(close) ? n : nil
        }

        while i < c.count {
            // The next opening delimiter.
            while i < c.count, !at(open, i) { i += 1 }
            guard i < c.count else { break }
            i += open.count
            guard i < c.count else { break }
            let sigil = c[i]
            switch sigil {
            case "!":
                // swift-mustache's comment scan: a naive search that restarts without re-reading the
                // character that broke a partial match.
                i += 1
                var k = 0
                while i < c.count, k < close.count {
                    k = c[i] == close[k] ? k + 1 : 0
                    i += 1
                }
                guard k == close.count else { return nil }
            case "=":
                i += 1
                skipSpace()
                let s0 = i
                while i < c.count, !c[i].isWhitespace { i += 1 }
                guard i < c.count else { return nil }
                let newOpen = Array(c[s0..<i])
                skipSpace()
                let e0 = i
                while i < c.count, c[i] != "=", !c[i].isWhitespace { i += 1 }
                let newClose = Array(c[e0..<i])
                skipSpace()
                guard expect(["="]), expect(close), !newOpen.isEmpty, !newClose.isEmpty else { return nil }
                open = newOpen
                close = newClose
            case ">":
                i += 1
                skipSpace()
                let dynamic = i < c.count && c[i] == "*"
                if dynamic { i += 1 }
                guard let n = name(partialNameChars) else { return nil }
                found.append(.init(name: n, dynamic: dynamic))
            case "<":
                i += 1
                skipSpace()
                guard let n = name(partialNameChars) else { return nil }
                found.append(n.hasPrefix("*") ? .init(name: String(n.dropFirst()), dynamic: true) : .init(name: n, dynamic: false))
                saved.append((open, close))
            case "#", "^", "$":
                i += 1
                guard name(nameChars) != nil else { return nil }
                saved.append((open, close))
            case "/":
                i += 1
                guard name(nameChars) != nil, let outer = saved.popLast() else { return nil }
                (open, close) = outer
            case "{":
                i += 1
                guard name(nameChars) != nil, expect(["}"]) else { return nil }
            case "&":
                i += 1
                guard name(nameChars) != nil else { return nil }
            case "%":
                while i < c.count, !at(close, i) { i += 1 }
                guard expect(close) else { return nil }
            default:
                guard name(nameChars) != nil else { return nil }
            }
        }
        return found
    }
}
