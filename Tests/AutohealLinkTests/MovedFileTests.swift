import AutohealTestSupport
import Foundation
import Testing
import AutohealGit
@testable import AutohealLink

/// "Move the code, keep a shim": a later commit moves `a.py` to `b.py` and leaves a small `a.py` that
/// imports it. Git reports `a.py` modified and `b.py` added (no rename without break detection), so the
/// lines of commits before the move were carried into the shim, where they dropped out, and the move
/// itself claimed every line of `b.py`.
@Suite struct MovedFileTests {
    static let functions = (1...10).map { "def f\($0)(x):\n    return x + \($0)\n" }
    static let shim = "from b import *\n"
    /// The functions with the bug: `f8` subtracts (line 16).
    static let wrong = functions.enumerated().map { $0.offset == 7 ? "def f8(x):\n    return x - 8\n" : $0.element }

    /// `a.py` committed whole (`base`), then Bob's commit bringing in the bug (`bug`).
    static func bugInA(_ fx: FixtureRepo) throws -> (base: String, bug: String) {
        let base = try fx.commit("init", files: ["a.py": functions.joined()])
        let bug = try fx.commit("f8 subtracts", files: ["a.py": wrong.joined()], author: "Bob")
        return (base, bug)
    }

    /// init, the bug (line 16 of `a.py`), the move (with a header line on `b.py`), a change to the shim.
    func refactored() throws -> (fx: FixtureRepo, base: String, bug: String, move: String, shimChange: String) {
        let fx = try FixtureRepo()
        let (base, bug) = try Self.bugInA(fx)
        try fx.git("mv", "a.py", "b.py")
        let move = try fx.commit("move a to b, keep a shim", files: ["b.py": "import math\n" + Self.wrong.joined(), "a.py": Self.shim])
        let shimChange = try fx.commit("shim: name the helper", files: ["a.py": Self.shim + "from b import f8\n"])
        return (fx, base, bug, move, shimChange)
    }

    @Test func namedCommitsFollowTheMovedFileNotTheShim() throws {
        let (fx, _, bug, move, shimChange) = try refactored()
        let l = Linker(repository: try Repository(at: fx.path))
        // Stated at the move: the bug's line is line 17 of b.py; the move's own lines are the shim and
        // the line it added to the moved code.
        let r = try l.commits([bug, move])
        #expect(r.at == move)
        #expect(r.paths.map(\.path) == ["a.py", "b.py"])
        #expect(r.paths.map(\.lines) == [[1...1], [1...1, 17...17]])
        // Stated at a later change to the shim: the bug's line still goes to b.py, the shim's to a.py.
        let r2 = try l.commits([bug, shimChange])
        #expect(r2.at == shimChange)
        #expect(r2.paths.map(\.path) == ["a.py", "b.py"])
        #expect(r2.paths.map(\.lines) == [[2...2], [17...17]])
    }

    @Test func aDeployFollowsTheMovedFileNotTheShim() throws {
        let (fx, base, bug, move, _) = try refactored()
        let l = Linker(repository: try Repository(at: fx.path))
        // The bug's line is next to the frame; the move touched b.py only with its new first line.
        let r = try l.deploy("\(base)..HEAD", frames: ["b.py:17"], strictFrames: true)
        #expect(r.introducing.map(\.commit) == [bug, move])
        #expect(r.paths.map(\.path) == ["b.py"])
        #expect(r.paths.map(\.lines) == [[17...17]])
        // The shim's own change stays at a.py.
        let shimOnly = try l.deploy("\(base)..HEAD", frames: ["a.py:2"], strictFrames: true)
        #expect(shimOnly.introducing.first?.commit == (try fx.git("rev-parse", "HEAD")))
        #expect(shimOnly.paths.map(\.path) == ["a.py"])
    }

