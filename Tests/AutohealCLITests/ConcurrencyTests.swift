import Foundation
import Testing

@Suite("Several processes writing one ledger")
struct ConcurrencyTests {
    @Test("8 processes importing at once lose no event and never fail with 'database is locked'")
    func eightImporters() async throws {
        let ws = Workspace()
        // Each process imports 400 events of its own plus 100 shared ones (duplicates across processes).
        var files: [String] = []
        let shared = (0..<100).map { i in
            #"{"id":"shared-\#(i)","incident":"INC-S","type":"x-tick","at":"2026-11-03T02:00:00Z","service":"svc"}"#
        }
        for p in 0..<8 {
            let own = (0..<400).map { i in
                #"{"incident":"INC-\#(p)","type":"alert.fired","at":"2026-11-03T02:\#(String(format: "%02d", i % 60)):\#(String(format: "%02d", i / 60))Z","service":"svc","source":"p\#(p)","attrs":{"n":\#(i)}}"#
            }
            files.append(ws.dir.write("p\(p).ndjson", (own + shared).joined(separator: "\n")))
        }
        let db = ws.db, binary = Exec.binary
        let results = await withTaskGroup(of: Run.self) { group in
            for f in files { group.addTask { Exec.run(binary, ["--db", db, "import", f, "--json"]) } }
            var all: [Run] = []
            for await r in group { all.append(r) }
            return all
        }
        for r in results {
            #expect(r.code == 0, "\(r.err)")
            #expect(!r.err.contains("locked"))
        }
        let newTotal = results.map { ($0.json as! [String: Int])["new"]! }.reduce(0, +)
        #expect(newTotal == 8 * 400 + 100)
        #expect(ws.eventCount() == 8 * 400 + 100)
    }
}
