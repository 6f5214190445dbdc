import AutohealGit

/// SZZ's judge of incidental changes: a commit that last changed a line the fix corrects, but changed
/// a different part of it than the fix does, is seen through to the line's earlier version.
///
/// Plain blame names whoever touched a line last. When a later commit renamed a variable in
/// `if (fd < 0)` and the fix corrects the comparison, the rename is blamed though the comparison came
/// from further back. For each line the fix changed (paired with the most similar line it added in
/// the same hunk), we know which tokens the fix touched. For each commit the trace stops at, the line
/// is paired with the most similar line of the hunk it replaced, and the two changes are compared:
///
/// - the first change reached, when its version of the line has the fix's tokens: incidental unless
///   the positions it touched lie within ``reach`` tokens of those the fix touched;
/// - further back, where the line's tokens have moved: incidental unless the two changes share a token.
///
/// At most ``maxSeeThrough`` changes are seen through per line. Lines the fix deleted outright, lines
/// with no similar partner on either side, lines longer than ``maxComparedLineLength``, lines in a
/// rewrite of more than ``maxHunk`` lines, and lines a commit added rather than changed are never
/// seen through. Measured on four kernel-style histories (Benchmarks/szz/RESULTS.md).
public struct IncidentalChanges: LineChangeJudge {
    /// What the fix did to one line: the line's tokens, the positions it touched, the tokens it
    /// removed or added.
    public struct FixedLine: Sendable {
        public var tokens: CodeTokens
        public var marks: Set<Int>
        public var changed: Set<ArraySlice<UInt8>>
    }

    /// Lines are paired only when at least this alike (``lineSimilarity(_:_:atLeast:)``).
    public static let minSimilarity = 0.5
    /// Changes this many tokens apart still count as the same place in the line.
    public static let reach = 1
    /// Changes seen through per line at most.
    public static let maxSeeThrough = 3
    /// A replaced side longer than this is searched only this far around the line's own offset.
    static let searchWindow = 64
    /// A fix's hunk deleting more lines than this is a rewrite: its lines are not compared.
    public static let maxHunk = 1_000

    /// By line number in the fix's parent.
    public let fixed: [Int: FixedLine]

    init(fixed: [Int: FixedLine]) { self.fixed = fixed }

    /// The fix's changes to the lines of one hunk: each deleted line (by number in the parent) with
    /// its added lines to choose a partner from.
    public init(deleted: [(line: Int, text: [UInt8])], added: [[UInt8]]) {
        var fixed: [Int: FixedLine] = [:]
        // A rewrite of more than ``maxHunk`` lines is not compared line by line.
        for (position, (number, text)) in deleted.enumerated() where deleted.count <= Self.maxHunk {
            guard let partner = Self.partner(of: text, among: added, around: position) else { continue }
            let tokens = CodeTokens(text)
            let change = TokenChange(from: tokens, to: CodeTokens(added[partner]))
            if change.changed.isEmpty { continue }
            fixed[number] = FixedLine(tokens: tokens, marks: change.oldMarks, changed: change.changed)
        }
        self.fixed = fixed
    }

    /// Both judges' lines together (hunks of one file never share a line).
    public func merging(_ other: IncidentalChanges) -> IncidentalChanges {
        IncidentalChanges(fixed: fixed.merging(other.fixed) { a, _ in a })
    }

    public func lineToFollow(from line: [UInt8], at offset: Int, replacing replaced: [[UInt8]], traced: Int, seenThrough: Int) -> Int? {
        guard seenThrough < Self.maxSeeThrough, let fix = fixed[traced],
              let index = Self.partner(of: line, among: replaced, around: offset) else { return nil }
        let tokens = CodeTokens(line)
        let change = TokenChange(from: CodeTokens(replaced[index]), to: tokens)
        let incidental: Bool
        if seenThrough == 0 && tokens == fix.tokens {
            incidental = change.newMarks.allSatisfy { mark in fix.marks.allSatisfy { abs(mark - $0) > Self.reach } }
        } else {
            incidental = change.changed.isDisjoint(with: fix.changed)
        }
        return incidental ? index : nil
    }

    /// The index of the line in `lines` most like `line` (the first of equals), if any reaches
    /// ``minSimilarity``; a long list is searched within ``searchWindow`` of `around`.
    static func partner(of line: [UInt8], among lines: [[UInt8]], around: Int) -> Int? {
        var range = lines.indices
        if lines.count > searchWindow {
            let low = max(0, min(around - searchWindow / 2, lines.count - searchWindow))
            range = low..<(low + searchWindow)
        }
        var best: Int? = nil
        var bestScore = 0.0
        for i in range {
            let score = lineSimilarity(line, lines[i], atLeast: max(Self.minSimilarity, bestScore))
            if score > bestScore { best = i; bestScore = score }
        }
        return bestScore >= Self.minSimilarity ? best : nil
    }
}
