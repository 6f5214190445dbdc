/// A line of code split into tokens, and what changed between two versions of a line, token by token.
///
/// Tokens are identifiers and numbers (letters, digits, `_` and any non-ASCII byte), the common
/// multi-character operators of the C family (`->`, `&&`, `||`, `<<=`, `>>`, `+=`, `==`, `++` …) and
/// every other non-space character on its own. Whitespace separates tokens and is otherwise ignored.
public struct CodeTokens: Sendable, Equatable {
    /// The tokens, in order.
    public let tokens: [ArraySlice<UInt8>]

    /// Splits `line` (one line of source text, as bytes).
    public init(_ line: [UInt8]) {
        var out: [ArraySlice<UInt8>] = []
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if isCodeSpace(c) { i += 1; continue }
            var end = i + 1
            if Self.isWord(c) {
                while end < line.endIndex, Self.isWord(line[end]) { end += 1 }
            } else if let length = Self.operatorLength(line, at: i) {
                end = i + length
            }
            out.append(line[i..<end])
            i = end
        }
        tokens = out
    }

    private static func isWord(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }

    /// The length of the multi-character operator starting at `i`, if one does.
    private static func operatorLength(_ s: [UInt8], at i: Int) -> Int? {
        guard i + 1 < s.endIndex else { return nil }
        let a = s[i], b = s[i + 1]
        switch (a, b) {
        case (UInt8(ascii: "-"), UInt8(ascii: ">")), (UInt8(ascii: "&"), UInt8(ascii: "&")), (UInt8(ascii: "|"), UInt8(ascii: "|")):
            return 2
        case (UInt8(ascii: "<"), UInt8(ascii: "<")), (UInt8(ascii: ">"), UInt8(ascii: ">")):
            return i + 2 < s.endIndex && s[i + 2] == UInt8(ascii: "=") ? 3 : 2
        case (_, UInt8(ascii: "=")) where "<>=!+-*/%&|^".utf8.contains(a):
            return 2
        case (UInt8(ascii: "+"), UInt8(ascii: "+")), (UInt8(ascii: "-"), UInt8(ascii: "-")):
            return 2
        default:
            return nil
        }
    }
}

/// What changed from one version of a line to another, token by token (a longest common subsequence
/// of the two token lists is what stayed).
public struct TokenChange: Sendable {
    /// The tokens removed from the old version or added in the new one.
    public private(set) var changed: Set<ArraySlice<UInt8>> = []
    /// Positions in the old version's tokens the change touched: removed or replaced tokens, and for
    /// a pure insertion the two tokens either side of it.
    public private(set) var oldMarks: Set<Int> = []
    /// The same for the new version: added or replacing tokens, and the two either side of a removal.
    public private(set) var newMarks: Set<Int> = []

    public init(from old: CodeTokens, to new: CodeTokens) {
        let a = old.tokens, b = new.tokens
        var previous = (0, 0)
        for pair in Self.commonPairs(a, b) + [(a.count, b.count)] {
            let gapA = previous.0..<pair.0, gapB = previous.1..<pair.1
            if !gapA.isEmpty || !gapB.isEmpty {
                for i in gapA { changed.insert(a[i]) }
                for j in gapB { changed.insert(b[j]) }
                oldMarks.formUnion(gapA.isEmpty ? [gapA.lowerBound - 1, gapA.lowerBound] : Array(gapA))
                newMarks.formUnion(gapB.isEmpty ? [gapB.lowerBound - 1, gapB.lowerBound] : Array(gapB))
            }
            previous = (pair.0 + 1, pair.1 + 1)
        }
    }

    /// Index pairs of a longest common subsequence of `a` and `b`, in order.
    private static func commonPairs(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [(Int, Int)] {
        let n = a.count, m = b.count
        guard n > 0, m > 0 else { return [] }
        // table[i][j]: length of the longest common subsequence of a[i...] and b[j...].
        var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var pairs: [(Int, Int)] = []
        var i = 0, j = 0
        while i < n, j < m {
            if a[i] == b[j] { pairs.append((i, j)); i += 1; j += 1 }
            else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] { i += 1 } else { j += 1 }
        }
        return pairs
    }
}

/// How alike two lines are: `2 × common / total` over their bytes, leading and trailing whitespace
/// aside (1 for equal lines, 0 for nothing in common), with `common` the length of a longest common
/// subsequence. Pairs that their lengths or their bytes counted regardless of order rule out for
/// `atLeast` are not compared and give 0 (they would score below it anyway), and so do
/// lines longer than ``maxComparedLineLength`` bytes (minified or generated text), which the quadratic
/// comparison would spend seconds on.
public func lineSimilarity(_ x: [UInt8], _ y: [UInt8], atLeast: Double = 0) -> Double {
    let a = trimmed(x), b = trimmed(y)
    let total = a.count + b.count
    guard total > 0 else { return 1 }
    guard 2 * Double(min(a.count, b.count)) / Double(total) >= atLeast, !a.isEmpty, !b.isEmpty,
          a.count <= maxComparedLineLength, b.count <= maxComparedLineLength else { return 0 }
    // The bytes the two have in common, counted regardless of order, bound the common subsequence:
    // a cheap test that rules out most unlike pairs before the quadratic one.
    if atLeast > 0 {
        var counts = [Int](repeating: 0, count: 256)
        for c in a { counts[Int(c)] += 1 }
        var shared = 0
        for c in b where counts[Int(c)] > 0 { counts[Int(c)] -= 1; shared += 1 }
        if 2 * Double(shared) / Double(total) < atLeast { return 0 }
    }
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in a.indices {
        var diagonal = 0
        for (k, j) in b.indices.enumerated() {
            let above = row[k + 1]
            row[k + 1] = a[i] == b[j] ? diagonal + 1 : max(above, row[k])
            diagonal = above
        }
    }
    return 2 * Double(row[b.count]) / Double(total)
}

/// Lines longer than this (in bytes, surrounding whitespace aside) are not compared: ``lineSimilarity(_:_:atLeast:)``
/// gives 0, so SZZ never pairs them and never compares their tokens.
public let maxComparedLineLength = 400

private func trimmed(_ s: [UInt8]) -> ArraySlice<UInt8> {
    guard let first = s.firstIndex(where: { !isCodeSpace($0) }), let last = s.lastIndex(where: { !isCodeSpace($0) }) else { return [] }
    return s[first...last]
}

/// Space, tab, newline, vertical tab, form feed or carriage return: what separates tokens and what
/// ``lineSimilarity(_:_:atLeast:)`` trims.
private func isCodeSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
