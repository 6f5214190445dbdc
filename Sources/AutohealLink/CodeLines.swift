extension SourceLanguage {
    /// For each line of a whole file (0-based), whether it carries code: a token outside comments. A
    /// line is comment-only when all it holds is blank or inside comments, which a single line cannot
    /// tell (``isNoise(_:)``): the text of a `/* … */` block, a code line starting `* ` (`\t* qty;`), a
    /// Python docstring. One linear pass that knows each language's comments and strings:
    ///
    /// - C family, Swift, Go, Java/Kotlin, JavaScript/TypeScript: `//`, `/* */` (nested in Swift),
    ///   strings `"…"` and `'…'` (to the line's end at most), `"""…"""` (Swift, Java, Kotlin) and
    ///   `` `…` `` (JavaScript, Go) across lines; JavaScript regular expressions (`/\/*$/`). A block
    ///   comment never closed (a misread) leaves its lines to the line-by-line check.
    /// - Python: `#`; a docstring — a string literal that is a statement on its own lines — is a comment,
    ///   any other string is code.
    /// - Shell: `#` starting a word; strings `'…'`, `"…"`, `` `…` `` (in one spanning lines, a line
    ///   starting `#` is a comment: such strings are mostly code run later); here-documents are code.
    /// - Ruby: `#`, `=begin`/`=end`, strings, here-documents. YAML: `#` after a blank, quoted scalars
    ///   (`"…"`, `'…'` where a value starts) across lines, a `#` line inside one text; the lines of a
    ///   block scalar (after `key: |` or `- >-`, those indented more than its parent line, and blank
    ///   ones, until the indentation returns) are text, not comments, `#` or not.
    ///
    /// A `#!` on the first line is code (the interpreter). Nil for a language with no scanner (`.other`).
    public func codeLines(in text: TextLines) -> [Bool]? {
        let syntax: CodeLineScanner.Syntax
        switch self {
        case .cFamily: syntax = .c(nested: false, tripleQuotes: false, backticks: false, regexes: false)
        case .swift: syntax = .c(nested: true, tripleQuotes: true, backticks: false, regexes: false)
        case .go: syntax = .c(nested: false, tripleQuotes: false, backticks: true, regexes: false)
        case .javaKotlin: syntax = .c(nested: false, tripleQuotes: true, backticks: false, regexes: false)
        case .javaScript: syntax = .c(nested: false, tripleQuotes: false, backticks: true, regexes: true)
        case .python: syntax = .python
        case .shell: syntax = .hash(.shell)
        case .ruby: syntax = .hash(.ruby)
        case .yaml: syntax = .hash(.yaml)
        case .other: return nil
        }
        var whole = text.text
        return whole.withUTF8 { bytes in
            var scanner = CodeLineScanner(bytes: bytes, lines: text, language: self)
            scanner.scan(syntax)
            return scanner.code
        }
    }
}

/// Whether lines of one version of a file carry code: from the whole file's text where it is at hand
/// (``SourceLanguage/codeLines(in:)``), else line by line (``SourceLanguage/isNoise(_:)``).
struct LineNoise {
    let language: SourceLanguage
    let code: [Bool]?

    init(language: SourceLanguage, text: TextLines?, path: String) {
        self.language = language
        code = Self.scansWholeFile(path) ? text.flatMap { language.codeLines(in: $0) } : nil
    }

    /// Whether the whole-file scanner reads this file's language as it is written. Rust and C# strings
    /// span lines (and have raw forms), Kotlin's and Scala's block comments nest: scanned as C or Java,
    /// a `/*` inside such a string opened a comment that swallowed code. They are told line by line.
    static func scansWholeFile(_ path: String) -> Bool {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return !["rs", "cs", "kt", "kts", "scala", "groovy"].contains(ext)
    }

    /// Whether line `line` (1-based), whose text is `content`, carries no code.
    func isNoise(_ line: Int, _ content: @autoclosure () -> String) -> Bool {
        if let code, line >= 1, line <= code.count { return !code[line - 1] }
        return language.isNoise(content())
    }
}

