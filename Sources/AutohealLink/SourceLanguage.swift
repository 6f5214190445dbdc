/// The few facts about a source language that linking needs: how comments look and how a function
/// definition line looks (a git-style "funcname" heuristic). Chosen by file extension.
public enum SourceLanguage: Sendable, Equatable {
    case cFamily, swift, go, javaKotlin, python, ruby, javaScript, shell, yaml, other

    /// The language of a path, from its extension (or name, for shell-ish files without one).
    public init(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.contains(".") ? String(name.split(separator: ".").last!).lowercased() : ""
        switch ext {
        case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "m", "mm", "cs", "rs", "proto", "css", "scss": self = .cFamily
        case "swift": self = .swift
        case "go": self = .go
        case "java", "kt", "kts", "scala", "groovy": self = .javaKotlin
        case "py", "pyi": self = .python
        case "rb", "rake", "gemspec": self = .ruby
        case "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts": self = .javaScript
        case "sh", "bash", "zsh", "ksh": self = .shell
        case "yml", "yaml": self = .yaml
        default:
            self = ["Makefile", "Dockerfile", "Rakefile", "Gemfile"].contains(name) ? (name == "Rakefile" || name == "Gemfile" ? .ruby : .shell) : .other
        }
    }

    private var lineComments: [String] {
        switch self {
        case .cFamily, .swift, .go, .javaKotlin, .javaScript: return ["//"]
        case .python, .ruby, .shell, .yaml: return ["#"]
        case .other: return ["//", "#"]
        }
    }

    private var hasBlockComments: Bool {
        switch self {
        case .cFamily, .swift, .go, .javaKotlin, .javaScript, .other: return true
        default: return false
        }
    }

    /// True for a line that carries no code: blank, whitespace only, or only a comment
    /// (`// x`, `# x`, `/* x */`, a ` * x` continuation, `*/`; Python/Ruby `#`, shell/YAML `#`).
    public func isNoise(_ line: String) -> Bool {
        isNoise(trimmed: line.trimmingWhitespace)
    }

    /// `isNoise` of a line already stripped of surrounding whitespace.
    private func isNoise(trimmed t: String) -> Bool {
        if t.isEmpty { return true }
        for c in lineComments where t.hasPrefix(c) {
            // An interpreter line (`#!/usr/bin/env python2`) is code; mid-file it is rare as a comment.
            if self != .yaml, t.hasPrefix("#!") { return false }
            return true
        }
        if hasBlockComments {
            if t == "*" || t.hasPrefix("* ") || t.hasPrefix("*\t") || t.hasPrefix("*/") || t == "/**" { return true }
            if t.hasPrefix("/*") {
                guard let end = t.firstRange(of: "*/") else { return true }
                return t[end.upperBound...].trimmingWhitespace.isEmpty
            }
        }
        if self == .python, (t.hasPrefix("\"\"\"") && (t.count == 3 || t.hasSuffix("\"\"\""))) { return true }
        if self == .ruby, t.hasPrefix("=begin") || t.hasPrefix("=end") { return true }
        return false
    }

    /// The function a line belongs to: the name on the nearest line at or above `line` (1-based) that
    /// looks like a function definition, as git's funcname patterns find hunk headers.
    public func enclosingFunction<Lines: RandomAccessCollection<Substring>>(lines: Lines, line: Int) -> String? where Lines.Index == Int {
        enclosingFunctions(lines: lines, at: [line])[0]
    }

