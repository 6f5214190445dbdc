import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

@Suite struct HistoryTests {
    /// main: A - B - M(merge of feature: F1, F2) - C
    @Test func revwalkFirstParentAndHide() throws {
        let fx = try FixtureRepo()
        let a = try fx.commit("A", files: ["a": "1\n"])
        let b = try fx.commit("B", files: ["a": "2\n"])
        try fx.git("checkout", "-q", "-b", "feature")
        let f1 = try fx.commit("F1", files: ["f": "1\n"])
        let f2 = try fx.commit("F2", files: ["f": "2\n"])
        try fx.git("checkout", "-q", "main")
        try fx.git("merge", "-q", "--no-ff", "-m", "M", "feature", env: fx.nextDateEnv())
        let m = try fx.git("rev-parse", "HEAD")
        let c = try fx.commit("C", files: ["a": "3\n"])
        let repo = try Repository(at: fx.path)

        let fp = try RevWalk(repo, firstParentOnly: true)
        try fp.push(reference: "refs/heads/main")
        #expect(try fp.ids().map(\.hex) == [c, m, b, a])

        let all = try RevWalk(repo)
        try all.push(repo.resolveCommit("main"))
        #expect(Set(try all.ids().map(\.hex)) == [a, b, f1, f2, m, c])

        let incremental = try RevWalk(repo, firstParentOnly: true)
        try incremental.push(repo.resolveCommit("main"))
        try incremental.hide(ObjectID(hex: b)!)
        #expect(try incremental.ids().map(\.hex) == [c, m])
    }

