import ArgumentParser
import AutohealCore
import AutohealConfig
import AutohealLinkRun
import Foundation

/// `autoheal init`: create the database (and, on request, a starter `.autoheal.yml`).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the event database (idempotent); optionally write a starter .autoheal.yml.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Also write .autoheal.yml with the default rules at the repository root, if absent.")
    var writeConfig = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        // A usage error changes nothing: checked before the ledger is created.
        let root = ctx.repository?.workdir
        if writeConfig, root == nil {
            throw CLIError("--write-config needs a repository with a working tree", status: .usage)
        }
        let store = try ctx.openStore()
        var wrote: String?
        var kept: String?
        if writeConfig, let root {
            let path = root + "/" + ConfigLoader.repositoryFileName
            if !FileManager.default.fileExists(atPath: path) {
                try StarterConfig.text.write(toFile: path, atomically: true, encoding: .utf8)
                wrote = path
            } else {
                kept = path
            }
        }
        if output.json {
            Output.json(["database": .string(store.path), "schema_version": JSONValue(try store.schemaVersion()),
                         "events": JSONValue(try store.count()), "config_written": JSONValue(wrote)])
        } else {
            Terminal.out("database: \(store.path) (schema \(try store.schemaVersion()), \(counted(try store.count(), "event")))\n")
            if let wrote { Terminal.out("wrote \(wrote)\n") }
            if let kept { Terminal.out("kept \(kept): it exists (`autoheal config` shows the effective settings)\n") }
        }
    }
}

/// The commented `.autoheal.yml` that `init --write-config` writes: the built-in defaults, spelled out.
enum StarterConfig {
    static let text = """
    # autoheal configuration, shared by the team. `autoheal config` prints the effective settings.
    clocks:
      detection:
        # The first type the incident has wins; its earliest event is the stamp. A nested list = "first of".
        start: [alert.fired, impact.started, incident.declared]
        stop: [[investigation.started, page.acknowledged], incident.declared]
      recovery:
        start: detection.stop
        stop: [sli.recovered, mitigation.applied, incident.resolved]
    # highest (default), declared or final
    severity_policy: highest
    prevention:
      branch_prefix: autoheal/
      targets: {SEV1: 7d, SEV2: 14d, SEV3: 30d, default: 30d}

    """
}
