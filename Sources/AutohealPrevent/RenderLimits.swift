import AutohealCore

/// Limits that keep a repository's templates (`.autoheal/templates/`) from crashing or flooding whoever
/// renders them (`prevent`, the MCP server): swift-mustache recurses once per nested section, so 3,000
/// nested `{{#incident}}` overflowed the stack, and seven sections nested over a 40-item list render
/// 40⁷ times. Both are refused before anything is rendered or created.
enum RenderLimits {
    /// How deep sections (`{{#…}}`, `{{^…}}`, blocks and parents) may nest, counting those of the
    /// partials they include.
    static let maxSectionDepth = 32
    /// The most a brief (or a scaffolded file) may come to, reckoned before rendering (``RenderCost``): 8 MiB.
    static let maxOutputBytes = 8 * 1024 * 1024
    /// The most steps (tags met, list items visited) rendering one template may take: sections over
    /// lists nested in one another that write nothing can still run for ever.
    static let maxSteps = 2_000_000

    /// The outline of `text` (``MustacheOutline``), refused when its sections nest too deep or it cannot
    /// be read; `what` names the template in the message ("template NAME", "template partial NAME").
    static func outline(_ text: String, what: String) throws(PreventError) -> [MustacheOutline.Node] {
        let parsed: [MustacheOutline.Node]?
        do { parsed = try MustacheOutline.parse(text, maxDepth: maxSectionDepth) } catch {
            throw PreventError("\(what): line \(error.line): sections nest more than \(maxSectionDepth) deep (at most \(maxSectionDepth))", kind: .badInput)
        }
        guard let parsed else { throw PreventError("\(what): not valid Mustache (a tag does not close)", kind: .badInput) }
        return parsed
    }

    /// How deep `nodes` nest sections, counting those of the partials they include (`partialDepth`).
    static func depth(_ nodes: [MustacheOutline.Node], partialDepth: (String?) -> Int) -> (depth: Int, line: Int) {
        var deepest = (depth: 0, line: 1)
        func visit(_ nodes: [MustacheOutline.Node], level: Int, line: Int) {
            for node in nodes {
                switch node {
                case .text, .variable: break
                case .partial(let name, let dynamic, _):
                    let d = level + partialDepth(dynamic ? nil : name)
                    if d > deepest.depth { deepest = (d, line) }
                case .section(_, _, let l, let children), .block(_, let l, let children):
                    if level + 1 > deepest.depth { deepest = (level + 1, l) }
                    visit(children, level: level + 1, line: l)
                case .parent(let name, let dynamic, let l, let children):
                    let d = level + 1 + partialDepth(dynamic ? nil : name)
                    if d > deepest.depth { deepest = (d, l) }
                    visit(children, level: level + 1, line: l)
                }
            }
        }
        visit(nodes, level: 0, line: 1)
        return deepest
    }
}
