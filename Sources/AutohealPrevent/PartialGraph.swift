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

    /// The partial references in a template, read the way swift-mustache's parser reads tags
    /// (``MustacheOutline``); `nil` when the text does not scan or nests sections deeper than
    /// ``RenderLimits/maxSectionDepth`` (the caller then assumes it may include anything).
    static func references(in text: String) -> [Reference]? {
        guard let outline = try? MustacheOutline.parse(text, maxDepth: RenderLimits.maxSectionDepth) else { return nil }
        return MustacheOutline.references(in: outline)
    }
}
