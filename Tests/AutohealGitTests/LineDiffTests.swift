import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

/// The fix's own diff (``Repository/lineDiff(commit:ignoreWhitespace:)``), the newline count and the
/// binary rule the line tracer and that diff share.
@Suite struct LineDiffTests {
    /// One file's change in a commit: `nil` content means the file is absent on that side.
    struct Edit: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var old: String?
        var new: String?
    }

    /// A 400-line file, and that file with `change` made to its lines.
    static let long = edited { _ in }
    static func edited(_ change: (inout [String]) -> Void) -> String {
        var lines = (1...400).map { "\tline(\($0));\n" }
        change(&lines)
        return lines.joined()
    }

    static let edits: [Edit] = [
        Edit(testDescription: "a change in the middle of a long file", old: long, new: edited { $0[199] = "\tchanged();\n" }),
        Edit(testDescription: "changes at the start", old: long, new: edited { $0[0] = "\tfirst();\n"; $0.insert("#include <x.h>\n", at: 0) }),
        Edit(testDescription: "changes at the end", old: long, new: edited { $0.removeLast(2); $0.append("\tlast();\n") }),
        Edit(testDescription: "changes far apart", old: long, new: edited { $0[10] = "\ta();\n"; $0.remove(at: 300); $0.insert("\tb();\n", at: 350) }),
        Edit(testDescription: "an unterminated last line changed", old: "a\nb\nc", new: "a\nb\nC"),
        Edit(testDescription: "a newline added at the end", old: "a\nb\nc", new: "a\nb\nc\n"),
        Edit(testDescription: "an unterminated line appended", old: "a\nb\n", new: "a\nb\nc"),
        Edit(testDescription: "whitespace-only changes", old: long, new: edited { $0[5] = "    line(6);\n"; $0[250] = "\tline(251) ;\n" }),
        Edit(testDescription: "whitespace and a real change", old: "f(a,  b);\ng();\n", new: "f(a, b);\nh();\n"),
        // xdiff slides a deletion along lines equal but for whitespace ("\t}" and "}"): a diff of only the
        // lines between the common start and end could not reach where the full diff puts it.
        Edit(testDescription: "an unwrapped block", old: "f() {\n\tif (a) {\n\t\tx();\n\t}\n}\n\ng() {\n}\n",
             new: "f() {\n\tx();\n}\n\ng() {\n}\n"),
        Edit(testDescription: "a repeated line inserted", old: "x\n\nx\n\nx\n", new: "x\n\nx\n\nx\n\nx\n"),
        Edit(testDescription: "an added file", old: nil, new: "a\nb\n"),
        Edit(testDescription: "a deleted file", old: long, new: nil),
        Edit(testDescription: "an emptied file", old: "a\nb\n", new: ""),
    ]

    @Test(arguments: edits)
    func sameLinesAsTheFullPatch(edit: Edit) throws {
        let fx = try FixtureRepo()
        var base = ["other.c": "o\n"]
        if let old = edit.old { base["src/f.c"] = old }
        try fx.commit("base", files: base)
        if let new = edit.new { try fx.write("src/f.c", new) } else { try fx.git("rm", "-q", "src/f.c") }
        try fx.write("other.c", "O\n")
        let id = try #require(ObjectID(hex: try fx.commit("change")))
        let repo = try Repository(at: fx.path)
        for ws in [true, false] {
            let full = try repo.diff(commit: id, options: DiffOptions(contextLines: 0, ignoreWhitespace: ws)).files()
            let lines = try repo.lineDiff(commit: id, ignoreWhitespace: ws)
            #expect(lines == full, "ignoreWhitespace \(ws)")
            #expect(lines.map(\.newPath) == ["other.c", "src/f.c"])
        }
    }

    @Test func linesAndNumbersOfAChangeInALongFile() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["f.c": Self.long])
        let id = try #require(ObjectID(hex: try fx.commit("change", files: ["f.c": Self.edited { $0[199] = "\tchanged();\n"; $0[202] = "    line(203);\n" }])))
        let files = try Repository(at: fx.path).lineDiff(commit: id, ignoreWhitespace: true)
        #expect(files.map(\.hunks) == [[DiffHunk(oldStart: 200, oldCount: 1, newStart: 200, newCount: 1, lines: [
            DiffLine(origin: .deletion, oldLine: 200, newLine: nil, content: "\tline(200);"),
            DiffLine(origin: .addition, oldLine: nil, newLine: 200, content: "\tchanged();"),
        ])]])
    }

    @Test func aRenamedAndModifiedFile() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["old/name.c": Self.long, "keep.c": "k\n"])
        try fx.git("rm", "-q", "old/name.c")
        try fx.write("new/name.c", Self.edited { $0[9] = "\tten();\n"; $0.remove(at: 300) })
        let id = try #require(ObjectID(hex: try fx.commit("move and edit")))
        let repo = try Repository(at: fx.path)
        let full = try repo.diff(commit: id, options: DiffOptions(contextLines: 0, ignoreWhitespace: true)).files()
        let lines = try repo.lineDiff(commit: id, ignoreWhitespace: true)
        #expect(lines == full)
        #expect(lines.map(\.status) == [.renamed] && lines.first?.oldPath == "old/name.c")
        #expect(lines.first?.hunks.flatMap(\.lines).filter { $0.origin == .deletion }.compactMap(\.oldLine) == [10, 301])
    }

    @Test func aSubmoduleIsReadThroughThePatch() throws {
        let fx = try FixtureRepo()
        let a = try fx.commit("one", files: ["f": "1\n"])
        let b = try fx.commit("two", files: ["f": "2\n"])
        try fx.git("update-index", "--add", "--cacheinfo", "160000,\(a),sub")
        try fx.git("commit", "-q", "-m", "add sub", env: fx.nextDateEnv())
        try fx.git("update-index", "--cacheinfo", "160000,\(b),sub")
        try fx.git("commit", "-q", "-m", "move sub", env: fx.nextDateEnv())
        let repo = try Repository(at: fx.path)
        let id = try repo.resolveCommit("HEAD")
        let full = try repo.diff(commit: id, options: DiffOptions(contextLines: 0, ignoreWhitespace: true)).files()
        #expect(try repo.lineDiff(commit: id, ignoreWhitespace: true) == full)
        #expect(full.first?.hunks.count == 1)
    }

    /// `count` bytes of 50-byte lines of "x", with a NUL byte at `offset` and `marker` in front.
    static func text(_ count: Int, nulAt offset: Int? = nil, marker: String = "") -> String {
        var bytes = Array(repeating: UInt8(ascii: "x"), count: count)
        for i in stride(from: 49, to: count, by: 50) { bytes[i] = 0x0A }
        if let offset { bytes[offset] = 0 }
        return marker + String(decoding: bytes, as: UTF8.self)
    }

    @Test func binaryIsANulInTheFirst8000Bytes() throws {
        let fx = try FixtureRepo()
        let files = [
            "nul-first": Self.text(10_000, nulAt: 0), "nul-7999": Self.text(10_000, nulAt: 7999),
            "nul-8000": Self.text(10_000, nulAt: 8000), "nul-9000": Self.text(10_000, nulAt: 9000),
            "short-nul": "a\u{0}", "plain": Self.text(10_000), "empty": "",
            // Control characters without a NUL: text to git, binary to libgit2's printable-count heuristic.
            "controls": String(repeating: "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\n", count: 100),
        ]
        let id = try #require(ObjectID(hex: try fx.commit("files", files: files)))
        let repo = try Repository(at: fx.path)
        var binary: [String: Bool] = [:]
        for name in files.keys {
            let blob = try #require(try repo.blob(at: name, in: id))
            binary[name] = BlobBytes(blob).isBinary
        }
        #expect(binary == ["nul-first": true, "nul-7999": true, "nul-8000": false, "nul-9000": false,
                           "short-nul": true, "plain": false, "empty": false, "controls": false])
        #expect(try repo.blob(at: "controls", in: id)?.isBinary == true)
        #expect(BlobBytes(nil).isBinary == false)
    }

    @Test func binaryFilesGiveNoLinesAndLateNulsAreText() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["bin": Self.text(10_000, nulAt: 100), "late": Self.text(10_000, nulAt: 9000)])
        let id = try #require(ObjectID(hex: try fx.commit("change", files: [
            "bin": Self.text(10_000, nulAt: 100, marker: "y"), "late": Self.text(10_000, nulAt: 9020),
        ])))
        let repo = try Repository(at: fx.path)
        let full = try repo.diff(commit: id, options: DiffOptions(contextLines: 0, ignoreWhitespace: true)).files()
        let lines = try repo.lineDiff(commit: id, ignoreWhitespace: true)
        #expect(lines.map(\.hunks) == full.map(\.hunks))
        #expect(lines.map(\.isBinary) == [true, false])
        #expect(lines[0].hunks.isEmpty && !lines[1].hunks.isEmpty)

        // The tracer: no hunks for binary content; a NUL past the first 8000 bytes is diffed as text, even
        // where it falls in the first 8000 bytes of the differing middle that xdiff sees.
        let parent = try repo.commit(id).parentIDs[0]
        for (path, expectHunks) in [("bin", false), ("late", true)] {
            let old = try #require(try repo.blob(at: path, in: parent)), new = try #require(try repo.blob(at: path, in: id))
            let trimmed = try repo.traceHunks(old: old, new: new, path: path, ignoreWhitespace: true)
            #expect(trimmed.isEmpty != expectHunks, "\(path)")
            if expectHunks {
                let whole = try repo.diff(old: old, oldPath: path, new: new, newPath: path,
                                          options: DiffOptions(contextLines: 0, ignoreWhitespace: true), withLines: false)
                #expect(trimmed == whole)
            }
        }
    }

    @Test func newlineCountMatchesANaiveCount() {
        var rng = SeededRandom(seed: 42)
        // Newlines, bytes one bit away from a newline (0x0B, 0x8A, 0x08), zero and 0xFF bytes, letters.
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0B, 0x8A, 0x08, 0x00, 0xFF, 0x7F, 0x80, 0x61, 0x20]
        for length in Array(0...80) + [255, 256, 257, 1000, 4099] {
            for offset in 0..<8 {
                for _ in 0..<4 {
                    let bytes = (0..<(length + offset)).map { _ in alphabet.randomElement(using: &rng)! }
                    let naive = bytes[offset...].filter { $0 == 0x0A }.count
                    bytes.withUnsafeBufferPointer { buf in
                        let start = (buf.baseAddress ?? ("" as StaticString).utf8Start) + offset
                        #expect(CommonEnds.newlines(start, length) == naive, "length \(length), offset \(offset)")
                    }
                }
            }
        }
        let all = [UInt8](repeating: 0x0A, count: 1003)
        all.withUnsafeBufferPointer { #expect(CommonEnds.newlines($0.baseAddress!, 1003) == 1003) }
    }
}
