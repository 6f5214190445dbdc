import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

/// The line tracer's shortcuts (raw object reads, cached subtree lookups, trimmed hunk-only diffs) must
/// give what the plain libgit2 calls give.
@Suite struct TraceSpeedTests {
    @Test(arguments: [
        ("a\nb\nc\nd\n", "a\nB\nc\nd\n"),          // one changed line in the middle
        ("a\nb\nc\n", "x\nb\nc\ny\n"),               // changes at both ends
        ("a\nb\n", "a\nb\nc\n"),                     // appended line
        ("a\nb", "a\nb\n"),                          // newline added at end of file
        ("a\nb\nc\n", "c\n"),                        // leading lines deleted
        ("x\nx\nx\n", "x\nx\nx\nx\n"),               // repeated lines
        ("", "a\n"),                                 // from empty
        ("f(a,  b);\ng();\n", "f(a, b);\ng();\nh();\n"),  // whitespace-only change plus an addition
        ("a\nb\nc\nd\ne\nf\n", "a\nc\nd\ne\nF\nG\nf\n"),   // changes far apart: lines between them need the diff
        ("a\nb\nc\nd\ne\n", "a\nb\ne\n"),                    // deleted lines: the next line shifts up
        ("a\nb\n", "a\nb\nc"),                                   // unterminated last line added
        ((0..<700).map { "line \($0)\n" }.joined(), (0..<700).map { $0 == 350 ? "changed\n" : "line \($0)\n" }.joined()),
    ])
    func trimmedHunksMatchTheFullDiff(old: String, new: String) throws {
        let fx = try FixtureRepo()
        let a = try fx.commit("old", files: ["d/f.c": old])
        let b = try fx.commit("new", files: ["d/f.c": new])
        let repo = try Repository(at: fx.path)
        let oldBlob = try #require(try repo.blob(at: "d/f.c", in: ObjectID(hex: a)!))
        let newBlob = try #require(try repo.blob(at: "d/f.c", in: ObjectID(hex: b)!))
        for ws in [false, true] {
            let full = try repo.diff(old: oldBlob, oldPath: "d/f.c", new: newBlob, newPath: "d/f.c",
                                     options: DiffOptions(contextLines: 0, ignoreWhitespace: ws, detectRenames: false), withLines: false)
            let trimmed = try repo.traceHunks(old: oldBlob, new: newBlob, path: "d/f.c", ignoreWhitespace: ws)
            // Same line mapping for every line of the new version, also when only that line is to be
            // mapped (and the diff may be skipped for it).
            for line in 1...max(1, new.split(separator: "\n", omittingEmptySubsequences: false).count) {
                let expected = LineMap.oldLine(forNew: line, hunks: full)
                #expect(LineMap.oldLine(forNew: line, hunks: trimmed) == expected,
                        "line \(line), ignoreWhitespace \(ws): \(trimmed) vs \(full)")
                let only = try repo.traceHunks(old: oldBlob, new: newBlob, path: "d/f.c", ignoreWhitespace: ws, mapping: [line])
                #expect(LineMap.oldLine(forNew: line, hunks: only) == expected,
                        "line \(line) alone, ignoreWhitespace \(ws): \(only) vs \(full)")
            }
        }
    }

    @Test func rawObjectsAgreeWithLibgit2() throws {
        let fx = try FixtureRepo()
        try fx.commit("one", files: ["src/a/x.c": "1\n", "top": "t\n"])
        try fx.commit("two", files: ["src/a/x.c": "2\n"])
        let repo = try Repository(at: fx.path)
        let head = try repo.resolveCommit("HEAD")
        let objects = try TraceObjects(repo)
        let info = try objects.commit(head)
        let commit = try repo.commit(head)
        #expect(info.tree == commit.treeID && info.parents == commit.parentIDs && info.time == commit.time)
        let tree = try commit.tree()
        #expect(try objects.entry("src/a/x.c", inTree: info.tree)?.id == tree.entryID(at: "src/a/x.c"))
        #expect(try objects.entry("src/a/x.c", inTree: info.tree)?.isFile == true)
        #expect(try objects.entry("src/a", inTree: info.tree)?.isFile == false)
        #expect(try objects.entry("src/a/missing", inTree: info.tree) == nil)
        #expect(try objects.entry("top/x", inTree: info.tree) == nil)
        #expect(throws: GitError.self) { try repo.traceLines(path: "src/a", at: head, lines: [1]) }
        #expect(try repo.traceLines(path: "src/a/x.c", at: head, lines: [1]).map(\.commit) == [head])
    }
}
