import Foundation
import Testing
@testable import AutohealPrevent

/// The templates compiled into the binary are exactly the files under `Templates/`.
@Suite struct EmbeddedTemplatesTests {
    static var templatesDir: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
    }

    static func onDisk() -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let fm = FileManager.default
        for rel in fm.enumerator(atPath: templatesDir)?.compactMap({ $0 as? String }) ?? []
        where rel.hasSuffix(".mustache") || rel.hasSuffix(".yml") {
            out[rel] = Array(fm.contents(atPath: templatesDir + "/" + rel)!)
        }
        return out
    }

    @Test func embeddedCopiesMatchTemplatesByteForByte() {
        let disk = Self.onDisk()
        #expect(!disk.isEmpty)
        #expect(Set(disk.keys) == Set(EmbeddedTemplates.files.keys), "run make embed")
        for (path, bytes) in disk {
            let same = Array((EmbeddedTemplates.files[path] ?? "").utf8) == bytes
            #expect(same, "\(path) differs from its embedded copy: run make embed")
        }
    }

    @Test func everyBuiltInTemplateHasABriefAndAManifestWithPurposeAndCriteria() throws {
        let catalog = try TemplateCatalog.builtIn()
        #expect(catalog.names == TemplateCatalog.builtInNames)
        for name in TemplateCatalog.builtInNames {
            let t = try catalog.template(name)
            #expect(!t.brief.isEmpty)
            #expect(!t.manifest.purpose.isEmpty, "\(name) has no purpose")
            #expect(t.manifest.acceptance.count >= 3, "\(name) has too few acceptance criteria")
            #expect(t.origin == .builtIn)
        }
        #expect(catalog.partials.keys.sorted() == ["context", "rules"])
    }

    @Test func repositoryTemplatesOverrideAndAdd() throws {
        let dir = NSTemporaryDirectory() + "autoheal-tpl-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/.autoheal/templates/guard", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir + "/.autoheal/templates/perf-budget", withIntermediateDirectories: true)
        try "custom guard {{{incident.id}}}".write(toFile: dir + "/.autoheal/templates/guard/brief.mustache", atomically: true, encoding: .utf8)
        try "budget".write(toFile: dir + "/.autoheal/templates/perf-budget/brief.mustache", atomically: true, encoding: .utf8)
        try "purpose: A performance budget test.\nacceptance:\n  - a benchmark\n".write(
            toFile: dir + "/.autoheal/templates/perf-budget/manifest.yml", atomically: true, encoding: .utf8)
        let c = try TemplateCatalog.load(repositoryRoot: dir)
        let guardT = try c.template("guard")
        #expect(guardT.origin == .repositoryOverride)
        #expect(guardT.brief == "custom guard {{{incident.id}}}")
        #expect(guardT.manifest == (try TemplateCatalog.builtIn().template("guard").manifest), "manifest falls back to the built-in one")
        let perf = try c.template("perf-budget")
        #expect(perf.origin == .repository)
        #expect(perf.manifest.purpose == "A performance budget test.")
        #expect(c.names.last == "perf-budget")
        #expect(throws: PreventError.self) { try c.template("nope") }
    }
}
