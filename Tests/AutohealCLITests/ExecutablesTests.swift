import Foundation
import Testing

/// `autoheal` runs a plain one-incident link itself, without Foundation, and hands every other command
/// line — and any link that fails — to `autoheal-full` beside it.
@Suite("The autoheal and autoheal-full executables")
struct ExecutablesTests {
    @Test("autoheal loads no Foundation library (nor, from make test, libgit2, SQLite or mbedTLS)")
    func noFoundation() {
        let libraries = Exec.run("/usr/bin/ldd", [Exec.binary])
        #expect(libraries.code == 0, "\(libraries.err)")
        #expect(libraries.out.contains("libc.so"), "\(libraries.out)")
        #expect(!libraries.out.contains("Foundation"), "\(libraries.out)")
        // `make test` links libgit2, SQLite and mbedTLS's crypto statically (scripts/static-libgit2.sh).
        if ProcessInfo.processInfo.environment["AUTOHEAL_STATIC_BUILD"] == "1" {
            for lib in ["libgit2", "libsqlite3", "libmbed", "libssh2", "libgssapi"] {
                #expect(!libraries.out.contains(lib), "\(lib): \(libraries.out)")
            }
        }
    }

    @Test("A plain link runs without autoheal-full and stores what autoheal-full stores; other commands need it")
    func plainLinkRunsAlone() throws {
        let r = FixRepo()
        r.write("app.c", "int f(int x) {\n    return x + 1;\n}\n")
        r.commit("Add f", at: FixRepo.recovered - 5 * 86_400)
        let introducer = r.head()
        r.write("app.c", "int f(int x) {\n    return x + 2;\n}\n")
        r.commit("Fix f", at: FixRepo.recovered + 3600)

        // Only `autoheal` in a directory of its own: no autoheal-full beside it or in ../libexec.
        let alone = TempDir()
        try FileManager.default.createDirectory(atPath: alone.path + "/bin", withIntermediateDirectories: true)
        let binary = alone.path + "/bin/autoheal"
        try FileManager.default.copyItem(atPath: Exec.binary, toPath: binary)
        let env = ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"]
        let fast = Exec.run(binary, ["link", "INC-7", "--fix", "HEAD", "--json"], cwd: r.repo, env: env)
        #expect(fast.code == 0, "\(fast.err)")
        let doc = try #require(fast.json as? [String: Any])
        #expect(((doc["introducing"] as? [[String: Any]])?.first?["commit"] as? String) == introducer)

        // The same link from the full program: same output, and it records nothing new (same result).
        let full = Exec.binary.replacingOccurrences(of: "/autoheal", with: "/autoheal-full", options: .backwards)
        let again = Exec.run(full, ["link", "INC-7", "--fix", "HEAD", "--json"], cwd: r.repo, env: env)
        #expect(again.code == 0 && again.out == fast.out, "\(again.err)")
        let linked = (r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }
        #expect(linked.count == 1)

        // `--version` is answered here too, as autoheal-full answers it.
        let version = Exec.run(binary, ["--version"], cwd: r.repo, env: env)
        let fullVersion = Exec.run(full, ["--version"], cwd: r.repo, env: env)
        #expect(version.code == 0 && !version.out.isEmpty && version.out == fullVersion.out, "\(version.out) vs \(fullVersion.out)")

        // A failing link and any other command go to autoheal-full, which is missing here.
        for args in [["link", "INC-404", "--fix", "HEAD"], ["incidents"], ["link", "--help"]] {
            let handedOn = Exec.run(binary, args, cwd: r.repo, env: env)
            #expect(handedOn.code == 1 && handedOn.err.contains("cannot run autoheal-full"), "\(args): \(handedOn.err)")
        }
    }

    @Test("Installed as make install lays it out (bin/autoheal, libexec/autoheal/autoheal-full), autoheal finds the full program")
    func installedLayout() throws {
        let r = FixRepo()
        let prefix = TempDir()
        for dir in ["/bin", "/libexec/autoheal"] {
            try FileManager.default.createDirectory(atPath: prefix.path + dir, withIntermediateDirectories: true)
        }
        let full = Exec.binary.replacingOccurrences(of: "/autoheal", with: "/autoheal-full", options: .backwards)
        try FileManager.default.copyItem(atPath: Exec.binary, toPath: prefix.path + "/bin/autoheal")
        try FileManager.default.copyItem(atPath: full, toPath: prefix.path + "/libexec/autoheal/autoheal-full")
        // Called through a symbolic link elsewhere, as from a PATH directory: the real location counts.
        let elsewhere = TempDir()
        try FileManager.default.createSymbolicLink(atPath: elsewhere.path + "/autoheal", withDestinationPath: prefix.path + "/bin/autoheal")
        let env = ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"]
        let listed = Exec.run(elsewhere.path + "/autoheal", ["incidents", "--json"], cwd: r.repo, env: env)
        #expect(listed.code == 0, "\(listed.err)")
        #expect(listed.out.contains("INC-7"), "\(listed.out)")
    }

    @Test("Through autoheal, a failing link reports exactly what autoheal-full reports")
    func failuresAreReportedByTheFullProgram() {
        let r = FixRepo()
        let full = Exec.binary.replacingOccurrences(of: "/autoheal", with: "/autoheal-full", options: .backwards)
        for args in [["link", "INC-404", "--fix", "HEAD"], ["link", "INC-7", "--fix", "0123456789abcdef0123456789abcdef01234567"],
                     ["link", "INC-7", "--frame", "missing.c:3"], ["link", "INC-7", "--fix"]] {
            let viaFast = r.autoheal(args)
            let direct = Exec.run(full, args, cwd: r.repo, env: ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"])
            #expect(viaFast.code != 0 && viaFast.code == direct.code && viaFast.err == direct.err && viaFast.out == direct.out, "\(args)")
        }
    }
}