    /// `enclosingFunction` for each of `wanted` (1-based lines, any order), in one upward pass per gap:
    /// the lines above a wanted line already searched for a lower one are not searched again.
    public func enclosingFunctions<Lines: RandomAccessCollection<Substring>>(lines: Lines, at wanted: [Int]) -> [String?] where Lines.Index == Int {
        guard self != .other else { return wanted.map { _ in nil } }
        var byLine: [Int: String?] = [:]
        var searched = 0            // lines[0..<searched] have been searched; their answer is `above`
        var above: String? = nil
        for line in Set(wanted).sorted() {
            let top = max(0, min(line, lines.count))
            var found: String? = nil
            var i = top - 1
            while i >= searched, found == nil {
                found = functionName(String(lines[i]))
                i -= 1
            }
            let name = found ?? above
            byLine[line] = name
            if top > searched { searched = top; above = name }
        }
        return wanted.map { byLine[$0]! }
    }

    /// The function name a definition line declares, or `nil` when the line is not a definition.
    public func functionName(_ raw: String) -> String? {
        guard mayDefine(raw) else { return nil }
        let t = raw.trimmingWhitespace
        if isNoise(trimmed: t) { return nil }
        switch self {
        case .cFamily:
            // Definitions start in column 0 with an identifier (``mayDefine(_:)``), have a '(' and do not end with ';'.
            if t.hasSuffix(";") || t.hasSuffix(",") || raw.hasSuffix(":") || Self.isStatement(t) { return nil }
            for kw in ["typedef", "extern", "static_assert"] where Self.startsWithWord(t, kw) { return nil }
            if let name = Self.identifier(before: "(", in: t) { return name }
            for kw in ["struct", "class", "union", "enum", "namespace", "impl", "fn"] where Self.startsWithWord(t, kw) || t.contains(" \(kw) ") {
                return Self.word(after: kw, in: t)
            }
            return nil
        case .swift:
            for kw in ["func", "init", "deinit", "subscript"] {
                if let r = Self.wordRange(kw, in: t) {
                    if kw == "func" { return Self.word(after: "func", in: t) }
                    let before = t[..<r.lowerBound]
                    if before.split(separator: " ").allSatisfy({ Self.swiftModifiers.contains(String($0)) || $0.hasPrefix("@") }) { return kw }
                }
            }
            for kw in ["class", "struct", "enum", "extension", "actor", "protocol"] where Self.wordRange(kw, in: t) != nil
                && t[..<Self.wordRange(kw, in: t)!.lowerBound].split(separator: " ").allSatisfy({ Self.swiftModifiers.contains(String($0)) || $0.hasPrefix("@") }) {
                return Self.word(after: kw, in: t)
            }
            return nil
        case .go:
            guard t.hasPrefix("func ") || t.hasPrefix("type ") else { return nil }
            if t.hasPrefix("type ") { return Self.word(after: "type", in: t) }
            var rest = Substring(t.dropFirst(5))
            if rest.hasPrefix("("), let close = rest.firstIndex(of: ")") { rest = rest[rest.index(after: close)...] }
            return Self.identifier(before: "(", in: String(rest)) ?? Self.identifier(before: "[", in: String(rest))
        case .javaKotlin:
            if let name = Self.word(after: "fun", in: t), Self.wordRange("fun", in: t) != nil {
                return name.split(separator: ".").last.map(String.init)
            }
            if t.hasSuffix(";") || !t.contains("(") { 
                for kw in ["class", "interface", "enum", "object", "record"] where Self.wordRange(kw, in: t) != nil && !t.hasSuffix(";") {
                    return Self.word(after: kw, in: t)
                }
                return nil
            }
            if Self.isStatement(t) { return nil }
            if t.contains("=") && (t.firstIndex(of: "=")! < t.firstIndex(of: "(")!) { return nil }
            guard let name = Self.identifier(before: "(", in: t) else { return nil }
            // A call statement like `foo(x)` has no type or modifier before the name.
            let head = t[..<t.firstIndex(of: "(")!].split(separator: " ")
            return head.count >= 2 ? name : nil
        case .python:
            for kw in ["def", "class"] {
                var s = Substring(t)
                if s.hasPrefix("async ") { s = s.dropFirst(6).drop(while: { $0 == " " }) }
                if Self.startsWithWord(String(s), kw) { return Self.word(after: kw, in: String(s)) }
            }
            return nil
        case .ruby:
            if Self.startsWithWord(t, "def") {
                return Self.word(after: "def", in: t, extra: ".?!=").map { $0.hasPrefix("self.") ? String($0.dropFirst(5)) : $0 }
            }
            for kw in ["class", "module"] where Self.startsWithWord(t, kw) { return Self.word(after: kw, in: t, extra: ":") }
            return nil
        case .javaScript:
            if let r = Self.wordRange("function", in: t) {
                let after = t[r.upperBound...].drop(while: { $0 == " " || $0 == "*" })
                if let name = Self.identifier(before: "(", in: String(after)), !name.isEmpty { return name }
                // `const name = function (...)`
                return Self.assignedName(t)
            }
            if t.contains("=>"), let name = Self.assignedName(t) { return name }
            if Self.startsWithWord(t, "class") { return Self.word(after: "class", in: t) }
            // Methods: `name(args) {`, `async name(args) {`, `static name(...) {`
            if t.hasSuffix("{"), !t.hasPrefix("}") {
                for kw in ["if", "for", "while", "switch", "catch", "return", "else", "do", "try", "with"] where Self.startsWithWord(t, kw) { return nil }
                if let name = Self.identifier(before: "(", in: t), !t.contains("="), !Self.isMemberCall(t) {
                    let head = t[..<t.firstIndex(of: "(")!].split(separator: " ")
                    if head.dropLast().allSatisfy({ ["async", "static", "get", "set", "public", "private", "protected", "readonly", "export", "default"].contains(String($0)) }) { return name }
                }
            }
            return nil
        case .shell:
            if Self.startsWithWord(t, "function") { return Self.word(after: "function", in: t, extra: "-:") }
            if let r = t.firstRange(of: "()"), !t.hasPrefix("#") {
                let name = t[..<r.lowerBound].trimmingWhitespace
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-:.".contains($0) }) { return name }
            }
            return nil
        case .yaml:
            guard let f = raw.first, f.isLetter || f == "_" || f == "\"", let colon = t.firstIndex(of: ":") else { return nil }
            return String(t[..<colon]).trimmingCharacters(in: "\"'")
        case .other:
            return nil
        }
    }

