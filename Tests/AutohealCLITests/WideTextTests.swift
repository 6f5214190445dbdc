import Foundation
import Testing

/// Tables with Chinese, Japanese and Korean text, emoji and combining marks, as the real binary prints
/// them: columns were measured in characters, so a service of four ideographs (eight terminal columns)
/// pushed the rest of its row four columns right, and a cut cell could still over-fill the terminal.
@Suite("Tables with wide characters")
struct WideTextTests {
    /// Terminal columns of this test's own text, independently of autoheal: the ideographs, kana, Hangul
    /// and emoji it uses take two, a combining accent none, everything else one.
    static func columns(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { n, u in
            switch u.value {
            case 0x0300...0x036F: return n
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xFF01...0xFF60, 0x1F300...0x1FAFF: return n + 2
            default: return n + 1
            }
        }
    }

    /// Each field of `line` as the terminal columns it starts and ends at; fields are separated by at
    /// least `gap` spaces.
    static func fields(_ line: String, gap: Int) -> [(start: Int, end: Int)] {
        var out: [(start: Int, end: Int)] = []
        var column = 0, spaces = gap
        for c in line {
            if c == " " {
                spaces += 1
            } else {
                if spaces >= gap { out.append((column, column)) }
                spaces = 0
                out[out.count - 1].end = column + columns(String(c))
            }
            column += columns(String(c))
        }
        return out
    }

    /// Checks that every row's fields line up with the header's: left-aligned columns (`l`) at their
    /// start, right-aligned ones (`r`) at their end.
    static func expectAligned(_ table: [String], gap: Int, alignments: String, _ what: String) {
        guard let header = table.first else { Issue.record("\(what): no table"); return }
        let columns = fields(header, gap: gap)
        #expect(columns.count == alignments.count, "\(what) header: \(header)")
        for row in table.dropFirst() {
            let cells = fields(row, gap: gap)
            guard cells.count == columns.count else { Issue.record("\(what): \(row) has \(cells.count) fields"); continue }
            for (i, a) in alignments.enumerated() {
                let (want, got) = a == "l" ? (columns[i].start, cells[i].start) : (columns[i].end, cells[i].end)
                #expect(want == got, "\(what): column \(i) of «\(row)» at \(got), header at \(want)\n\(table.joined(separator: "\n"))")
            }
        }
    }

    /// The lines of a table: up to the first empty line.
    static func table(_ out: String) -> [String] {
        Array(out.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }.map(String.init))
    }

    static let events = """
        {"incident":"INC-1","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}
        {"incident":"INC-1","type":"incident.declared","at":"2026-11-03T02:10:00Z","severity":"SEV2","attrs":{"title":"支払いが失敗する"}}
        {"incident":"INC-1","type":"sli.recovered","at":"2026-11-03T03:00:00Z"}
        {"incident":"INC-2","type":"alert.fired","at":"2026-11-04T02:00:00Z","service":"支付网关"}
        {"incident":"INC-2","type":"incident.declared","at":"2026-11-04T02:05:00Z","severity":"重大","attrs":{"title":"支付超时，用户无法下单"}}
        {"incident":"INC-2","type":"mitigation.applied","at":"2026-11-04T03:00:00Z"}
        {"incident":"事件-3","type":"alert.fired","at":"2026-11-05T02:00:00Z","service":"결제-서비스"}
        {"incident":"事件-3","type":"sli.recovered","at":"2026-11-05T02:30:00Z"}
        {"incident":"INC-4","type":"alert.fired","at":"2026-11-06T02:00:00Z","service":"cafe\u{301}-🔥"}
        {"incident":"INC-4","type":"rootcause.identified","at":"2026-11-06T02:20:00Z","attrs":{"summary":"キャッシュの期限切れ"}}
        """

    @Test("incidents, report and review keep their columns aligned with CJK, emoji and combining marks")
    func alignedWhenPiped() {
        let ws = Workspace()
        #expect(ws.autoheal(["import", "-"], stdin: Self.events).code == 0)
        let incidents = ws.autoheal(["incidents"])
        #expect(incidents.code == 0 && incidents.out.contains("支付网关") && incidents.out.contains("重大"), "\(incidents.out)")
        Self.expectAligned(Self.table(incidents.out), gap: 2, alignments: "llllll", "incidents")
        for by in ["service", "severity"] {
            let report = ws.autoheal(["report", "--by", by])
            #expect(report.code == 0, "\(report.err)")
            Self.expectAligned(Self.table(report.out), gap: 1, alignments: "l" + String(repeating: "r", count: 11), "report --by \(by)")
        }
        let review = ws.autoheal(["review"])
        #expect(review.code == 0 && review.out.contains("결제-서비스"), "\(review.out)")
        Self.expectAligned(Self.table(review.out), gap: 2, alignments: "lllrrrll", "review")
    }

    /// Runs autoheal on a pseudo-terminal (util-linux `script`) whose width comes from `$COLUMNS`.
    static func onTerminal(_ ws: Workspace, _ args: [String], columns: Int) -> Run {
        let quoted = ([Exec.binary, "--db", ws.db] + args).map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        return Exec.run("/usr/bin/script", ["-qec", quoted.joined(separator: " "), "/dev/null"], cwd: ws.dir.path,
                        env: ["COLUMNS": String(columns)])
    }

    @Test("on a narrow terminal, cells with wide characters are cut to terminal columns, whole characters only (skipped without script)")
    func cutToTheTerminal() {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let ws = Workspace()
        let long = """
            {"incident":"PAYMENTS-2026-0001","type":"alert.fired","at":"2026-11-07T02:00:00Z","service":"东京区域支付网关服务集群"}
            {"incident":"PAYMENTS-2026-0001","type":"sli.recovered","at":"2026-11-07T02:30:00Z"}
            {"incident":"支付事件二〇二六年十一月第二","type":"alert.fired","at":"2026-11-08T02:00:00Z","service":"결제-서비스-🔥-아시아-태평양"}
            """
        #expect(ws.autoheal(["import", "-"], stdin: Self.events + "\n" + long).code == 0)
        // The cut columns (id 16, service 16) and the rest fit 90 columns. Cut by characters, an id of 14
        // ideographs was not cut at all (28 columns) and rows took up to 107.
        let incidents = Self.onTerminal(ws, ["incidents"], columns: 90)
        #expect(incidents.code == 0, "\(incidents.out)")
        let rows = Self.table(incidents.out)
        #expect(rows.count == 7, "\(incidents.out)")
        for line in rows { #expect(Self.columns(line) <= 90, "\(Self.columns(line)) columns: \(line)") }
        #expect(rows.contains { $0.hasPrefix("支付事件…月第二  ") }, "the id cut to 15 of its 16 columns, no ideograph split: \(rows)")
        #expect(rows.contains { $0.contains("  东京区域…务集群  –") }, "\(rows)")
        Self.expectAligned(rows, gap: 2, alignments: "llllll", "incidents on a terminal")
        // The report's group label is cut to 18 columns, so the table fits 72. Cut by characters, a label of
        // 17 characters, Hangul and an emoji, was not cut (28 columns) and its row took 80.
        let report = Self.onTerminal(ws, ["report", "--by", "service"], columns: 72)
        let table = Self.table(report.out)
        #expect(table.count == 8, "\(report.out)")
        for line in table { #expect(Self.columns(line) <= 72, "\(Self.columns(line)) columns: \(line)") }
        #expect(table.contains { $0.hasPrefix("东京区域…服务集群 ") }, "\(table)")
        Self.expectAligned(table, gap: 1, alignments: "l" + String(repeating: "r", count: 11), "report on a terminal")
    }
}
