import ArgumentParser
import AutohealCore
import AutohealLinkRun
import Foundation

/// The entry point the `autoheal` executable calls.
public enum AutohealMain {
    /// Parses the process arguments, runs the command and exits with the contract's exit code.
    public static func run() -> Never {
        ProcessLifetime.startExecutable()
        // The hooks' check for a commit on a fix branch, before anything else starts (hooks installed by
        // an older autoheal call this program directly).
        FastHookEvent.runIfCommit(Array(CommandLine.arguments.dropFirst()))
        // Output that could not be written makes a successful command fail (one line on stderr, exit 1).
        exit(StandardStreams.exitStatus(execute(Array(CommandLine.arguments.dropFirst()))))
    }

    /// Runs one command line and returns its exit code (errors already printed to stderr).
    public static func execute(_ arguments: [String]) -> Int32 {
        if let problem = GlobalOptionOrder.missingValue(arguments) {
            Terminal.err("autoheal: \(problem)\n")
            return ExitStatus.usage.rawValue
        }
        var args = GlobalOptionOrder.hoist(arguments)
        if let help = HelpRequest.read(args) {
            // `help -C repo link`, `help report --format`, `hooks help install`: what ArgumentParser's
            // `help` prints for the command's names alone.
            if let message = help.message { Terminal.err(message) }
            guard let helpArguments = help.arguments else { return ExitStatus.usage.rawValue }
            args = helpArguments
        }
        if let unknown = unknownCommand(args) {
            Terminal.err("autoheal: '\(VisibleText.of(unknown))' is not an autoheal command (autoheal --help lists them)\n")
            return ExitStatus.usage.rawValue
        }
        if let problem = CommandClock.environmentProblem, args != ["--version"], args.first != "help", !args.contains("--help"), !args.contains("-h") {
            Terminal.err("autoheal: \(oneLine(problem))\n")
            return ExitStatus.usage.rawValue
        }
        // `--fix A --fix B`: ArgumentParser would keep B without a word.
        if args.first == "link", !args.contains("--help"), !args.contains("-h"),
           let repeated = LinkArguments.repeatedOption(Array(args.dropFirst())) {
            Terminal.err("autoheal: link: \(oneLine(repeated))\n")
            return ExitStatus.usage.rawValue
        }
        if args.first == "link", let link = LinkArguments.parse(Array(args.dropFirst())) {
            return outcome { try link.run() }
        }
        if let shell = CompletionScripts.requestedShell(args) {
            Terminal.out(CompletionScripts.script(for: shell) + "\n")
            return 0
        }
        var command: any ParsableCommand
        do {
            command = try parseDirectly(args) ?? AutohealCommand.parseAsRoot(args)
        } catch {
            let code = AutohealCommand.exitCode(for: error).rawValue
            let message = AutohealCommand.fullMessage(for: error)
            if code == 0, let script = CompletionScripts.adjusted(message, arguments: args) {
                // A completion-script request in a form `requestedShell` does not read: autoheal's script all the same.
                Terminal.out(script + "\n")
                return 0
            }
            if code == 0 { Terminal.out(message + "\n") } else { Terminal.err(message) }
            return code == 0 ? 0 : (code == 1 ? ExitStatus.usage.rawValue : code)
        }
        return outcome { try command.run() }
    }

    /// The word given as a command that names none (`autoheal nope`, `autoheal help nope`), or `nil`.
    /// ArgumentParser would say "Unexpected argument", or print the top-level help and exit 0.
    static func unknownCommand(_ args: [String]) -> String? {
        // `help` is a command too (`autoheal help help`), though ArgumentParser adds it to none of the lists.
        let names = Set(AutohealCommand.configuration.subcommands.map { $0._commandName } + ["help"])
        var words = args[...]
        if words.first == "help" { words = words.dropFirst() }
        guard let word = words.first, !word.hasPrefix("-"), !names.contains(word) else { return nil }
        return word
    }

    /// Runs a parsed command and turns how it ended into the exit code, printing any error.
    private static func outcome(_ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            guard let mapped = ErrorMapping.map(error) else {
                // ArgumentParser's own outcomes (help, validation) keep its messages and codes.
                let code = AutohealCommand.exitCode(for: error).rawValue
                let message = AutohealCommand.fullMessage(for: error)
                if code == 0 { Terminal.out(message + "\n") } else { Terminal.err(message) }
                return code
            }
            Terminal.err("autoheal: " + oneLine(mapped.message))
            return mapped.status.rawValue
        }
    }

    /// An error message as the one line it must be: input it echoes (an incident id, a path, a revision
    /// from an incident's hints) is written visibly (``VisibleText``), a newline included, so text from
    /// a user or an incident cannot begin a line of its own that reads like autoheal's output.
    static func oneLine(_ message: String) -> String {
        VisibleText.of(message.hasSuffix("\n") ? String(message.dropLast()) : message)
    }

    /// The commands programs run many times — `link` (agents, backfills) and `hook-event` (git hooks) —
    /// parsed on their own instead of through the whole command tree: ArgumentParser then builds one
    /// command's arguments, and skips the completion-script check it makes for a root (their
    /// configurations name ``directSuperCommand`` as their super-command, which only a directly parsed
    /// command reads). That is about 1 ms of a 17 ms run. Anything this path cannot parse — help, a
    /// usage error — returns `nil`, and the full parse runs to give exactly the usual output. (`link`'s
    /// plain shapes do not even get here: ``LinkArguments/parse(_:)`` reads them without ArgumentParser.)
    static func parseDirectly(_ args: [String]) -> (any ParsableCommand)? {
        guard let name = args.first, let type = directCommand(name),
              let command = try? type.parseAsRoot(Array(args.dropFirst())),
              Swift.type(of: command) == type  // not ArgumentParser's stand-in for `--help` or `help`
        else { return nil }
        return command
    }

    /// The command types parsed directly, by name. (A switch, not a dictionary: a dictionary of
    /// metatypes costs runtime type lookups on every start.)
    static func directCommand(_ name: String) -> (any ParsableCommand.Type)? {
        switch name {
        case "link": return LinkCommand.self
        case "hook-event": return HookEventCommand.self
        default: return nil
        }
    }

    /// The super-command name directly parsed commands carry (shown only if one ever printed help).
    static let directSuperCommand = "autoheal"
}