    /// Whether a line can be a definition at all, decided from its first byte before any other work:
    /// C-family definitions start in column 0 with an identifier (most lines do not); a language
    /// without a heuristic has none.
    private func mayDefine(_ raw: String) -> Bool {
        switch self {
        case .other: return false
        case .cFamily:
            guard let b = raw.utf8.first else { return false }
            if b >= 0x80 { return raw.first!.isLetter }
            return b == UInt8(ascii: "_") || (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
        default: return true
        }
    }

    static let swiftModifiers: Set<String> = ["public", "private", "fileprivate", "internal", "open", "static", "class", "final",
                                                "override", "mutating", "nonmutating", "convenience", "required", "package",
                                                "nonisolated", "dynamic", "private(set)", "public(set)", "isolated", "lazy", "indirect"]

    /// Keywords that start a statement, never a definition, in the C family, Java and Kotlin.
    static let statementKeywords: Set<Substring> = ["if", "else", "for", "foreach", "while", "do", "switch", "catch", "try",
                                                    "finally", "synchronized", "return", "new", "throw", "case"]

    /// Keywords that open a block with a parenthesised head (`if (…) {`): reserved words, never a name.
    static let blockKeywords: Set<Substring> = ["if", "for", "foreach", "while", "switch", "catch", "synchronized"]

    /// Whether a line is a statement rather than a definition: it starts with a statement keyword after
    /// any closing braces (`} else if (a > 100) {`, `} catch (E e) {`), or the name before its first `(`
    /// opens a block (`outer: for (…) {`).
    static func isStatement(_ t: String) -> Bool {
        let body = t.drop(while: { $0 == "}" || $0 == " " || $0 == "\t" })
        if statementKeywords.contains(body.prefix(while: isIdent)) { return true }
        guard let name = identifier(before: "(", in: t) else { return false }
        return blockKeywords.contains(Substring(name))
    }

    /// Whether the name before a line's first `(` is a member being called (`res.json({`, `foo.bar(x, {`).
    static func isMemberCall(_ t: String) -> Bool {
        guard var i = t.firstIndex(of: "(") else { return false }
        while i > t.startIndex, t[t.index(before: i)] == " " { i = t.index(before: i) }
        while i > t.startIndex, isIdent(t[t.index(before: i)]) { i = t.index(before: i) }
        return i > t.startIndex && t[t.index(before: i)] == "."
    }

    static func startsWithWord(_ t: String, _ kw: String) -> Bool {
        guard t.hasPrefix(kw) else { return false }
        let rest = t.dropFirst(kw.count)
        guard let c = rest.first else { return true }
        return !(c.isLetter || c.isNumber || c == "_")
    }

    /// The range of `kw` as a whole word in `t`.
    static func wordRange(_ kw: String, in t: String) -> Range<String.Index>? {
        var search = t.startIndex..<t.endIndex
        while let r = t[search].firstRange(of: kw) {
            let beforeOK = r.lowerBound == t.startIndex || !isIdent(t[t.index(before: r.lowerBound)])
            let afterOK = r.upperBound == t.endIndex || !isIdent(t[r.upperBound])
            if beforeOK && afterOK { return r }
            search = r.upperBound..<t.endIndex
        }
        return nil
    }

    static func isIdent(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "$" }

    /// The identifier following keyword `kw`.
    static func word(after kw: String, in t: String, extra: String = "") -> String? {
        guard let r = wordRange(kw, in: t) else { return nil }
        let rest = t[r.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
        let name = rest.prefix(while: { isIdent($0) || extra.contains($0) || $0 == "." && extra.contains(".") })
        return name.isEmpty ? nil : String(name)
    }

    /// The identifier right before the first `marker` (`foo` in `int foo(void)`), or `nil`.
    static func identifier(before marker: Character, in t: String) -> String? {
        guard let i = t.firstIndex(of: marker) else { return nil }
        // Walked back by index rather than through reversed views, whose generic wrappers each cost
        // runtime type lookups the first time a process meets them.
        var end = i
        while end > t.startIndex, t[t.index(before: end)] == " " { end = t.index(before: end) }
        var start = end
        while start > t.startIndex {
            let c = t[t.index(before: start)]
            guard isIdent(c) || c == ":" || c == "~" else { break }
            start = t.index(before: start)
        }
        let trimmed = t[start..<end].drop(while: { $0 == ":" })
        guard let f = trimmed.first, f.isLetter || f == "_" || f == "~" || f == "$" else { return nil }
        return String(trimmed)
    }

    /// `name` in `const name = ...` / `name: ... =>` / `this.name = ...`.
    static func assignedName(_ t: String) -> String? {
        guard let eq = t.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let lhs = t[..<eq].trimmingWhitespace
        let last = lhs.split(whereSeparator: { $0 == " " || $0 == "." }).last.map(String.init) ?? ""
        return !last.isEmpty && last.allSatisfy(isIdent) ? last : nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line ends.
    /// (All of those are ASCII, so the bytes are searched: no scalar or grapheme decoding.)
    var trimmingWhitespace: String {
        let isSpace = { (b: UInt8) in b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        let bytes = utf8
        var start: String.Index?, end = bytes.startIndex
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let next = bytes.index(after: i)
            if !isSpace(bytes[i]) {
                if start == nil { start = i }
                end = next
            }
            i = next
        }
        guard let start else { return "" }
        return String(self[start..<end])
    }

    func trimmingCharacters(in set: String) -> String {
        String(self.drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