    @Test func diffReportsLineNumbersRenamesAndWhitespace() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["old.txt": (1...20).map { "line \($0)\n" }.joined(), "w.c": "int x;\n"])
        try fx.git("mv", "old.txt", "new.txt")
        var text = (1...20).map { "line \($0)\n" }
        text[4] = "line five\n"
        text.insert("inserted\n", at: 10)
        try fx.write("new.txt", text.joined())
        try fx.write("w.c", "int  x;\n")
        let c = try fx.commit("rename and edit")
        let repo = try Repository(at: fx.path)

        let files = try repo.diff(commit: ObjectID(hex: c)!, options: DiffOptions(contextLines: 0)).files()
        let renamed = try #require(files.first { $0.newPath == "new.txt" })
        #expect(renamed.status == .renamed && renamed.oldPath == "old.txt")
        #expect(renamed.hunks.count == 2)
        #expect(renamed.hunks[0].oldStart == 5 && renamed.hunks[0].oldCount == 1 && renamed.hunks[0].newStart == 5)
        #expect(renamed.hunks[0].lines == [DiffLine(origin: .deletion, oldLine: 5, newLine: nil, content: "line 5"),
                                           DiffLine(origin: .addition, oldLine: nil, newLine: 5, content: "line five")])
        #expect(renamed.hunks[1].lines == [DiffLine(origin: .addition, oldLine: nil, newLine: 11, content: "inserted")])

        let ws = try repo.diff(commit: ObjectID(hex: c)!, options: DiffOptions(contextLines: 0, ignoreWhitespace: true)).files()
        #expect(ws.first { $0.newPath == "w.c" }?.hunks.isEmpty ?? true)
        let narrowed = try repo.diff(commit: ObjectID(hex: c)!, options: DiffOptions(detectRenames: false, paths: ["w.c"])).files()
        #expect(narrowed.map(\.newPath) == ["w.c"])
    }

    /// A file moved while a new file took its name reads as a modification and an addition; with
    /// rewrites broken, as a rename and an addition. A rewrite whose content went nowhere stays modified.
    @Test func breakingRewritesFindsAFileMovedAwayFromItsName() throws {
        let fx = try FixtureRepo()
        let code = (1...20).map { "def f\($0)(x):\n    return x + \($0)\n" }.joined()
        try fx.commit("base", files: ["a.py": code, "c.py": code])
        try fx.git("mv", "a.py", "b.py")
        let c = try fx.commit("move a to b, keep a shim; rewrite c", files: ["a.py": "from b import *\n", "c.py": "def main():\n    pass\n"])
        let repo = try Repository(at: fx.path)
        func statuses(_ options: DiffOptions) throws -> [String] {
            try repo.diff(commit: ObjectID(hex: c)!, options: options).deltas()
                .map { "\($0.status) \($0.oldPath) \($0.newPath)" }.sorted()
        }
        #expect(try statuses(DiffOptions()) == ["added b.py b.py", "modified a.py a.py", "modified c.py c.py"])
        #expect(try statuses(DiffOptions(breakRewrites: true)) == ["added a.py a.py", "modified c.py c.py", "renamed a.py b.py"])
    }

    @Test func blameRestrictedToARange() throws {
        let fx = try FixtureRepo()
        let first = try fx.commit("one", files: ["f.txt": "a\nb\nc\nd\n"])
        let second = try fx.commit("two", files: ["f.txt": "a\nB\nc\nd\n"])
        try fx.commit("three", files: ["f.txt": "a\nB\nc \nd\n"])
        let repo = try Repository(at: fx.path)
        let head = try repo.resolveCommit("HEAD")
        let hunks = try repo.blame(path: "f.txt", at: head, options: BlameOptions(ignoreWhitespace: true, lines: 2...3)).hunks
        #expect(hunks.map(\.finalStartLine) == [2, 3])
        #expect(hunks.map(\.commit.hex) == [second, first])
        #expect(hunks.allSatisfy { $0.lineCount == 1 && $0.originalPath == "f.txt" })

        let traced = try repo.traceLines(path: "f.txt", at: head, lines: [2, 3, 4])
        #expect(traced.map(\.commit.hex) == [second, first, first])
        let strict = try repo.traceLines(path: "f.txt", at: head, lines: [3], options: TraceOptions(ignoreWhitespace: false))
        #expect(strict.first?.commit == head)
    }

    @Test func traceFollowsRenamesMergesAndIgnoredRevisions() throws {
        let fx = try FixtureRepo()
        let intro = try fx.commit("intro", files: ["a.c": "int f(void)\n{\n\treturn 1;\n}\n"])
        try fx.git("mv", "a.c", "b.c")
        try fx.commit("rename")
        try fx.git("checkout", "-q", "-b", "side")
        let side = try fx.commit("side", files: ["b.c": "int f(void)\n{\n\treturn 2;\n}\n"])
        try fx.git("checkout", "-q", "main")
        try fx.commit("unrelated", files: ["other": "x\n"])
        try fx.git("merge", "-q", "--no-ff", "-m", "merge side", "side", env: fx.nextDateEnv())
        let reformat = try fx.commit("reformat", files: ["b.c": "int f(void) {\n\treturn  2;\n}\n"])
        let repo = try Repository(at: fx.path)
        let head = try repo.resolveCommit("HEAD")

        let plain = try repo.traceLines(path: "b.c", at: head, lines: [1, 2], options: TraceOptions(ignoreWhitespace: true))
        #expect(plain.map(\.commit.hex) == [reformat, side])
        let ignoring = try repo.traceLines(path: "b.c", at: head, lines: [1, 2],
                                           options: TraceOptions(ignoredRevisions: [ObjectID(hex: reformat)!]))
        #expect(ignoring.map(\.commit.hex) == [intro, side])
        #expect(ignoring[0].path == "a.c" && ignoring[1].path == "b.c")
        #expect(ignoring[1].originalLine == 3)
    }

    /// A judge decides, per changed line, whether the trace goes on to the line the change replaced,
    /// and is told how many changes to that line it already saw through. Lines a commit added outright
    /// are never put to it.
    @Test func traceAsksTheJudgeAboutChangedLines() throws {
        struct FollowOnce: LineChangeJudge {
            func lineToFollow(from line: [UInt8], at offset: Int, replacing replaced: [[UInt8]], traced: Int, seenThrough: Int) -> Int? {
                // Follow to the replaced line with the same first byte, once per line.
                seenThrough == 0 ? replaced.firstIndex { $0.first == line.first } : nil
            }
        }
        let fx = try FixtureRepo()
        let one = try fx.commit("one", files: ["f.txt": "a1\nb1\n"])
        let two = try fx.commit("two", files: ["f.txt": "a2\nb2\n"])
        let three = try fx.commit("three", files: ["f.txt": "a3\nb3\nc3\n"])
        let repo = try Repository(at: fx.path)
        let head = try repo.resolveCommit("HEAD")
        let plain = try repo.traceLines(path: "f.txt", at: head, lines: [1, 2, 3])
        #expect(plain.map(\.commit.hex) == [three, three, three])
        let judged = try repo.traceLines(path: "f.txt", at: head, lines: [1, 2, 3], options: TraceOptions(judge: FollowOnce()))
        #expect(judged.map(\.commit.hex) == [two, two, three])
        #expect(judged.map(\.originalLine) == [1, 2, 3])
        _ = one
    }

    /// A commit that moves a whole tree (here 100 files, like a "flatten src/ into ./" or a subtree
    /// import): the trace still finds where each file came from, whether it moved unchanged or was
    /// edited in the same commit, and whether or not another deleted file has the same name.
    @Test func traceFollowsFilesThroughAMassMove() throws {
        let fx = try FixtureRepo()
        var files: [String: String] = [:]
        for i in 0..<100 { files["src/mod\(i).c"] = (0..<12).map { "int mod\(i)_\($0) = \($0);" }.joined(separator: "\n") + "\n" }
        files["src/util.c"] = "int util(void)\n{\n\treturn 1;\n}\nint spare(void)\n{\n\treturn 2;\n}\n"
        files["src/edited.c"] = (0..<20).map { "int edited_\($0) = \($0);" }.joined(separator: "\n") + "\n"
        files["lib/util.c"] = "int lib_util(void)\n{\n\treturn 7;\n}\n"
        let intro = try fx.commit("import", files: files)
        try fx.git("mv", "src", "flat")
        try fx.git("rm", "-q", "lib/util.c")
        // The same commit edits the moved edited.c (an inexact rename among 100+ deleted files).
        try fx.write("flat/edited.c", (0..<20).map { $0 == 19 ? "int edited_19 = 99;" : "int edited_\($0) = \($0);" }.joined(separator: "\n") + "\n")
        let flatten = try fx.commit("flatten")
        let repo = try Repository(at: fx.path)
        let head = try repo.resolveCommit("HEAD")

        let util = try repo.traceLines(path: "flat/util.c", at: head, lines: [3])
        #expect(util.map(\.commit.hex) == [intro])
        #expect(util.first?.path == "src/util.c")
        let edited = try repo.traceLines(path: "flat/edited.c", at: head, lines: [2, 20])
        #expect(edited.map(\.commit.hex) == [intro, flatten])
        #expect(edited.first?.path == "src/edited.c")
        let module = try repo.traceLines(path: "flat/mod42.c", at: head, lines: [5])
        #expect(module.first?.path == "src/mod42.c" && module.first?.commit.hex == intro)
    }

    @Test func patchIDSurvivesCherryPick() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a": "1\n2\n3\n", "b": "x\n"])
        try fx.git("checkout", "-q", "-b", "topic")
        let fix = try fx.commit("fix", files: ["a": "1\nTWO\n3\n"])
        try fx.git("checkout", "-q", "main")
        try fx.commit("other", files: ["b": "y\n"])
        try fx.git("cherry-pick", fix, env: fx.nextDateEnv())
        let picked = try fx.git("rev-parse", "HEAD")
        let repo = try Repository(at: fx.path)
        #expect(picked != fix)
        let p1 = try repo.patchID(commit: ObjectID(hex: fix)!)
        let p2 = try repo.patchID(commit: ObjectID(hex: picked)!)
        #expect(p1 == p2)
        #expect(try repo.patchID(commit: repo.resolveCommit("HEAD~1")) != p1)
    }

    @Test func lineMapAcrossHunks() {
        let hunks = [DiffHunk(oldStart: 3, oldCount: 2, newStart: 2, newCount: 0),   // deleted old 3-4 (after new 2)
                     DiffHunk(oldStart: 8, oldCount: 0, newStart: 7, newCount: 2)]   // added new 7-8
        #expect(LineMap.oldLine(forNew: 2, hunks: hunks) == 2)
        #expect(LineMap.oldLine(forNew: 3, hunks: hunks) == 5)
        #expect(LineMap.oldLine(forNew: 7, hunks: hunks) == nil)
        #expect(LineMap.oldLine(forNew: 9, hunks: hunks) == 9)
        #expect(LineMap.newLine(forOld: 4, hunks: hunks) == nil)
        #expect(LineMap.newLine(forOld: 9, hunks: hunks) == 9)
    }
}

