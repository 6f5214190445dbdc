import Foundation
@testable import AutohealLanding
import Testing

@Suite("Shipped hooks")
struct EmbeddedHooksTests {
    static let hooksDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Hooks").path

    @Test("The binary carries exactly the scripts of Hooks/ (run make embed after editing one)")
    func embeddedMatchHooks() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.hooksDir).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == EmbeddedHooks.files.keys.sorted())
        for name in names {
            let onDisk = try String(contentsOfFile: Self.hooksDir + "/" + name, encoding: .utf8)
            #expect(EmbeddedHooks.files[name] == onDisk, "\(name) differs from its embedded copy")
        }
    }

    @Test("Every hook is POSIX sh that dash accepts, and installs for each hook name")
    func syntax() throws {
        for name in HookInstaller.hookNames + ["_common.sh"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-n", Self.hooksDir + "/" + name]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(name) has a syntax error")
        }
        #expect(Set(HookInstaller.hookNames).isSubset(of: Set(EmbeddedHooks.files.keys)))
    }
}
