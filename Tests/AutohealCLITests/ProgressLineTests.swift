import Foundation
import Testing

@Suite("Progress line")
struct ProgressLineTests {
    /// The progress line drawn to a terminal of `columns` columns must fit in one row: a line as wide as
    /// the terminal or wider wraps, and each redraw (`\r`) then starts a new row, piling up bars.
    @Test("on a narrow terminal the import's progress line stays within the width (skipped without script)")
    func fitsNarrowTerminal() {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let ws = Workspace()
        // Over 10 MB, where import draws its bar: 1,100 events carrying 10 KB of attributes each.
        let padding = String(repeating: "x", count: 10_000)
        let lines = (0..<1_100).map {
            #"{"incident":"INC-\#($0)","type":"alert.fired","at":"2026-11-07T02:00:00Z","service":"s","attrs":{"note":"\#(padding)"}}"#
        }
        let file = ws.dir.write("big.ndjson", lines.joined(separator: "\n") + "\n")
        for columns in [30, 20] {
            let quoted = [Exec.binary, "--db", ws.db + "\(columns)", "import", file].map { "'" + $0 + "'" }
            let run = Exec.run("/usr/bin/script", ["-qec", quoted.joined(separator: " "), "/dev/null"], cwd: ws.dir.path,
                               env: ["COLUMNS": String(columns)])
            #expect(run.code == 0, "\(run.out)")
            let drawn = run.out.components(separatedBy: "\r").filter { $0.hasPrefix("importing") }
            #expect(!drawn.isEmpty, "no progress line drawn: \(run.out.debugDescription)")
            for line in drawn { #expect(line.count < columns, "\(line.count) columns of \(columns): \(line)") }
        }
    }
}
