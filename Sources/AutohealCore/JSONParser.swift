

/// A strict JSON parser over UTF-8 bytes that knows which line it is on.
///
/// Foundation's `JSONSerialization` loses positions; importers must report `FILE:LINE: reason`, so this
/// parser tracks the line of every value it returns and of every error it throws.
public struct JSONParser {
    /// A syntax error at a 1-based line.
    public struct SyntaxError: Error, Equatable, Sendable {
        public var line: Int
        public var reason: String
        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// The byte offset of the current position.
    public private(set) var index: Int = 0
    /// The 1-based line of the current position.
    public private(set) var line: Int

    /// A parser over `bytes`, whose first byte is on line `firstLine`.
    public init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) {
        self.bytes = bytes
        self.line = firstLine
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    /// Whether only whitespace remains.
    public mutating func atEnd() -> Bool {
        skipWhitespace()
        return index >= bytes.count
    }

    /// The next non-whitespace byte, without consuming it.
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Consumes `byte` (after whitespace) or throws.
    public mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(what)") }
        index += 1
    }

    /// Consumes `byte` if it is next; reports whether it did.
    public mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == byte { index += 1; return true }
        return false
    }

    /// Parses one complete value.
    public mutating func parseValue(depth: Int = 0) throws(SyntaxError) -> JSONValue {
        guard depth < 512 else { throw fail("nesting too deep") }
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var object: [String: JSONValue] = [:]
            if consume(UInt8(ascii: "}")) { return .object(object) }
            repeat {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let key = try parseString()
                try expect(UInt8(ascii: ":"), "':' after key \"\(key)\"")
                guard object[key] == nil else { throw fail("duplicate key \"\(key)\"") }
                object[key] = try parseValue(depth: depth + 1)
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}' in object")
            return .object(object)
        case UInt8(ascii: "["):
            index += 1
            var array: [JSONValue] = []
            if consume(UInt8(ascii: "]")) { return .array(array) }
            repeat { array.append(try parseValue(depth: depth + 1)) } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "',' or ']' in array")
            return .array(array)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    /// Builds an error at the current line.
    public func fail(_ reason: String) -> SyntaxError { SyntaxError(line: line, reason: reason) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1
            default: return
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw fail("invalid literal") }
        let w = word.utf8Start
        for i in 0..<n where bytes[index + i] != w[i] { throw fail("invalid literal") }
        index += n
    }

    /// Reads a number by RFC 8259's grammar (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`): a
    /// leading zero (`01`), a bare `.5` or `1.` and a `+` sign are refused, as any strict JSON reader
    /// refuses them. A number a double cannot hold is refused rather than changed: one too large is
    /// infinity, and one too small (`1e-400`) is read as 0 — which would pass for another value.
    private mutating func parseNumber() throws(SyntaxError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        var digits = 0, nonZero = false
        let firstDigit = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { nonZero = nonZero || bytes[index] != 48; index += 1; digits += 1 }
        guard digits > 0 else { throw fail("invalid number") }
        if bytes[firstDigit] == UInt8(ascii: "0"), digits > 1 {
            throw fail("invalid number \(text(from: start)): JSON numbers have no leading zeros")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var frac = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { nonZero = nonZero || bytes[index] != 48; index += 1; frac += 1 }
            guard frac > 0 else { throw fail("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            var exp = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1; exp += 1 }
            guard exp > 0 else { throw fail("invalid number") }
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(literal) else { throw fail("invalid number") }
        // Double("1e400") is infinity, which no JSON can hold: the event could never be written back.
        guard value.isFinite else { throw fail("number out of range: \(text(from: start)) is too large for a double") }
        // Double("1e-400") is 0: a number that is not zero would silently become one.
        guard value != 0 || !nonZero else { throw fail("number out of range: \(text(from: start)) is too close to zero for a double, which would read it as 0") }
        return value
    }

    /// The text from `start` to the current position (a number just read), cut short when long.
    private func text(from start: Int) -> String {
        let end = min(index, start + 40)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return end < index ? text + "…" : text
    }

    /// Parses a string literal; the current byte is the opening quote.
    private mutating func parseString() throws(SyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                guard let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) else {
                    throw fail("invalid UTF-8 in string")
                }
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail(b == 0x0A ? "unterminated string" : "control character in string") }
            index += 1
        }
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                guard let s = String(validating: scalars, as: UTF8.self) else { throw fail("invalid UTF-8 in string") }
                index += 1
                return s
            }
            if b < 0x20 { throw fail(b == 0x0A ? "unterminated string" : "control character in string") }
            if b != UInt8(ascii: "\\") { scalars.append(b); index += 1; continue }
            index += 1
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate in string")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in string") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw fail("unpaired surrogate in string")
                }
                scalars.append(contentsOf: Array(String(Character(Unicode.Scalar(code)!)).utf8))
            default:
                throw fail("invalid escape in string")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }
}

extension JSONParser {
    /// Parses a whole document held in `bytes`; trailing content is an error.
    public static func parseDocument(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var result: Result<JSONValue, SyntaxError> = .success(.null)
        bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(bytes: buf)
            do throws(SyntaxError) {
                let v = try p.parseValue()
                guard p.atEnd() else { throw p.fail("unexpected content after the JSON value") }
                result = .success(v)
            } catch { result = .failure(error) }
        }
        return try result.get()
    }
}
