/// A JSON value, used for the free-form `attrs` of an event.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object, else `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var numberValue: Double? { if case .number(let n) = self { return n }; return nil }
    /// The number as an `Int` when it is a whole number an `Int` holds; `nil` for a fraction, a number
    /// out of `Int`'s range (`1e19`) and anything not a number. (`Int(someDouble)` traps on the
    /// out-of-range ones, so JSON from outside is converted through this.)
    public var intValue: Int? { if case .number(let n) = self { return Int(exactly: n) }; return nil }
    /// The number as decimal integer text (`"42"`) when it is a whole number below 2^53 in magnitude —
    /// the integers a JSON number (a double) carries exactly — else `nil`: `1.5`, `1e30` and
    /// `9007199254740993` (which arrives as …992) cannot stand for an id.
    public var exactIntegerText: String? {
        guard case .number(let n) = self, n.rounded() == n, abs(n) < 9_007_199_254_740_992 else { return nil }
        return String(Int64(n))
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }

    /// A list of strings from a string array (non-strings skipped), or a single string as a one-element list.
    public var stringList: [String] {
        switch self {
        case .string(let s): return [s]
        case .array(let a): return a.compactMap(\.stringValue)
        default: return []
        }
    }

    /// Canonical compact JSON: object keys sorted, no insignificant whitespace. Used for storage and
    /// for content-derived event identity, so equal values always serialise to equal bytes.
    public var canonicalJSON: String {
        var out = JSONWriter()
        out.compact(self)
        return out.text
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, to out: inout String) {
        var w = JSONWriter()
        w.string(s)
        out += w.text
    }
}

/// Writes JSON as UTF-8 bytes, made into one string at the end (appending many small pieces to a
/// `String` took a third of `review --json` on a large ledger).
struct JSONWriter {
    private var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// `s` as a JSON string literal: `"`, `\` and control characters escaped, the rest as it is.
    mutating func string(_ s: String) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                let hex = String(b, radix: 16)
                raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }

    /// Canonical compact JSON (see ``JSONValue/canonicalJSON``).
    mutating func compact(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let b): raw(b ? "true" : "false")
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { raw(String(Int64(n))) } else { raw("\(n)") }
        case .string(let s): string(s)
        case .array(let a):
            bytes.append(0x5B)
            for (i, v) in a.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                compact(v)
            }
            bytes.append(0x5D)
        case .object(let o):
            bytes.append(0x7B)
            for (i, k) in o.keys.sorted().enumerated() {
                if i > 0 { bytes.append(0x2C) }
                string(k)
                bytes.append(0x3A)
                compact(o[k]!)
            }
            bytes.append(0x7D)
        }
    }

    /// Indented JSON with sorted keys (see ``JSONValue/prettyJSON``).
    mutating func pretty(_ value: JSONValue, indent: Int) {
        switch value {
        case .array(let a) where !a.isEmpty:
            raw("[\n")
            for (i, v) in a.enumerated() {
                pad(indent + 1)
                pretty(v, indent: indent + 1)
                raw(i == a.count - 1 ? "\n" : ",\n")
            }
            pad(indent)
            bytes.append(0x5D)
        case .object(let o) where !o.isEmpty:
            raw("{\n")
            for (i, k) in o.keys.sorted().enumerated() {
                pad(indent + 1)
                string(k)
                raw(": ")
                pretty(o[k]!, indent: indent + 1)
                raw(i == o.count - 1 ? "\n" : ",\n")
            }
            pad(indent)
            bytes.append(0x7D)
        default:
            compact(value)
        }
    }

    private mutating func pad(_ levels: Int) {
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * levels))
    }
}

extension JSONValue: ExpressibleByStringInterpolation, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// Optional helpers for building JSON documents.
    public init(_ s: String?) { self = s.map(JSONValue.string) ?? .null }
    public init(_ n: Int64?) { self = n.map { .number(Double($0)) } ?? .null }
    public init(_ n: Int?) { self = n.map { .number(Double($0)) } ?? .null }
    public init(_ d: Double?) { self = d.map(JSONValue.number) ?? .null }
    public init(_ b: Bool) { self = .bool(b) }
    public init(_ t: Timestamp?) { self = t.map { .string($0.description) } ?? .null }
}

extension JSONValue {
    /// Indented JSON with sorted keys, for people and for stable output.
    public var prettyJSON: String {
        var out = JSONWriter()
        out.pretty(self, indent: 0)
        return out.text
    }
}