@Suite struct CommitEncodingTests {
    /// A commit whose `encoding` header names latin1 (as `git commit` writes with
    /// `i18n.commitEncoding=latin1`): its subject and names were read as UTF-8, each accented letter
    /// becoming U+FFFD — and stored that way for good in the ledger's links.
    @Test func aLatin1CommitReadsAsGitShowsIt() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a": "1\n"])
        let tree = try fx.git("rev-parse", "HEAD^{tree}")
        let parent = try fx.git("rev-parse", "HEAD")
        func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8($0.value) } }
        let object = Array("tree \(tree)\nparent \(parent)\n".utf8) + latin1("author José Müller <jm@example.com> 1700000000 +0000\n")
            + latin1("committer José Müller <jm@example.com> 1700000000 +0000\nencoding ISO-8859-1\n\nCafé résumé change\n\nÀ la carte.\n")
        let file = fx.path + "/../latin1-commit-\(UUID().uuidString)"
        try Data(object).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let id = try fx.run(["hash-object", "-t", "commit", "-w", "--stdin"], stdinFile: file)
        #expect(try fx.git("log", "-1", "--format=%s|%an", id) == "Café résumé change|José Müller", "git's own reading")
        let commit = try Repository(at: fx.path).commit(ObjectID(hex: id)!)
        #expect(commit.encoding == "ISO-8859-1")
        #expect(commit.summary == "Café résumé change")
        #expect(commit.message == "Café résumé change\n\nÀ la carte.\n")
        #expect(commit.author.name == "José Müller" && commit.committer.name == "José Müller")
        // An encoding iconv does not know leaves the bytes read as UTF-8 (invalid ones as U+FFFD).
        let unknown = Array("tree \(tree)\nparent \(parent)\nauthor A <a@example.com> 1700000000 +0000\n".utf8)
            + Array("committer A <a@example.com> 1700000000 +0000\nencoding x-no-such-charset\n\nPlain subject\n".utf8)
        try Data(unknown).write(to: URL(fileURLWithPath: file))
        let other = try Repository(at: fx.path).commit(ObjectID(hex: try fx.run(["hash-object", "-t", "commit", "-w", "--stdin"], stdinFile: file))!)
        #expect(other.encoding == "x-no-such-charset" && other.summary == "Plain subject")
        // Without the header the bytes are UTF-8, as before.
        let plain = try Repository(at: fx.path).commit(ObjectID(hex: parent)!)
        #expect(plain.encoding == nil && plain.summary == "base")
    }
}
