import AutohealCore
import Foundation
import Mustache

/// Renders templates with swift-mustache as plain text: no HTML escaping, whether a template uses
/// `{{x}}` or `{{{x}}}`, so incident text reaches the brief exactly as it was recorded.
public struct BriefRenderer: Sendable {
    let library: MustacheLibrary
    /// Each partial's outline, read before swift-mustache sees it (``RenderLimits``).
    let partialOutlines: [String: [MustacheOutline.Node]]
    /// How deep each partial nests sections, counting the partials it includes.
    let partialDepths: [String: Int]

    /// A renderer that resolves `{{> NAME}}` against `partials`. Partials that include themselves
    /// (directly or through others), nest too deep (partials in partials, or sections in sections) are
    /// refused as bad input.
    public init(partials: [String: String]) throws(PreventError) {
        var outlines: [String: [MustacheOutline.Node]] = [:]
        for name in partials.keys.sorted() {
            outlines[name] = try RenderLimits.outline(Self.plain(partials[name]!), what: "template partial \(RefName.quoted(name))")
        }
        try PartialGraph.check(partials.mapValues(Self.plain))
        // No partial reaches itself now, so this ends.
        var depths: [String: Int] = [:]
        func depth(_ name: String) -> (depth: Int, line: Int) {
            let found = RenderLimits.depth(outlines[name] ?? [], partialDepth: { other in other.map { depths[$0] ?? depth($0).depth } ?? 0 })
            depths[name] = found.depth
            return found
        }
        for name in partials.keys.sorted() {
            let (d, line) = depth(name)
            if d > RenderLimits.maxSectionDepth {
                throw PreventError("template partial \(RefName.quoted(name)): line \(line): sections nest \(d) deep, counting the partials they include (at most \(RenderLimits.maxSectionDepth))", kind: .badInput)
            }
        }
        var lib = MustacheLibrary()
        for (name, text) in partials {
            do { try lib.register(Self.plain(text), named: name) } catch {
                throw PreventError("partial \(name): not valid Mustache (\(error))", kind: .badInput)
            }
        }
        library = lib
        partialOutlines = outlines
        partialDepths = depths
    }

    /// Renders `template` (Mustache source) over `view`. `name` is used in error messages. A template
    /// whose sections nest more than ``RenderLimits/maxSectionDepth`` deep, or that could come to more
    /// than ``RenderLimits/maxOutputBytes`` over this view, is refused before rendering.
    public func render(_ template: String, view: JSONValue, name: String) throws(PreventError) -> String {
        try check(template, view: view, name: name)
        let compiled: MustacheTemplate
        do { compiled = try MustacheTemplate(string: Self.plain(template)) } catch {
            throw PreventError("template \(name): not valid Mustache (\(error))", kind: .badInput)
        }
        return compiled.render(Self.object(view), library: library)
    }

    /// Refuses `template` when it nests too deep or could render too much over `view` (``RenderLimits``).
    func check(_ template: String, view: JSONValue, name: String) throws(PreventError) {
        let outline = try RenderLimits.outline(Self.plain(template), what: "template \(name)")
        let deepestPartial = partialDepths.values.max() ?? 0
        let (depth, line) = RenderLimits.depth(outline, partialDepth: { $0.map { partialDepths[$0] ?? 0 } ?? deepestPartial })
        if depth > RenderLimits.maxSectionDepth {
            throw PreventError("template \(name): line \(line): sections nest \(depth) deep, counting the partials they include (at most \(RenderLimits.maxSectionDepth))", kind: .badInput)
        }
        var cost = RenderCost(partials: partialOutlines)
        do { try cost.walk(outline, view: view) } catch {
            switch error {
            case .bytes(let line):
                throw PreventError("template \(name): line \(line): renders more than \(RenderLimits.maxOutputBytes >> 20) MiB over this incident (sections repeating over lists inside one another?); a brief may be at most that", kind: .badInput)
            case .steps(let line):
                throw PreventError("template \(name): line \(line): takes more than \(RenderLimits.maxSteps) steps to render over this incident (sections repeating over lists inside one another?)", kind: .badInput)
            }
        }
    }

    /// The template with the TEXT content type selected, so nothing is HTML-escaped.
    static func plain(_ text: String) -> String { "{{% CONTENT_TYPE: TEXT}}" + text }

    /// A JSON value as the dictionaries, arrays and scalars Mustache walks; nulls are left out so that
    /// `{{#x}}` sections hide them.
    static func object(_ value: JSONValue) -> Any {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return n.rounded() == n && abs(n) < 9e15 ? Int(n) as Any : n as Any
        case .string(let s): return s
        case .array(let a): return a.map(object)
        case .object(let o):
            var d: [String: Any] = [:]
            for (k, v) in o where v != .null { d[k] = object(v) }
            return d
        }
    }
}
