import AutohealCore

/// A plain-text table with aligned columns; numbers right-aligned, text left-aligned. Columns are measured
/// in terminal columns (``DisplayWidth``), so a service or summary in Chinese, Japanese or Korean, or with
/// an emoji, keeps the columns after it aligned.
public struct TextTable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Maximum width of each column on a terminal (``TerminalStyle/fitsWidth``): a longer cell keeps its
    /// start and end around an ellipsis (`PAYMENTS-…-0002`, `notificat… 2026-Q3`), so rows that differ at
    /// the end stay apart; widths are terminal columns, and a wide character is never split. Output to a
    /// file or a pipe is never cut.
    public var maxWidths: [Int?]
    /// Spaces before each column (the first is ignored); two by default.
    public var gaps: [Int]

    public init(headers: [String], alignments: [Alignment], maxWidths: [Int?]? = nil, gaps: [Int]? = nil) {
        self.headers = headers
        self.alignments = alignments
        self.maxWidths = maxWidths ?? headers.map { _ in nil }
        self.gaps = gaps ?? headers.map { _ in 2 }
    }

    /// Adds a row; its cells are written visibly (``VisibleText``): incident text holding a control
    /// character or a bidirectional override would otherwise reorder or colour the table.
    public mutating func add(_ row: [String]) { rows.append(row.map(VisibleText.of)) }

    /// The table as lines, with a header styled by `style`.
    public func render(style: TerminalStyle = .plain) -> String {
        var cells = [headers] + rows
        var widths = Self.widths(cells)
        // Cut only when the whole table is wider than the terminal.
        if style.fitsWidth, zip(widths, gaps).dropFirst().reduce(widths.first ?? 0, { $0 + $1.0 + $1.1 }) > style.columns {
            cells = [headers] + rows.map { row in
                row.enumerated().map { i, c in TextTable.clip(c, maxWidths[i].map { max($0, DisplayWidth.of(headers[i])) }) }
            }
            widths = Self.widths(cells)
        }
        var out = ""
        for (r, row) in cells.enumerated() {
            var line = ""
            for (i, c) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[i] - DisplayWidth.of(c))
                let cell = alignments[i] == .left ? c + padding : padding + c
                line += (i == 0 ? "" : String(repeating: " ", count: gaps[i])) + cell
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += (r == 0 ? style.bold(line) : line) + "\n"
        }
        return out
    }

    private static func widths(_ cells: [[String]]) -> [Int] {
        var widths = cells.first.map { $0.map { _ in 0 } } ?? []
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        return widths
    }

    static func clip(_ s: String, _ width: Int?) -> String {
        width.map { DisplayWidth.clip(s, to: $0) } ?? s
    }
}

/// ANSI styling that is a no-op unless colour is wanted (a TTY without `NO_COLOR`).
public struct TerminalStyle: Sendable {
    public var colour: Bool
    /// Output goes to a terminal, so a table wider than ``columns`` has its long cells cut
    /// (``TextTable/maxWidths``).
    public var fitsWidth: Bool
    /// The terminal's width in columns.
    public var columns: Int
    public init(colour: Bool, fitsWidth: Bool = false, columns: Int = 80) {
        self.colour = colour
        self.fitsWidth = fitsWidth
        self.columns = columns
    }
    public static let plain = TerminalStyle(colour: false)

    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func green(_ s: String) -> String { wrap(s, "32") }

    private func wrap(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}
