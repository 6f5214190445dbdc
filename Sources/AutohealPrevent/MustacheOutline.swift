/// The shape of a Mustache template as swift-mustache's parser reads it (set delimiters, scoped to the
/// section they are set in, and comments included): its text, tags, sections and partial inclusions,
/// read without recursion, so that a template can be checked (``PartialGraph``, ``RenderLimits``)
/// before swift-mustache — whose parser and renderer recurse once per nested section — sees it.
enum MustacheOutline {
    /// One piece of a template.
    indirect enum Node: Sendable {
        /// Literal text of this many UTF-8 bytes.
        case text(Int)
        /// `{{name}}`, `{{{name}}}` or `{{&name}}`.
        case variable(String)
        /// `{{#name}}…{{/name}}` (`inverted` for `{{^name}}`); `line` is where it opens.
        case section(name: String, inverted: Bool, line: Int, children: [Node])
        /// `{{$name}}…{{/name}}`: a block, rendered once (or what a parent's block of that name overrides it with).
        case block(name: String, line: Int, children: [Node])
        /// `{{> name}}` (`dynamic` for `{{>*key}}`), written with `indent` characters before it on its line.
        case partial(name: String, dynamic: Bool, indent: Int)
        /// `{{< name}}…{{/name}}`: a partial whose blocks the children override.
        case parent(name: String, dynamic: Bool, line: Int, children: [Node])
    }

    /// Sections (and blocks, and parents) opened inside one another deeper than allowed, at `line`.
    struct TooDeep: Error {
        var line: Int
    }

    private static let nameChars = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameChars = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    /// The outline of `text`, or `nil` when it does not scan (the caller then assumes the worst). Throws
    /// ``TooDeep`` as soon as sections nest deeper than `maxDepth`, before anything deeper is read.
    static func parse(_ text: String, maxDepth: Int) throws(TooDeep) -> [Node]? {
        let c = Array(text)
        var i = 0
        var line = 1
        var open: [Character] = ["{", "{"], close: [Character] = ["}", "}"]
        /// The sections being read: what opened each, the delimiters outside it, and its children so far.
        struct Frame {
            var opener: (_ children: [Node]) -> Node
            var delimiters: ([Character], [Character])
            var children: [Node] = []
        }
        var frames: [Frame] = []
        var top: [Node] = []

        func add(_ node: Node) {
            if frames.isEmpty { top.append(node) } else { frames[frames.count - 1].children.append(node) }
        }
        func at(_ d: [Character], _ p: Int) -> Bool {
            p + d.count <= c.count && c[p..<(p + d.count)].elementsEqual(d)
        }
        func skipSpace() { while i < c.count, c[i].isWhitespace { if c[i].isNewline { line += 1 }; i += 1 } }
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
        /// How many spaces and tabs stand before `p` on its line, when nothing else does.
        func indent(before p: Int) -> Int {
            var k = p
            while k > 0, c[k - 1] == " " || c[k - 1] == "\t" { k -= 1 }
            return k == 0 || c[k - 1].isNewline ? p - k : 0
        }
        func push(_ opener: @escaping ([Node]) -> Node) throws(TooDeep) {
            if frames.count >= maxDepth { throw TooDeep(line: line) }
            frames.append(Frame(opener: opener, delimiters: (open, close)))
        }

        while i < c.count {
            // The next opening delimiter.
            let textStart = i
            while i < c.count, !at(open, i) { if c[i].isNewline { line += 1 }; i += 1 }
            if i > textStart { add(.text(String(c[textStart..<i]).utf8.count)) }
            guard i < c.count else { break }
            let tagStart = i, tagLine = line
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
                    if c[i].isNewline { line += 1 }
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
                add(.partial(name: n, dynamic: dynamic, indent: indent(before: tagStart)))
            case "<":
                i += 1
                skipSpace()
                guard let n = name(partialNameChars) else { return nil }
                let dynamic = n.hasPrefix("*")
                let partialName = dynamic ? String(n.dropFirst()) : n
                try push { .parent(name: partialName, dynamic: dynamic, line: tagLine, children: $0) }
            case "#", "^":
                i += 1
                guard let n = name(nameChars) else { return nil }
                try push { .section(name: n, inverted: sigil == "^", line: tagLine, children: $0) }
            case "$":
                i += 1
                guard let n = name(nameChars) else { return nil }
                try push { .block(name: n, line: tagLine, children: $0) }
            case "/":
                i += 1
                guard name(nameChars) != nil, let frame = frames.popLast() else { return nil }
                (open, close) = frame.delimiters
                add(frame.opener(frame.children))
            case "{":
                i += 1
                guard let n = name(nameChars), expect(["}"]) else { return nil }
                add(.variable(n))
            case "&":
                i += 1
                guard let n = name(nameChars) else { return nil }
                add(.variable(n))
            case "%":
                while i < c.count, !at(close, i) { i += 1 }
                guard expect(close) else { return nil }
            default:
                guard let n = name(nameChars) else { return nil }
                add(.variable(n))
            }
        }
        // Sections left open: swift-mustache refuses the template; what was read still counts.
        while let frame = frames.popLast() { add(frame.opener(frame.children)) }
        return top
    }

    /// The partials `nodes` include, in order (`{{> name}}`, `{{>*key}}` and `{{< name}}`).
    static func references(in nodes: [Node]) -> [PartialGraph.Reference] {
        var found: [PartialGraph.Reference] = []
        var pending: [ArraySlice<Node>] = [nodes[...]]
        // Depth-first, in document order, without recursion.
        while var rest = pending.popLast() {
            guard let node = rest.popFirst() else { continue }
            pending.append(rest)
            switch node {
            case .partial(let name, let dynamic, _): found.append(.init(name: name, dynamic: dynamic))
            case .parent(let name, let dynamic, _, let children):
                found.append(.init(name: name, dynamic: dynamic))
                pending.append(children[...])
            case .section(_, _, _, let children), .block(_, _, let children): pending.append(children[...])
            case .text, .variable: break
            }
        }
        return found
    }
}
