import ArgumentParser
import AutohealConfig
import AutohealCore
import AutohealLinkRun
import AutohealPrevent
import Foundation

/// `autoheal trust [--list|--revoke]`: allow the commands in this repository's `.autoheal.yml` (agent, verify) to run.
struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Trust this repository's .autoheal.yml, so the agent and verify commands it names may run.",
        discussion: """
        Trust is stored for this repository (its common git dir) and the SHA-256 of the file's exact content, in \
        $XDG_DATA_HOME/autoheal/trusted.json (else ~/.local/share/autoheal/trusted.json): any change to the file \
        needs a new `autoheal trust`, and another repository with the same file is not trusted. It covers the \
        repository's own work trees (main and linked), not a folder whose .git file merely points at it. \
        Personal config and command-line flags are always trusted.
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "List the trusted config files.") var list = false
    @Flag(help: "Withdraw trust from this repository's .autoheal.yml.") var revoke = false
    @OptionGroup var output: JSONFlag

    func validate() throws {
        if list && revoke { throw ValidationError("give --list or --revoke, not both") }
    }

    func run() throws {
        let ctx = try Context(global)
        guard let storePath = TrustStore.path(environment: ctx.environment) else {
            throw CLIError("cannot locate the trust store: set HOME or XDG_DATA_HOME")
        }
        do { try run(ctx: ctx, storePath: storePath) } catch { throw PreventCommand.cli(error) }
    }

    private func run(ctx: Context, storePath: String) throws {
        var store = try TrustStore(file: storePath)
        if list {
            if output.json {
                Output.json(["store": .string(storePath), "trusted": .array(store.entries.map {
                    ["repository": JSONValue($0.repository), "path": .string($0.path), "sha256": .string($0.sha256),
                     "trusted_at": .string($0.trustedAt), "current": .bool(TrustStore.hash(ofFile: $0.path) == $0.sha256)]
                })])
            } else if store.entries.isEmpty {
                Terminal.out("no trusted config files\n")
            } else {
                // Paths are directory names anyone can choose: written visibly (``VisibleText``).
                let v = VisibleText.of
                for e in store.entries {
                    let current = TrustStore.hash(ofFile: e.path) == e.sha256
                    let scope = e.repository.map { "  repository \(v($0))" } ?? "  (from an older autoheal: trusts only this file at this path)"
                    Terminal.out("\(v(e.path))  \(v(e.sha256).prefix(12))  \(v(e.trustedAt))\(scope)\(current ? "" : "  (file changed since: not trusted)")\n")
                }
            }
            return
        }
        guard let location = ctx.repository, let root = location.workdir else {
            throw CLIError("not inside a git repository (use -C DIR)", status: .usage)
        }
        let file = root + "/" + ConfigLoader.repositoryFileName
        let repository = TrustStore.repositoryKey(commonDir: location.commonDir)
        if revoke {
            let n = store.revoke(repository: repository, file: file)
            try store.save()
            if output.json { Output.json(["repository": .string(repository), "path": .string(file), "revoked": .bool(n > 0)]) }
            else { Terminal.out(n > 0 ? "no longer trusted: \(VisibleText.of(file))\n" : "\(VisibleText.of(file)) was not trusted\n") }
            return
        }
        guard let hash = TrustStore.hash(ofFile: file) else {
            throw CLIError("no \(ConfigLoader.repositoryFileName) at \(root) to trust")
        }
        // Show what is being trusted, read from the very bytes that were hashed.
        var config = Configuration()
        let text = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
        try ConfigLoader.apply(text: text, file: file, to: &config, personal: false)
        let added = store.trust(repository: repository, path: file, sha256: hash, at: ctx.now.description)
        try store.save()
        let agent = config.repositoryAgent.map { a in a.command.map(AgentCommand.display) ?? (a.preset.map { "preset \($0)" } ?? "") }
        let verify = config.verify.map(AgentCommand.display)
        if output.json {
            Output.json(["repository": .string(repository), "path": .string(file), "sha256": .string(hash), "new": .bool(added), "agent": JSONValue(agent), "verify": JSONValue(verify)])
        } else {
            // What was trusted is shown visibly (``VisibleText``), as `autoheal config` shows it: a command
            // holding a carriage return or an escape sequence could otherwise redraw itself as `make test`.
            let v = VisibleText.of
            var out = "\(added ? "trusted" : "already trusted"): \(v(file)) (sha256 \(hash.prefix(12)))\n"
            out += "  agent   \(v(agent ?? "none"))\n  verify  \(v(verify ?? "none"))\n"
            Terminal.out(out)
        }
    }
}
