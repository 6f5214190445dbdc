import AutohealCore
import Foundation
import Mustache

/// Renders templates with swift-mustache as plain text: no HTML escaping, whether a template uses
/// `{{x}}` or `{{{x}}}`, so incident text reaches the brief exactly as it was recorded.
public struct BriefRenderer: Sendable {
    let library: MustacheLibrary

    /// A renderer that resolves `{{> NAME}}` against `partials`. Partials that include themselves
    /// (directly or through others) or nest too deep are refused as bad input.
    public init(partials: [String: String]) throws(PreventError) {
        var lib = MustacheLibrary()
        for (name, text) in partials {
            do { try lib.register(Self.plain(text), named: name) } catch {
                throw PreventError("partial \(name): not valid Mustache (\(error))", kind: .badInput)
            }
        }
        try PartialGraph.check(partials.mapValues(Self.plain))
        library = lib
    }

    /// Renders `template` (Mustache source) over `view`. `name` is used in error messages.
    public func render(_ template: String, view: JSONValue, name: String) throws(PreventError) -> String {
        let compiled: MustacheTemplate
        do { compiled = try MustacheTemplate(string: Self.plain(template)) } catch {
            throw PreventError("template \(name): not valid Mustache (\(error))", kind: .badInput)
        }
        return compiled.render(Self.object(view), library: library)
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
