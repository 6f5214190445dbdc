import Foundation
import Testing

/// `make release` links libgit2 statically through what `scripts/static-libgit2.sh` writes: a
/// pkg-config file whose `-L DIR -lautoheal-git2` finds a linker script instead of the shared library, even
/// behind another `-L` that holds libgit2.so. The
/// release build itself is too slow for the test run, so a C program is linked the same way.
@Suite("The release build's static libgit2 link")
struct StaticLinkTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs scripts/static-libgit2.sh into a fresh directory; returns the directory (kept alive) and
    /// the script's output directory in it.
    static func runScript() -> (TempDir, String) {
        let dir = TempDir()
        let out = dir.path + "/link"
        let script = Exec.run("/bin/sh", [root.appendingPathComponent("scripts/static-libgit2.sh").path, out])
        #expect(script.code == 0, "\(script.err)")
        return (dir, out)
    }

    static let compiler = ["/usr/bin/cc", "/opt/swift/usr/bin/clang"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("A program linked through the script's files runs, without libgit2, libssh2, OpenSSL, mbedTLS or Kerberos loaded")
    func linksStatically() throws {
        let (dir, out) = Self.runScript()
        let linkerScript = try String(contentsOfFile: out + "/libautoheal-git2.so", encoding: .utf8)
        #expect(linkerScript.contains("libgit2.a"))
        #expect(linkerScript.contains("libmbedtls-unavailable.a") && linkerScript.contains("libmbedcrypto.a")
                && !linkerScript.contains(".so"), "mbedTLS's TLS is replaced, its crypto linked from the archive")
        let sqlitePC = try String(contentsOfFile: out + "/sqlite3.pc", encoding: .utf8)
        #expect(sqlitePC.contains("Libs: -L\(out) -lautoheal-sqlite3"))
        #expect(try String(contentsOfFile: out + "/libautoheal-sqlite3.so", encoding: .utf8).contains("libsqlite3.a"))
        #expect(linkerScript.contains("libssh-unavailable.a") && !linkerScript.contains("libcrypto"), "libssh2 and OpenSSL are replaced")
        let pc = try String(contentsOfFile: out + "/libgit2.pc", encoding: .utf8)
        #expect(pc.contains("Libs: -L\(out) -lautoheal-git2"))

        let source = dir.path + "/main.c"
        try """
        #include <git2.h>
        /* The GSSAPI stand-in libgit2's Negotiate authentication would call: every call fails. */
        unsigned gss_import_name(unsigned *minor, void *name, void *type, void *out);
        unsigned gss_indicate_mechs(unsigned *minor, void *mechs);
        unsigned gss_release_buffer(unsigned *minor, void *buffer);
        #define GSS_S_FAILURE (13u << 16)
        /* The libssh2 stand-in: initialisation succeeds, a session never exists, the error says why. */
        int libssh2_init(int flags);
        void *libssh2_session_init_ex(void *a, void *f, void *r, void *abstract);
        int libssh2_session_last_error(void *session, char **message, int *length, int want_buf);
        /* The mbedTLS stand-in: a TLS session cannot be set up; the generator seeds without entropy
           and never hands out bytes. */
        int mbedtls_ssl_setup(void *ssl, const void *conf);
        int mbedtls_ctr_drbg_random(void *rng, unsigned char *out, unsigned long len);
        int main(void) {
            if (git_libgit2_init() < 1) return 2;
            int major, minor, rev;
            git_libgit2_version(&major, &minor, &rev);
            if (major != 1) return 3;
            unsigned status = 7;
            if (gss_import_name(&status, 0, 0, 0) != GSS_S_FAILURE || status != 0) return 4;
            if (gss_indicate_mechs(&status, 0) != GSS_S_FAILURE) return 5;
            if (gss_release_buffer(&status, 0) != 0) return 6;
            if (libssh2_init(0) != 0) return 7;
            if (libssh2_session_init_ex(0, 0, 0, 0) != 0) return 8;
            char *message = 0;
            int length = 0;
            if (libssh2_session_last_error(0, &message, &length, 0) >= 0 || !message || length <= 0) return 9;
            if (mbedtls_ssl_setup(0, 0) >= 0) return 10;
            unsigned char drawn[4] = {1, 1, 1, 1};
            if (mbedtls_ctr_drbg_random(0, drawn, sizeof drawn) >= 0 || drawn[0] || drawn[3]) return 11;
            git_libgit2_shutdown();
            return 0;
        }
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let compiler = try #require(Self.compiler, "no C compiler")
        let program = dir.path + "/program"
        let build = Exec.run(compiler, [source, "-o", program, "-L/usr/lib/x86_64-linux-gnu", "-L\(out)", "-lautoheal-git2"])
        #expect(build.code == 0, "\(build.err)")
        let run = Exec.run(program, [])
        #expect(run.code == 0, "libgit2 starts and shuts down, and the GSSAPI, libssh2 and mbedTLS stand-ins fail every call (exit \(run.code))")

        let dynamic = Exec.run("/usr/bin/env", ["readelf", "-d", program])
        #expect(dynamic.code == 0)
        for lib in ["libgit2.so", "libssh2.so", "libcrypto.so", "libssl.so", "libgssapi_krb5.so", "libkrb5.so", "libmbed"] {
            #expect(!dynamic.out.contains(lib), "\(lib) is still loaded at run time")
        }
        // mbedTLS's entropy gathering (HAVEGE's timing loops included) is not linked at all.
        let symbols = Exec.run("/usr/bin/env", ["nm", program])
        #expect(symbols.code == 0)
        for symbol in ["mbedtls_havege_init", "mbedtls_entropy_gather", "mbedtls_ctr_drbg_reseed"] {
            #expect(!symbols.out.contains(symbol), "\(symbol) is linked")
        }
    }

    @Test("The release link finds the C++ runtime's archive first: no libstdc++.so to load")
    func cxxRuntimeLinksStatically() throws {
        let (dir, out) = Self.runScript()
        let compiler = try #require(Self.compiler, "no C compiler")
        let linkerScript = try String(contentsOfFile: out + "/cxx/libstdc++.so", encoding: .utf8)
        let archive = try #require(linkerScript.split(separator: " ").first { $0.hasSuffix("libstdc++.a") }, "\(linkerScript)")
        #expect(FileManager.default.fileExists(atPath: String(archive)))

        // A program that needs the C++ runtime (operator new and delete), linked as `make release` links.
        let source = dir.path + "/main.c"
        try """
        void *_Znwm(unsigned long size);
        void _ZdlPv(void *p);
        int main(void) { void *p = _Znwm(16); if (!p) return 1; _ZdlPv(p); return 0; }
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let program = dir.path + "/program"
        let build = Exec.run(compiler, [source, "-o", program, "-L\(out)/cxx", "-lstdc++"])
        #expect(build.code == 0, "\(build.err)")
        #expect(Exec.run(program, []).code == 0)
        let dynamic = Exec.run("/usr/bin/env", ["readelf", "-d", program])
        #expect(dynamic.code == 0 && !dynamic.out.contains("libstdc++"), "libstdc++.so is still loaded at run time")
    }
}