/// The scanner behind ``SourceLanguage/codeLines(in:)``.
struct CodeLineScanner {
    enum Syntax {
        /// `nested`: block comments nest; `tripleQuotes`: `"""` strings span lines; `backticks`: `` ` ``
        /// strings span lines; `regexes`: `/…/` literals where an operand may start.
        case c(nested: Bool, tripleQuotes: Bool, backticks: Bool, regexes: Bool)
        case python
        case hash(Hash)
    }

    enum Hash { case shell, ruby, yaml }

    let bytes: UnsafeBufferPointer<UInt8>
    let lines: TextLines
    let language: SourceLanguage
    private(set) var code: [Bool]
    private var i = 0
    private var line = 0

    init(bytes: UnsafeBufferPointer<UInt8>, lines: TextLines, language: SourceLanguage) {
        self.bytes = bytes
        self.lines = lines
        self.language = language
        code = Array(repeating: false, count: lines.count)
    }

    private static let newline = UInt8(ascii: "\n"), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
    private static let backslash = UInt8(ascii: "\\"), hash = UInt8(ascii: "#")
    private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backtick = UInt8(ascii: "`")

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }
    private static func isIdent(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || b >= 0x80
            || (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    private var n: Int { bytes.count }
    private func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0 }

    /// The current line carries code.
    private mutating func mark() { if line < code.count { code[line] = true } }

    private mutating func skipToLineEnd() { while i < n, bytes[i] != Self.newline { i += 1 } }

    /// A string from `i` (its opening delimiter, `open` bytes long) to its closing `close`, marking
    /// every line it touches. A string that may not span lines ends, unclosed, at the line's end.
    /// With `hashComments` (a shell string spanning lines is mostly code run later: `sh -c '…'`, a test
    /// body), a line inside it that starts with `#` and does not close it is a comment.
    private mutating func string(open: Int, close: [UInt8], multiline: Bool, escapes: Bool, hashComments: Bool = false) {
        mark()
        i += open
        while i < n {
            let b = bytes[i]
            if escapes && b == Self.backslash {
                i += 1
                if i < n { if bytes[i] == Self.newline { line += 1; mark() }; i += 1 }
                continue
            }
            if b == Self.newline {
                guard multiline else { return }
                line += 1; i += 1
                if hashComments {
                    var j = i
                    while j < n, Self.isSpace(bytes[j]) { j += 1 }
                    if at(j) == Self.hash {
                        var end = j
                        while end < n, bytes[end] != Self.newline, bytes[end] != close[0] { end += 1 }
                        if end == n || bytes[end] == Self.newline { i = end; continue }
                    }
                }
                mark()
                continue
            }
            if b == close[0], close.count == 1 || (at(i + 1) == close[1] && at(i + 2) == close[2]) {
                i += close.count
                return
            }
            i += 1
        }
    }

    /// A `/* … */` comment from `i`. Never closed, its lines are left to the line-by-line check.
    private mutating func blockComment(nested: Bool) {
        let first = line
        var depth = 1
        i += 2
        while i < n {
            let b = bytes[i]
            if b == Self.newline { line += 1; i += 1; continue }
            if nested, b == Self.slash, at(i + 1) == Self.star { depth += 1; i += 2; continue }
            if b == Self.star, at(i + 1) == Self.slash {
                depth -= 1; i += 2
                if depth == 0 { return }
                continue
            }
            i += 1
        }
        for l in first..<code.count where !code[l] { code[l] = !language.isNoise(String(lines[l])) }
    }

    mutating func scan(_ syntax: Syntax) {
        switch syntax {
        case .c(let nested, let triple, let backticks, let regexes): scanC(nested: nested, triple: triple, backticks: backticks, regexes: regexes)
        case .python: scanPython()
        case .hash(let flavor): scanHash(flavor)
        }
    }

    // MARK: - C family

    /// Words after which a `/` starts a regular expression, not a division.
    private static let regexKeywords: Set<[UInt8]> = Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                                                            "void", "throw", "yield", "await", "instanceof"].map { Array($0.utf8) })
    /// Bytes after which a `/` starts a regular expression.
    private static let regexAfter: Set<UInt8> = Set("(,=:[!&|?{};+-*%<>~^".utf8)

    private mutating func scanC(nested: Bool, triple: Bool, backticks: Bool, regexes: Bool) {
        var prev: UInt8 = 0                 // the last code byte (0: none yet; `a` for an operand)
        var afterKeyword = false
        while i < n {
            let b = bytes[i]
            if b == Self.newline { line += 1; i += 1; continue }
            if Self.isSpace(b) { i += 1; continue }
            if b == Self.slash {
                let c = at(i + 1)
                if c == Self.slash { skipToLineEnd(); continue }
                if c == Self.star { blockComment(nested: nested); continue }
                if regexes, prev == 0 || afterKeyword || Self.regexAfter.contains(prev) {
                    mark()
                    regex()
                    prev = UInt8(ascii: "a"); afterKeyword = false
                    continue
                }
            }
            // A line splice (`\` ending a macro's line) is no code of its own.
            if b == Self.backslash, at(i + 1) == Self.newline || at(i + 1) == 0x0D && at(i + 2) == Self.newline { i += 1; continue }
            if b == Self.quote || b == Self.apostrophe || b == Self.backtick {
                if triple, b == Self.quote, at(i + 1) == Self.quote, at(i + 2) == Self.quote {
                    string(open: 3, close: [b, b, b], multiline: true, escapes: true)
                } else if backticks, b == Self.backtick {
                    string(open: 1, close: [b], multiline: true, escapes: regexes)   // Go's raw strings have no escapes
                } else {
                    string(open: 1, close: [b], multiline: false, escapes: true)
                }
                prev = UInt8(ascii: "a"); afterKeyword = false
                continue
            }
            mark()
            if Self.isIdent(b) {
                let start = i
                while i < n, Self.isIdent(bytes[i]) { i += 1 }
                afterKeyword = regexes && Self.regexKeywords.contains(Array(bytes[start..<i]))
                prev = UInt8(ascii: "a")
            } else {
                prev = b; afterKeyword = false
                i += 1
            }
        }
    }

    /// A JavaScript regular expression from its opening `/` to its closing one on the same line (a `/`
    /// inside `[…]` does not close it).
    private mutating func regex() {
        i += 1
        var inClass = false
        while i < n, bytes[i] != Self.newline {
            let c = bytes[i]
            if c == Self.backslash {
                i += at(i + 1) == Self.newline ? 1 : 2
                continue
            }
            if c == UInt8(ascii: "[") { inClass = true } else if c == UInt8(ascii: "]") { inClass = false } else if c == Self.slash, !inClass { i += 1; return }
            i += 1
        }
    }

    // MARK: - Python

    private mutating func scanPython() {
        var depth = 0                       // open brackets
        var started = false                 // the logical line has had a token
        var continued = false               // the line ends with a backslash
        while i < n {
            let b = bytes[i]
            if b == Self.newline {
                line += 1; i += 1
                if depth == 0 && !continued { started = false }
                continued = false
                continue
            }
            if Self.isSpace(b) { i += 1; continue }
            if b == Self.hash {
                if i == 0, at(1) == UInt8(ascii: "!") { mark() }
                skipToLineEnd()
                continue
            }
            if b == Self.quote || b == Self.apostrophe {
                pythonString(from: i, docstringPossible: !started && depth == 0)
                started = true
                continue
            }
            if Self.isIdent(b) {
                let start = i
                while i < n, Self.isIdent(bytes[i]) { i += 1 }
                if i - start <= 2, at(i) == Self.quote || at(i) == Self.apostrophe,
                   bytes[start..<i].allSatisfy({ "rRbBuUfF".utf8.contains($0) }) {
                    // A prefixed string: r"…", b'…', f"""…""".
                    pythonString(from: i, docstringPossible: !started && depth == 0)
                } else {
                    mark()
                }
                started = true
                continue
            }
            mark()
            started = true
            switch b {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            case Self.backslash:
                if at(i + 1) == Self.newline || at(i + 1) == 0x0D && at(i + 2) == Self.newline { continued = true }
            default: break
            }
            i += 1
        }
    }

    /// A Python string whose (first) quote is at `quoteAt`, its prefix before. A docstring (a string
    /// that is a statement on its own lines: first on its logical line, nothing but a comment after it)
    /// marks no line; any other string marks the lines it spans.
    private mutating func pythonString(from quoteAt: Int, docstringPossible: Bool) {
        let first = line
        let q = bytes[quoteAt]
        let triple = at(quoteAt + 1) == q && at(quoteAt + 2) == q
        i = quoteAt + (triple ? 3 : 1)
        var closed = false
        while i < n {
            let b = bytes[i]
            if b == Self.backslash {
                i += 1
                if i < n { if bytes[i] == Self.newline { line += 1 }; i += 1 }
                continue
            }
            if b == Self.newline {
                guard triple else { break }
                line += 1; i += 1
                continue
            }
            if b == q, !triple || at(i + 1) == q && at(i + 2) == q {
                i += triple ? 3 : 1
                closed = true
                break
            }
            i += 1
        }
        var j = i
        while j < n, Self.isSpace(bytes[j]) { j += 1 }
        let alone = j == n || bytes[j] == Self.newline || bytes[j] == Self.hash
        if docstringPossible && closed && alone { return }
        for l in first...line where l < code.count { code[l] = true }
    }

    // MARK: - Shell, Ruby, YAML

    private mutating func scanHash(_ flavor: Hash) {
        var prev = Self.newline             // the byte before `i` on this line (a newline at its start)
        var hereDocs: [(delimiter: [UInt8], indented: Bool)] = []
        var arithmetic = false              // the line has opened `((`, where `<<` is a shift
        var lineStart = 0                   // where the current line starts
        var blockScalar: (parent: Int, indicator: Int?)?    // YAML: the line opened a block scalar
        while i < n {
            let b = bytes[i]
            if b == Self.newline {
                line += 1; i += 1
                prev = Self.newline
                arithmetic = false
                if !hereDocs.isEmpty { hereDocBodies(hereDocs); hereDocs = [] }
                if let header = blockScalar {
                    blockScalarBody(parent: header.parent, indicator: header.indicator)
                    blockScalar = nil
                }
                lineStart = i
                continue
            }
            if flavor == .ruby, prev == Self.newline, b == UInt8(ascii: "="), startsLine(with: "=begin") {
                // To the line starting `=end`, all comment.
                while i < n {
                    skipToLineEnd()
                    if i < n { i += 1; line += 1 }
                    if startsLine(with: "=end") { skipToLineEnd(); break }
                }
                continue
            }
            if Self.isSpace(b) { prev = b; i += 1; continue }
            if b == Self.hash, flavor == .ruby || Self.startsWord(after: prev, flavor) {
                if i == 0, at(1) == UInt8(ascii: "!") { mark() }
                skipToLineEnd()
                continue
            }
            switch b {
            case Self.apostrophe, Self.quote, Self.backtick:
                if flavor == .yaml {
                    guard b != Self.backtick, startsYAMLScalar(lineStart: lineStart) else { break }
                    yamlQuoted()
                } else {
                    string(open: 1, close: [b], multiline: true, escapes: b != Self.apostrophe || flavor == .ruby, hashComments: flavor == .shell)
                }
                prev = UInt8(ascii: "a")
                continue
            case Self.backslash where flavor == .shell:
                mark()
                i += at(i + 1) == Self.newline ? 1 : 2
                prev = UInt8(ascii: "a")
                continue
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                if flavor == .yaml, let (indicator, end) = blockScalarHeader(lineStart: lineStart) {
                    mark()
                    blockScalar = (parentColumn(lineStart: lineStart), indicator)
                    i = end
                    prev = UInt8(ascii: "a")
                    continue
                }
            case UInt8(ascii: "(") where at(i + 1) == UInt8(ascii: "("):
                arithmetic = true
            case UInt8(ascii: "<") where flavor != .yaml && !arithmetic && at(i + 1) == UInt8(ascii: "<") && at(i + 2) != UInt8(ascii: "<"):
                if let doc = hereDoc(flavor) {
                    mark()
                    hereDocs.append(doc)
                    prev = UInt8(ascii: "a")
                    continue
                }
            default: break
            }
            mark()
            prev = b
            i += 1
        }
    }

    /// Whether the quote at `i` opens a YAML quoted scalar: it starts a value, at the start of the line's
    /// content, after `: ` or a sequence's `- `, after `[`, `{` or `,` (a flow collection), or after a tag
    /// or anchor there. Elsewhere (`it's`, `Bob 's`) it is text of a plain scalar.
    private func startsYAMLScalar(lineStart: Int) -> Bool {
        var p = i
        while true {
            let blank = p > lineStart && Self.isSpace(bytes[p - 1])
            while p > lineStart, Self.isSpace(bytes[p - 1]) { p -= 1 }
            guard p > lineStart else { return true }
            let c = bytes[p - 1]
            if "[{,".utf8.contains(c) { return true }
            guard blank else { return false }
            var wordStart = p
            while wordStart > lineStart, !Self.isSpace(bytes[wordStart - 1]) { wordStart -= 1 }
            let word = bytes[wordStart..<p]
            if c == UInt8(ascii: ":") || word.elementsEqual([UInt8(ascii: "-")]) || word.elementsEqual([UInt8(ascii: "?")])
                || word.elementsEqual("---".utf8) { return true }
            guard word.first == UInt8(ascii: "!") || word.first == UInt8(ascii: "&") else { return false }
            p = wordStart
        }
    }

    /// A YAML quoted scalar from `i` (its opening `"` or `'`) to its closing quote: text, across lines
    /// (a `#` line inside it is no comment); its non-blank lines carry code. `\` escapes in `"…"`, `''`
    /// is a quote in `'…'`. Never closed, it runs to the end of the text.
    private mutating func yamlQuoted() {
        let q = bytes[i]
        mark()
        i += 1
        while i < n {
            let b = bytes[i]
            if b == Self.newline { line += 1; i += 1; continue }
            if !Self.isSpace(b) { mark() }
            if q == Self.quote, b == Self.backslash {
                i += 1
                if i < n, bytes[i] != Self.newline { i += 1 }
                continue
            }
            if b == q {
                if q == Self.apostrophe, at(i + 1) == Self.apostrophe { i += 2; continue }
                i += 1
                return
            }
            i += 1
        }
    }

    /// The number of spaces starting the line at `start` (YAML indents with spaces only).
    private func indentation(at start: Int) -> Int {
        var j = start
        while j < n, bytes[j] == 0x20 { j += 1 }
        return j - start
    }

    /// The column of the node holding the block scalar whose header is at `i`, on the line starting at
    /// `lineStart`: that of its key (`  - run: |`: 4), or of the sequence's `-` it is an entry of
    /// (`  - |`: 2).
    private func parentColumn(lineStart: Int) -> Int {
        var j = lineStart + indentation(at: lineStart)
        var column = j - lineStart
        while at(j) == UInt8(ascii: "-"), Self.isSpace(at(j + 1)) {
            let dash = j
            j += 1
            while j < i, Self.isSpace(bytes[j]) { j += 1 }
            if j >= i { return dash - lineStart }
            column = j - lineStart
        }
        return column
    }

    /// A YAML block scalar's header at `i`: `|` or `>`, then a chomping indicator (`+`, `-`) and an
    /// indentation indicator (`1`–`9`) in either order, each optional, then the line's end or a comment;
    /// the header stands where a value does (after `key:`, a sequence's `-`, a `---`, or a tag or anchor
    /// there). Its indentation indicator (nil: none) and the end of the header; nil for no header.
    private func blockScalarHeader(lineStart: Int) -> (indicator: Int?, end: Int)? {
        var j = i + 1
        var indicator: Int?, chomped = false
        for _ in 0..<2 {
            let c = at(j)
            if !chomped, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { chomped = true; j += 1 } else if indicator == nil, c >= UInt8(ascii: "1"), c <= UInt8(ascii: "9") {
                indicator = Int(c - UInt8(ascii: "0")); j += 1
            }
        }
        var k = j
        while k < n, Self.isSpace(bytes[k]) { k += 1 }
        guard k == n || bytes[k] == Self.newline || bytes[k] == Self.hash && k > j else { return nil }
        // What stands before it: blanks, then `:`, `-` or `---` (alone), or a tag or anchor and, before that, one of those.
        var p = i
        while true {
            guard p > lineStart, Self.isSpace(bytes[p - 1]) else { return nil }
            while p > lineStart, Self.isSpace(bytes[p - 1]) { p -= 1 }
            guard p > lineStart else { return nil }
            var wordStart = p
            while wordStart > lineStart, !Self.isSpace(bytes[wordStart - 1]) { wordStart -= 1 }
            let word = bytes[wordStart..<p]
            if word.last == UInt8(ascii: ":") || word.elementsEqual([UInt8(ascii: "-")]) || word.elementsEqual("---".utf8) { return (indicator, j) }
            guard word.first == UInt8(ascii: "!") || word.first == UInt8(ascii: "&") else { return nil }
            p = wordStart
        }
    }

    /// The lines of a block scalar, from `i` (the line after its header; the node holding it is at
    /// column `parent`): all text, none comment. They run while blank or indented as the first non-blank
    /// one (more than `parent`; `parent` plus an indentation indicator when given), or more.
    private mutating func blockScalarBody(parent: Int, indicator: Int?) {
        var content = indicator.map { parent + $0 }
        while i < n {
            let indent = indentation(at: i)
            var j = i + indent
            while j < n, Self.isSpace(bytes[j]) { j += 1 }
            if j < n, bytes[j] != Self.newline {
                if content == nil {
                    guard indent > parent else { return }
                    content = indent
                }
                guard indent >= content! else { return }
                mark()
            }
            skipToLineEnd()
            guard i < n else { return }
            i += 1; line += 1
        }
    }

    /// Whether a `#` after `prev` starts a comment: in the shell it must start a word; in YAML it must
    /// follow a blank.
    private static func startsWord(after prev: UInt8, _ flavor: Hash) -> Bool {
        if prev == newline || isSpace(prev) { return true }
        return flavor == .shell && ";&|()<>".utf8.contains(prev)
    }

    /// Whether the line at `i` (its start) begins with `word`, followed by a blank or its end.
    private func startsLine(with word: String) -> Bool {
        let w = Array(word.utf8)
        for (k, c) in w.enumerated() where at(i + k) != c { return false }
        let after = at(i + w.count)
        return after == 0 || after == Self.newline || Self.isSpace(after)
    }

    /// A here-document's opening `<<WORD` (`<<-WORD`, `<<'WORD'`, `<< "WORD"` in the shell; `<<~WORD`,
    /// `<<-WORD`, `<<WORD` with no blank in Ruby, where `a << b` appends) at `i`; moves past it.
    private mutating func hereDoc(_ flavor: Hash) -> (delimiter: [UInt8], indented: Bool)? {
        var j = i + 2
        var indented = false
        if at(j) == UInt8(ascii: "-") || flavor == .ruby && at(j) == UInt8(ascii: "~") { indented = true; j += 1 }
        if flavor == .shell { while Self.isSpace(at(j)) && at(j) != 0x0D { j += 1 } }
        var quote: UInt8 = 0
        if at(j) == Self.apostrophe || at(j) == Self.quote { quote = at(j); j += 1 } else if flavor == .shell, at(j) == Self.backslash { j += 1 }
        let start = j
        let first = at(j)
        guard first == UInt8(ascii: "_") || (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") else { return nil }
        while j < n, Self.isIdent(bytes[j]), bytes[j] != UInt8(ascii: "$") { j += 1 }
        let delimiter = Array(bytes[start..<j])
        if quote != 0 { guard at(j) == quote else { return nil }; j += 1 }
        i = j
        return (delimiter, indented)
    }

    /// The bodies of the here-documents opened on the line before `i`, each to its delimiter line: code.
    private mutating func hereDocBodies(_ docs: [(delimiter: [UInt8], indented: Bool)]) {
        for doc in docs {
            while i < n {
                let start = i
                skipToLineEnd()
                var from = start, to = i
                if doc.indented { while from < to, Self.isSpace(bytes[from]) { from += 1 } }
                while to > from, bytes[to - 1] == 0x0D { to -= 1 }
                mark()
                if i < n { i += 1 }
                line += 1
                if bytes[from..<to].elementsEqual(doc.delimiter) { break }
            }
        }
    }
}
