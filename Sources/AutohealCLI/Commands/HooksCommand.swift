import ArgumentParser
import AutohealCore
import AutohealGit
import AutohealLanding
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
        return (installer(repo), repo)
    }

    /// The installer for `repo`'s hooks directory (this repository's settings in its common git
    /// directory when every repository shares that directory).
    static func installer(_ repo: Repository) -> HookInstaller {
        HookInstaller(hooksDirectory: repo.hooksPath, commonDirectory: repo.commonDir)
    }

    /// This repository's settings file, when there is one.
    static func settings(_ installer: HookInstaller) -> String? {
        installer.settingsPath.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// Whether the hooks run for this repository: every script in place, and its settings there.
    static func installedHere(_ installer: HookInstaller) -> Bool {
        installer.scriptsInPlace && settings(installer) != nil
    }

    static func statusJSON(_ installer: HookInstaller) -> JSONValue {
        ["hooks_path": .string(installer.hooksDirectory),
         "shared": .bool(installer.isShared),
         "installed": .bool(installedHere(installer)),
         "settings": settings(installer).map(JSONValue.string) ?? .null,
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

    /// Prints what is installed, as JSON or text.
    static func report(_ installer: HookInstaller, json: Bool) {
        if json { Output.json(statusJSON(installer)) } else { Terminal.out(statusText(installer)) }
    }

    static func statusText(_ installer: HookInstaller) -> String {
        var out = "hooks path: \(installer.hooksDirectory)\n"
        if installer.isShared {
            out += "shared by every repository (core.hooksPath from the global or system configuration); "
            if let settings = settings(installer) {
                out += installer.scriptsInPlace ? "installed in this repository (settings: \(settings))\n"
                    : "this repository's settings are in \(settings), but some hooks are missing (hooks install puts them back)\n"
            } else {
                out += "not installed in this repository: autoheal's part of the hooks does nothing here (hooks install turns it on)\n"
            }
        }
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
            // A named ledger that exists must be one: the hooks would write into another program's database.
            if ctx.ledgerIsNamed, FileManager.default.fileExists(atPath: ctx.databasePath) { _ = try ctx.openStore() }
            let config = try ctx.config()
            let branch = config.defaultBranch ?? repo.defaultBranch()
            // A ledger named at install (--db, $AUTOHEAL_DB) is the one the hooks write to.
            // A hooks directory every repository runs (a global core.hooksPath) keeps this repository's
            // settings in its own git directory, so they never reach another repository.
            let shared = repo.hooksPathIsShared || installer.isShared
            let heldOne = shared && !installer.isShared && installer.holdsRepositorySettings
            try installer.install(binary: ctx.executablePath, branchPrefix: config.branchPrefix, defaultBranch: branch,
                                  database: ctx.ledgerIsNamed ? ctx.databasePath : nil, shared: shared)
            HooksCommand.report(installer, json: output.json)
            if shared {
                Terminal.err("autoheal: every repository runs the hooks in \(installer.hooksDirectory); this repository's settings are in \(installer.repositoryEnvPath ?? ""), and in a repository where autoheal is not installed its part of the hooks does nothing")
            }
            if heldOne {
                Terminal.err("autoheal: the hooks there held one repository's settings, which every repository used: run `autoheal hooks install` again in each other repository that should record")
            }
            if let warning = HooksCommand.relativeHooksPathWarning(repo) { Terminal.err(warning) }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall", abstract: "Remove the hooks and restore the previous ones byte for byte.",
            discussion: """
                In a hooks directory every repository runs (core.hooksPath from the global or system configuration), \
                only this repository's settings are removed: the hooks stay for the other repositories and do nothing here. \
                --all removes the hooks themselves and restores the previous ones, for every repository \
                (the others keep their settings, used again if the hooks are installed again).
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag
        @Flag(name: .long, help: "In a hooks directory every repository shares, remove the hooks for all of them.")
        var all = false

        func run() throws {
            let ctx = try Context(global)
            let (installer, repo) = try HooksCommand.installer(ctx)
            let settings = HooksCommand.settings(installer)
            // An old-style shared install (one repository's settings in env.sh) is still every repository's.
            let removal = try installer.uninstall(all: all, sharedPath: repo.hooksPathIsShared)
            HooksCommand.report(installer, json: output.json)
            if removal == .repositorySettings {
                let what = settings.map { "removed this repository's settings (\($0))" } ?? "autoheal was not installed in this repository"
                Terminal.err("autoheal: \(what); the hooks in \(installer.hooksDirectory) stay for the other repositories and do nothing here. `autoheal hooks uninstall --all` removes them for every repository")
            }
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
