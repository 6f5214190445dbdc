import AutohealLinkRun
import Foundation
import Testing

/// `-C` and `--db` paths are resolved without Foundation, the way Foundation's `expandingTildeInPath`
/// and `standardizingPath` resolved them before.
@Suite("Paths as commands read them")
struct PathsTests {
    @Test("Relative paths, dot segments, a tilde and symbolic links resolve as Foundation resolves them")
    func absolutePaths() throws {
        let dir = TempDir()
        let base = try #require(realpath(dir.path, nil).map { p in defer { free(p) }; return String(cString: p) })
        try FileManager.default.createDirectory(atPath: base + "/real/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: base + "/real")
        let cases: [(String, String)] = [
            ("real/sub", base + "/real/sub"),
            ("./real//sub/.", base + "/real/sub"),
            ("real/sub/../sub", base + "/real/sub"),
            ("link/sub", base + "/real/sub"),                    // a symbolic link is resolved
            ("link/new/ledger.sqlite", base + "/real/new/ledger.sqlite"),  // beyond what exists: kept as text
            ("/", "/"),
        ]
        for (input, expected) in cases {
            #expect(Paths.absolute(input, relativeTo: base) == expected, "\(input)")
            let foundation = ((base + "/" + input) as NSString).standardizingPath
            #expect(Paths.absolute(input, relativeTo: base) == foundation || input == "/", "\(input) vs Foundation \(foundation)")
        }
        let tilde = (("~/x.sqlite" as NSString).expandingTildeInPath as NSString).standardizingPath
        #expect(Paths.absolute("~/x.sqlite", relativeTo: base) == tilde)
        #expect(!tilde.hasPrefix("~"))
        #expect(Paths.commandDirectory(base + "/real/sub") == base + "/real/sub")
        #expect(Paths.commandDirectory(base + "/missing") == nil)
        #expect(Paths.commandDirectory(base + "/real/sub/../../link") == base + "/real")
    }

    /// `-C` naming a file said "no such directory"; two `-C` did not chain as in git.
    @Test("-C chains like git's and says why it cannot change directory")
    func changeDirectory() {
        #expect(GlobalOptionOrder.hoist(["-C", "work", "-C", "repo", "incidents"]) == ["incidents", "-C", "work/repo"])
        #expect(GlobalOptionOrder.hoist(["-C", "work", "--db", "x", "-C/abs", "report"]) == ["report", "-C", "/abs", "--db", "x"])
        #expect(GlobalOptionOrder.hoist(["-C", "", "-C", "repo", "report"]) == ["report", "-C", "repo"], "-C \"\" is a no-op, as in git")
        let dir = TempDir()
        Exec.git(["init", "-q", dir.path + "/work/repo"], in: dir.path)
        let chained = Exec.run(Exec.binary, ["-C", dir.path + "/work", "-C", "repo", "hooks", "status", "--json"])
        #expect(chained.code == 0, "\(chained.err)")
        #expect(chained.out.contains(dir.path + "/work/repo/.git/hooks"), "\(chained.out)")
        let file = dir.write("notes.txt", "x\n")
        let onFile = Exec.run(Exec.binary, ["-C", file, "incidents"])
        #expect(onFile.code == 64 && onFile.err == "autoheal: cannot change to \(file): not a directory\n", "\(onFile.err)")
        let missing = Exec.run(Exec.binary, ["-C", dir.path + "/nope", "incidents"])
        #expect(missing.code == 64 && missing.err.contains("No such file or directory"), "\(missing.err)")
    }
}
