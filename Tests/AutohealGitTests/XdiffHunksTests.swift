import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

/// The tracer's hunks straight from xdiff must be exactly libgit2's hunks for the same buffers, and a
/// statically linked build (`make test`) must take that path.
@Suite struct XdiffHunksTests {
    /// `make test` sets AUTOHEAL_STATIC_BUILD=1 when it linked libgit2 statically.
    static let expectDirect = ProcessInfo.processInfo.environment["AUTOHEAL_STATIC_BUILD"] == "1"

    /// Skipped (not passed) outside a static build.
    @Test(.enabled(if: expectDirect)) func staticBuildsCallXdiffDirectly() {
        #expect(XdiffHunks.isAvailable)
    }

    /// A C-like file: lines from a small vocabulary (so lines repeat and xdiff must choose), with
    /// indentation, blank lines and braces (so the indent heuristic has something to slide).
    static func file(_ n: Int, _ rng: inout SeededRandom) -> [String] {
        let words = ["return x;", "}", "{", "", "if (a) {", "b = c + d;", "free(p);", "x++;", "/* note */", "f(a,  b);"]
        return (0..<n).map { _ in String(repeating: "\t", count: Int(rng.next() % 3)) + words[Int(rng.next() % UInt64(words.count))] }
    }

    /// Random edits: replace, delete, insert runs of lines, change only whitespace, and drop the last newline.
    static func edit(_ lines: [String], _ rng: inout SeededRandom) -> [String] {
        var out = lines
        for _ in 0..<(1 + Int(rng.next() % 6)) {
            guard !out.isEmpty else { out.append("x"); continue }
            let at = Int(rng.next() % UInt64(out.count))
            switch rng.next() % 5 {
            case 0: out[at] = "changed \(rng.next() % 100);"
            case 1: out.removeSubrange(at..<min(out.count, at + 1 + Int(rng.next() % 4)))
            case 2: out.insert(contentsOf: file(1 + Int(rng.next() % 4), &rng), at: at)
            case 3: out[at] = "  " + out[at].replacingOccurrences(of: " ", with: "   ")
            default: out.insert(out[at], at: at)
            }
        }
        return out
    }

    /// Skipped (not passed) where xdiff cannot be called directly: there is nothing to compare.
    @Test(.enabled(if: XdiffHunks.isAvailable)) func directHunksAreLibgit2Hunks() throws {
        let fx = try FixtureRepo()
        let repo = try Repository(at: fx.path)
        var rng = SeededRandom(seed: 7)
        var compared = 0, nonEmpty = 0
        for round in 0..<400 {
            let old = Self.file(Int(rng.next() % 60), &rng)
            let new = Self.edit(old, &rng)
            let a = Array((old.joined(separator: "\n") + (round % 7 == 0 ? "" : "\n")).utf8)
            let b = Array((new.joined(separator: "\n") + (round % 5 == 0 ? "" : "\n")).utf8)
            for ws in [false, true] {
                let shift = round % 3
                try a.withUnsafeBufferPointer { pa in
                    try b.withUnsafeBufferPointer { pb in
                        let pa0 = pa.baseAddress ?? UnsafePointer(bitPattern: 1)!, pb0 = pb.baseAddress ?? UnsafePointer(bitPattern: 1)!
                        let direct = try #require(try XdiffHunks.run(old: (pa0, pa.count), new: (pb0, pb.count), ignoreWhitespace: ws, shift: shift, path: "f.c"))
                        let api = try repo.bufferHunks(old: (pa0, pa.count), new: (pb0, pb.count), ignoreWhitespace: ws, shift: shift, path: "f.c")
                        #expect(direct == api, "round \(round), ignoreWhitespace \(ws)")
                        compared += 1
                        if !direct.isEmpty { nonEmpty += 1 }
                    }
                }
            }
        }
        #expect(compared == 800 && nonEmpty > 600)
    }
}
