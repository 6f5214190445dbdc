import AutohealCore

/// A parsed JSON value that remembers the line every nested value starts on.
///
/// Incident tools send one large document; a refused field must still be reported as `FILE:LINE`,
/// so the vendor importers walk this tree instead of a bare `JSONValue`.
struct JSONNode {
    enum Kind {
        case scalar(JSONValue)
        case array([JSONNode])
        case object([String: JSONNode], order: [String])
    }

    /// The 1-based line the value starts on.
    let line: Int
    let kind: Kind

    /// The member `key` of an object, else `nil`.
    subscript(key: String) -> JSONNode? {
        if case .object(let o, _) = kind { return o[key] }
        return nil
    }

    var isObject: Bool { if case .object = kind { return true }; return false }
    var isNull: Bool { if case .scalar(.null) = kind { return true }; return false }
    var elements: [JSONNode]? { if case .array(let a) = kind { return a }; return nil }
    var stringValue: String? { if case .scalar(.string(let s)) = kind { return s }; return nil }

    /// Whether the object has `key` with a non-null value.
    func has(_ key: String) -> Bool { self[key].map { !$0.isNull } ?? false }

    /// The plain value, without lines.
    var value: JSONValue {
        switch kind {
        case .scalar(let v): return v
        case .array(let a): return .array(a.map(\.value))
        case .object(let o, _): return .object(o.mapValues(\.value))
        }
    }
}

/// Parses JSON documents into `JSONNode` trees with `JSONParser`'s lexing and error lines.
enum JSONNodeParser {
    /// Every top-level value of `bytes`: one for a plain document, one a line for NDJSON.
    static func parseAll(_ bytes: [UInt8]) throws(JSONParser.SyntaxError) -> [JSONNode] {
        var result: Result<[JSONNode], JSONParser.SyntaxError> = .success([])
        bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(bytes: buf)
            do throws(JSONParser.SyntaxError) {
                var roots: [JSONNode] = []
                while !p.atEnd() { roots.append(try node(&p, depth: 0)) }
                result = .success(roots)
            } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The first value of `bytes`, or the first element when the input is a JSON array; `nil` when
    /// the input is empty, an empty array, or does not start with a readable value.
    static func firstValue(_ bytes: [UInt8]) -> (node: JSONNode, inArray: Bool)? {
        var out: (JSONNode, Bool)?
        bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(bytes: buf)
            let inArray = p.peek() == UInt8(ascii: "[")
            if inArray {
                _ = p.consume(UInt8(ascii: "["))
                if p.peek() == UInt8(ascii: "]") { return }
            }
            if p.atEnd() { return }
            if let n = try? node(&p, depth: 0) { out = (n, inArray) }
        }
        return out
    }

    private static func node(_ p: inout JSONParser, depth: Int) throws(JSONParser.SyntaxError) -> JSONNode {
        guard depth < 512 else { throw p.fail("nesting too deep") }
        let first = p.peek()
        let line = p.line
        switch first {
        case UInt8(ascii: "{")?:
            _ = p.consume(UInt8(ascii: "{"))
            var members: [String: JSONNode] = [:]
            var order: [String] = []
            if !p.consume(UInt8(ascii: "}")) {
                repeat {
                    guard p.peek() == UInt8(ascii: "\""), case .string(let key) = try p.parseValue() else {
                        throw p.fail("expected a string key")
                    }
                    try p.expect(UInt8(ascii: ":"), "':' after key \"\(key)\"")
                    guard members[key] == nil else { throw p.fail("duplicate key \"\(key)\"") }
                    members[key] = try node(&p, depth: depth + 1)
                    order.append(key)
                } while p.consume(UInt8(ascii: ","))
                try p.expect(UInt8(ascii: "}"), "',' or '}' in object")
            }
            return JSONNode(line: line, kind: .object(members, order: order))
        case UInt8(ascii: "[")?:
            _ = p.consume(UInt8(ascii: "["))
            var items: [JSONNode] = []
            if !p.consume(UInt8(ascii: "]")) {
                repeat { items.append(try node(&p, depth: depth + 1)) } while p.consume(UInt8(ascii: ","))
                try p.expect(UInt8(ascii: "]"), "',' or ']' in array")
            }
            return JSONNode(line: line, kind: .array(items))
        default:
            return JSONNode(line: line, kind: .scalar(try p.parseValue(depth: depth)))
        }
    }
}
