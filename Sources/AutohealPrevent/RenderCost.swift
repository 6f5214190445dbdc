import AutohealCore

/// What rendering a template over a view costs, found by walking its outline (``MustacheOutline``)
/// over the view the way swift-mustache renders — names looked up through the context stack, sections
/// repeated once per list item — while writing nothing, and stopping as soon as the output would pass
/// ``RenderLimits/maxOutputBytes`` or the walk ``RenderLimits/maxSteps``. Where the real rendering
/// is hard to follow (transforms, indented partials, overridden blocks) it counts more, never less.
struct RenderCost {
    /// Why a walk stopped.
    enum Exceeded: Error {
        /// The output would pass the limit; `line` is the section being repeated then.
        case bytes(line: Int)
        /// The walk took too many steps.
        case steps(line: Int)
    }

    let partials: [String: [MustacheOutline.Node]]
    private(set) var bytes = 0
    private(set) var steps = 0

    init(partials: [String: [MustacheOutline.Node]]) {
        self.partials = partials
    }

    /// Walks `nodes` over `view`; throws ``Exceeded`` at the first limit passed.
    mutating func walk(_ nodes: [MustacheOutline.Node], view: JSONValue) throws(Exceeded) {
        try walk(nodes, stack: [view], line: 1, indent: 1, overrides: [:], topLevel: true)
    }

    private mutating func step(_ line: Int) throws(Exceeded) {
        steps += 1
        if steps > RenderLimits.maxSteps { throw .steps(line: line) }
    }

    private mutating func write(_ n: Int, indent: Int, line: Int) throws(Exceeded) {
        // An indented partial indents every line it writes: at most once per byte.
        let (product, overflow) = n.multipliedReportingOverflow(by: indent)
        bytes = overflow ? Int.max : bytes.addingReportingOverflow(product).overflow ? Int.max : bytes + product
        if bytes > RenderLimits.maxOutputBytes { throw .bytes(line: line) }
    }

    private mutating func walk(_ nodes: [MustacheOutline.Node], stack: [JSONValue], line: Int, indent: Int,
                               overrides: [String: [MustacheOutline.Node]], topLevel: Bool) throws(Exceeded) {
        // Lines are the template's own: inside a partial, the line that includes it.
        func here(_ at: Int) -> Int { topLevel ? at : line }
        for node in nodes {
            try step(line)
            switch node {
            case .text(let n):
                try write(n, indent: indent, line: line)
            case .variable(let tag):
                let (value, transformed) = Self.lookUp(tag, in: stack)
                guard let value else { continue }
                let n = Self.renderedSize(value)
                try write(transformed ? n * 3 + 32 : n, indent: indent, line: line)
            case .section(let tag, let inverted, let at, let children):
                let (value, transformed) = Self.lookUp(tag, in: stack)
                if inverted {
                    if transformed || Self.isFalsy(value) {
                        try walk(children, stack: stack, line: here(at), indent: indent, overrides: overrides, topLevel: topLevel)
                    }
                    continue
                }
                for pushed in Self.iterations(value, transformed: transformed) {
                    try step(here(at))
                    try walk(children, stack: pushed.map { stack + [$0] } ?? stack, line: here(at), indent: indent, overrides: overrides, topLevel: topLevel)
                }
            case .block(let name, let at, let children):
                try walk(children, stack: stack, line: here(at), indent: indent, overrides: overrides, topLevel: topLevel)
                if let override = overrides[name] {
                    try walk(override, stack: stack, line: here(at), indent: indent, overrides: overrides, topLevel: topLevel)
                }
            case .partial(let name, let dynamic, let spaces):
                let (product, overflow) = indent.multipliedReportingOverflow(by: 1 + spaces)
                guard let included = dynamic ? Self.partialName(name, in: stack) : name else { continue }
                try walk(partials[included] ?? [], stack: stack, line: line, indent: overflow ? Int.max : product, overrides: overrides, topLevel: false)
            case .parent(let name, let dynamic, let at, let children):
                var inner = overrides
                for child in children { if case .block(let b, _, let content) = child { inner[b] = content } }
                guard let included = dynamic ? Self.partialName(name, in: stack) : name else { continue }
                try walk(partials[included] ?? [], stack: stack, line: here(at), indent: indent, overrides: inner, topLevel: false)
            }
        }
    }

    /// The value a tag names, as swift-mustache finds it (`.`, `.name`, `a.b` searched up the stack),
    /// and whether transforms (`reversed(list)`) apply to it.
    static func lookUp(_ tag: String, in stack: [JSONValue]) -> (JSONValue?, transformed: Bool) {
        var name = Substring(tag)
        let transformed = name.contains("(")
        if let open = name.lastIndex(of: "(") { name = name[name.index(after: open)...] }
        if let close = name.firstIndex(of: ")") { name = name[..<close] }
        if name.isEmpty { return (transformed ? .bool(true) : nil, transformed) }  // the section context: first(), index()
        if name == "." { return (stack.last, transformed) }
        let parts = name.split(separator: ".").map(String.init)
        func descend(_ value: JSONValue, _ rest: ArraySlice<String>) -> JSONValue? {
            var v = value
            for p in rest {
                guard case .object(let o) = v, let next = o[p], next != .null else { return nil }
                v = next
            }
            return v
        }
        if name.hasPrefix(".") { return (stack.last.flatMap { descend($0, parts[...]) }, transformed) }
        guard let first = parts.first else { return (nil, transformed) }
        for frame in stack.reversed() {
            if case .object(let o) = frame, let child = o[first], child != .null {
                return (descend(child, parts.dropFirst()), transformed)
            }
        }
        return (nil, transformed)
    }

    /// The partial a `{{>*key}}` names: the string under `key`.
    static func partialName(_ key: String, in stack: [JSONValue]) -> String? {
        if case .string(let s)? = lookUp(key, in: stack).0 { return s }
        return nil
    }

    /// What a section pushes for each time it renders its content (`nil`: renders without pushing).
    static func iterations(_ value: JSONValue?, transformed: Bool) -> [JSONValue?] {
        switch value {
        case .none, .null?, .bool(false)?: return transformed ? [nil] : []
        case .bool(true)?: return [nil]
        case .array(let items)?: return items.map { $0 == .null ? .bool(false) : $0 }
        case .object(let fields)? where transformed:
            // enumerated(x) and sorted(x) go through an object's fields as (key, value) pairs.
            return fields.map { .object(["key": .string($0.key), "value": $0.value]) }
        case let v?: return [transformed ? .bool(true) : v]
        }
    }

    static func isFalsy(_ value: JSONValue?) -> Bool {
        switch value {
        case .none, .null?, .bool(false)?: return true
        case .array(let items)?: return items.isEmpty
        default: return false
        }
    }

    /// How many bytes a value writes as a variable: a string as itself; a list or an object as Swift
    /// describes it, its strings quoted with their escapes (up to 6 bytes for one).
    static func renderedSize(_ value: JSONValue) -> Int {
        switch value {
        case .null, .bool: return 5
        case .number: return 24
        case .string(let s): return s.utf8.count
        case .array(let items): return items.reduce(2) { $0 + 2 + quoted($1) }
        case .object(let fields): return fields.reduce(2) { $0 + 6 * $1.key.utf8.count + 6 + quoted($1.value) }
        }
    }

    private static func quoted(_ value: JSONValue) -> Int {
        if case .string(let s) = value { return 6 * s.utf8.count + 2 }
        return renderedSize(value)
    }
}