    /// A file rewritten in place, beside a new file its old content did not go to, is no move.
    @Test func aRewriteBesideANewFileIsNoMove() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["c.py": Self.functions.joined()])
        var changed = Self.functions
        changed[2] = "def f3(x):\n    return x * 3\n"
        let early = try fx.commit("f3 multiplies", files: ["c.py": changed.joined()])
        let rewrite = try fx.commit("rewrite c, add d", files: ["c.py": "def main():\n    run()\n", "d.py": "def run():\n    pass\n"])
        let r = try Linker(repository: try Repository(at: fx.path)).commits([early, rewrite])
        #expect(r.paths.map(\.path) == ["c.py", "d.py"])
        #expect(r.paths.map(\.lines) == [[1...2], [1...2]])
    }

    /// Moved twice behind a shim (`a.py` to `b2.py`, then `b2.py` to `b3.py`, each leaving a shim), or
    /// renamed and then moved: a deploy followed the first hop only, into the second shim.
    @Test func aDeployFollowsAFileMovedTwice() throws {
        for renamedFirst in [false, true] {
            let fx = try FixtureRepo()
            let (base, bug) = try Self.bugInA(fx)
            try fx.git("mv", "a.py", "b2.py")
            try fx.commit("move a to b2", files: renamedFirst ? [:] : ["a.py": "from b2 import *\n"])
            try fx.git("mv", "b2.py", "b3.py")
            let second = try fx.commit("move b2 to b3, keep a shim", files: ["b2.py": "from b3 import *\n"])
            let l = Linker(repository: try Repository(at: fx.path))
            let r = try l.deploy("\(base)..HEAD", frames: ["b3.py:16"], strictFrames: true)
            #expect(r.introducing.first?.commit == bug)
            #expect(r.paths.map(\.path) == ["b3.py"])
            #expect(r.paths.map(\.lines) == [[16...16]])
            // The second shim's line is the second move's alone.
            let shim = try l.deploy("\(base)..HEAD", frames: ["b2.py:1"], strictFrames: true)
            #expect(shim.introducing.map(\.commit) == [second])
            #expect(shim.paths.map(\.path) == ["b2.py"])
        }
    }

    /// A file split in two (`a.py` keeps f1–f3 unchanged, f4–f10 go to a new `a2.py`) lost most of its
    /// lines beside a new file, as a file moved away behind a shim does, and `git diff -B -M` pairs it
    /// with the new file: the split was credited with the lines it left alone, and the commit that wrote
    /// them dropped out. The file stays where it was; a shim keeping only a comment header still moves.
    @Test func aSplitIsNoMove() throws {
        let fx = try FixtureRepo()
        let base = try fx.commit("init", files: ["a.py": Self.functions.joined()])
        var early = Self.functions
        early[0] = "def f1(x):\n    return x + 111\n"
        let fix = try fx.commit("f1 adds more", files: ["a.py": early.joined()], author: "Bob")
        let split = try fx.commit("split f4-f10 out", files: ["a.py": early[0..<3].joined(), "a2.py": early[3...].joined()])
        let l = Linker(repository: try Repository(at: fx.path))
        let r = try l.commits([split])
        #expect(r.paths.map(\.path) == ["a.py", "a2.py"])
        #expect(r.paths.first?.lines.contains { $0.contains(2) } == false)
        #expect(r.paths.last?.lines == [1...14])
        let both = try l.commits([fix, split])
        #expect(both.paths.map(\.path) == ["a.py", "a2.py"])
        // The split deleted a.py's end: the line before the deletion, none past the file's 6 lines (7 was given).
        #expect(both.paths.first?.lines == [2...2, 6...6])
        let d = try l.deploy("\(base)..HEAD", frames: ["a.py:2"], strictFrames: true)
        #expect(d.introducing.first?.commit == fix)
        #expect(d.paths.map(\.path) == ["a.py"])
        #expect(d.paths.map(\.lines) == [[2...2]])

        let header = try FixtureRepo()
        let hBase = try header.commit("init", files: ["a.py": "# Copyright Example\n# Licensed under MIT\n" + Self.functions.joined()])
        let hBug = try header.commit("f1 adds more", files: ["a.py": "# Copyright Example\n# Licensed under MIT\n" + early.joined()], author: "Bob")
        try header.git("mv", "a.py", "b.py")
        try header.commit("move a to b, keep a shim", files: ["a.py": "# Copyright Example\n# Licensed under MIT\nfrom b import *\n"])
        let h = try Linker(repository: try Repository(at: header.path)).deploy("\(hBase)..HEAD", frames: ["b.py:4"], strictFrames: true)
        #expect(h.introducing.first?.commit == hBug)
        #expect(h.paths.map(\.path) == ["b.py"])
    }
}
