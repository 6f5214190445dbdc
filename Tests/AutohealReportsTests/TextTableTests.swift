import AutohealReports
import Testing

@Suite struct TextTableTests {
    /// Group labels and ids were cut to their first 18 or 16 characters, also in a file or a pipe, so
    /// `notifications / 2026-Q3` and `notifications / 2026-Q4` (or PAYMENTS-2025-0001 and -0002) read
    /// the same. Piped, nothing is cut; on a terminal, the start and the end are kept.
    @Test func onlyATerminalCutsCellsAndKeepsBothEnds() {
        var table = TextTable(headers: ["ID", "PREVENTION"], alignments: [.left, .left], maxWidths: [12, 4])
        table.add(["PAYMENTS-2025-0001", "committed"])
        table.add(["PAYMENTS-2025-0002", "none"])
        let piped = table.render(style: .plain)
        #expect(piped.contains("PAYMENTS-2025-0001  committed") && piped.contains("PAYMENTS-2025-0002"))
        let terminal = table.render(style: TerminalStyle(colour: false, fitsWidth: true, columns: 24))
        let lines = terminal.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("ID") && lines[0].contains("PREVENTION"), "headers are never cut: \(lines[0])")
        #expect(lines[1].hasPrefix("PAYMEN…-0001") && lines[2].hasPrefix("PAYMEN…-0002"), "\(terminal)")
        #expect(lines[1].contains("committed"), "a cell as wide as its header stays whole")
    }

    /// Tables were cut to their column limits on any terminal, however wide. They are now cut only when
    /// the whole table is wider than the terminal (its real width, else `$COLUMNS`, else 80).
    @Test func aTableThatFitsTheTerminalIsNotCut() {
        var table = TextTable(headers: ["SERVICE", "MTTR"], alignments: [.left, .right], maxWidths: [12, nil])
        table.add(["notifications / 2026-Q3", "1h02m"])
        let wide = table.render(style: TerminalStyle(colour: false, fitsWidth: true, columns: 120))
        #expect(wide.contains("notifications / 2026-Q3  1h02m"), "\(wide)")
        let narrow = table.render(style: TerminalStyle(colour: false, fitsWidth: true, columns: 20))
        #expect(narrow.contains("notifi…26-Q3"), "\(narrow)")
        let exact = table.render(style: TerminalStyle(colour: false, fitsWidth: true, columns: 30))
        #expect(exact.contains("notifications / 2026-Q3"), "30 columns hold the 30-column table: \(exact)")
    }

    /// `show` escaped hidden characters but `incidents`, `report` and `review` printed them raw: a service
    /// named with a right-to-left override reversed the rest of its row.
    @Test func hiddenCharactersInCellsAreWrittenVisibly() {
        var table = TextTable(headers: ["SERVICE", "N"], alignments: [.left, .right])
        table.add(["pay\u{202E}BEW", "1"])
        table.add(["ok\u{1B}[31m", "2"])
        let out = table.render()
        #expect(!out.contains("\u{202E}") && !out.contains("\u{1B}"))
        #expect(out.contains(#"pay\u{202E}BEW"#) && out.contains(#"ok\u{1B}[31m"#), "\(out)")
    }
}
