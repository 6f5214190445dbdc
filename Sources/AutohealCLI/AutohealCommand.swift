import ArgumentParser
import AutohealLinkRun

/// `autoheal`: the root command. Each subcommand lives in `Commands/<Verb>Command.swift`.
struct AutohealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoheal",
        abstract: "Honest MTTD, MTTR and MTTP from incident events and git history.",
        usage: "autoheal [-C DIR] [--db PATH] <subcommand> [<options>]",
        discussion: """
        Global options -C DIR and --db PATH may come before the command, as with git.
        Exit codes: 0 ok, 1 failure, 3 overdue prevention (review --fail-on-overdue), 64 usage, 65 bad input.
        """,
        version: AutohealVersion.current,
        subcommands: [
            // Incidents and their clocks.
            InitCommand.self, ImportCommand.self, IncidentsCommand.self, ShowCommand.self, ClocksCommand.self,
            ReportCommand.self, ReviewCommand.self,
            // Code and prevention.
            LinkCommand.self, PreventCommand.self, TemplatesCommand.self, TrustCommand.self, WaiveCommand.self,
            // Git integration.
            HooksCommand.self, SyncCommand.self, LandCommand.self, HookEventCommand.self,
            // Everything else.
            ConfigCommand.self, McpCommand.self, DemoCommand.self,
        ]
    )
}
