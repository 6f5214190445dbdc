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
}
