import ArgumentParser
import AutohealCore
import AutohealGit
import AutohealLanding
import AutohealLinkRun
import Foundation

/// `autoheal hooks install|uninstall|status`.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install, remove or inspect autoheal's git hooks (existing hooks are kept and chained).",
        subcommands: [Install.self, Uninstall.self, Status.self])

    /// The hooks directory git uses here (`core.hooksPath` honoured, shared by worktrees).
    static func installer(_ ctx: Context) throws -> (HookInstaller, Repository) {
        let repo = try ctx.openRepository()
        return (HookInstaller(hooksDirectory: repo.hooksPath), repo)
    }

    static func statusJSON(_ installer: HookInstaller) -> JSONValue {
        ["hooks_path": .string(installer.hooksDirectory),
         "hooks": .array(installer.status().map {
             ["name": .string($0.name), "installed": .bool($0.installed), "chained": .bool($0.chained), "foreign": .bool($0.foreign)]
         })]
    }

    /// git reads a relative `core.hooksPath` from each worktree's own root, so the worktrees `prevent`
    /// makes (and any other) run no hooks: said at install and by `prevent`.
    static func relativeHooksPathWarning(_ repo: Repository) -> String? {
        guard let path = repo.configString("core.hooksPath"), !path.hasPrefix("/"), !path.hasPrefix("~") else { return nil }
        return "autoheal: core.hooksPath is relative (\(path)): git looks for hooks under each worktree's own root, so commits in other worktrees (prevent's drafts) run no hooks; set it to an absolute path"
    }

    /// autoheal's hooks hold one repository's settings (default branch, branch prefix, ledger), so they
    /// are not installed into a hooks directory every repository runs (a global or system
    /// `core.hooksPath`): every other repository would land its fixes by this one's default branch.
    static func refuseSharedHooksPath(_ repo: Repository) throws {
        guard repo.hooksPathIsShared else { return }
        throw CLIError("""
            core.hooksPath (\(repo.hooksPath)) comes from your global or system git configuration, so every repository runs the hooks there, \
            but autoheal's hooks hold this repository's default branch, branch prefix and ledger. Give this repository a hooks path of its own \
            (git config core.hooksPath \(HookInstaller.shellQuote(repo.commonDir + "/hooks"))), then install again
            """, status: .badInput)
    }

    /// Prints what is installed, as JSON or text.
    static func report(_ installer: HookInstaller, json: Bool) {
        if json { Output.json(statusJSON(installer)) } else { Terminal.out(statusText(installer)) }
    }

    static func statusText(_ installer: HookInstaller) -> String {
        var out = "hooks path: \(installer.hooksDirectory)\n"
        for s in installer.status() {
            let state = s.installed ? (s.chained ? "installed, chains the previous hook" : "installed") : (s.foreign ? "not installed (another hook is there)" : "not installed")
            out += "  \(s.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(state)\n"
        }
        return out
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install", abstract: "Install the hooks of Hooks/ (idempotent).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let ctx = try Context(global)
            let (installer, repo) = try HooksCommand.installer(ctx)
            try HooksCommand.refuseSharedHooksPath(repo)
            // A named ledger that exists must be one: the hooks would write into another program's database.
            if ctx.ledgerIsNamed, FileManager.default.fileExists(atPath: ctx.databasePath) { _ = try ctx.openStore() }
            let config = try ctx.config()
            let branch = config.defaultBranch ?? repo.defaultBranch()
            // A ledger named at install (--db, $AUTOHEAL_DB) is the one the hooks write to.
            try installer.install(binary: ctx.executablePath, branchPrefix: config.branchPrefix, defaultBranch: branch,
                                  database: ctx.ledgerIsNamed ? ctx.databasePath : nil)
            HooksCommand.report(installer, json: output.json)
            if let warning = HooksCommand.relativeHooksPathWarning(repo) { Terminal.err(warning) }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall", abstract: "Remove the hooks and restore the previous ones byte for byte.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let ctx = try Context(global)
            let (installer, _) = try HooksCommand.installer(ctx)
            try installer.uninstall()
            HooksCommand.report(installer, json: output.json)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Say which hooks are installed and which are chained.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let ctx = try Context(global)
            let (installer, _) = try HooksCommand.installer(ctx)
            HooksCommand.report(installer, json: output.json)
        }
    }
}
