import ArgumentParser
import AutohealCore

/// A request for help in any of the shapes people type, read before ArgumentParser sees the line
/// (its `help` takes only command names, and only at the root).
///
/// - `help X`, `help X Y` (`help hooks install`), and `X help Y` for a command with subcommands
///   (`hooks help install`, `hooks help`);
/// - options are ignored: `-C DIR` and `--db PATH` with their values wherever they stand (`help -C repo link`,
///   `help link --db x`), any other option before the command name on its own (`help -h link`), and
///   after it everything from the first option on (`help report --format json`: the command's own options);
/// - words after a command without subcommands are ignored with a note, as `git help log commit` shows
///   `log`'s page (`help link prevent` shows `link`'s help);
/// - a word that names no command (`help nosuch`, `help hooks nosuch`) is a usage error.
enum HelpRequest: Equatable {
    /// Show the help of the command at `path` (command names below `autoheal`; empty for the top level).
    /// `ignored` holds the words after a command that takes no subcommands.
    case show(path: [String], ignored: [String])
    /// `word` names no command below `path`.
    case unknown(path: [String], word: String)

    /// The help request `args` (global options already moved by ``GlobalOptionOrder``) make, or `nil`
    /// if they make none. Another command line costs a comparison or two (it has no `help` first or second).
    static func read(_ args: [String]) -> HelpRequest? {
        var path: [String]
        var words: ArraySlice<String>
        if args.first == "help" {
            path = []
            words = args.dropFirst()
        } else if args.count > 1, args[1] == "help", !subcommands(of: [args[0]]).isEmpty {
            path = [args[0]]
            words = args.dropFirst(2)
        } else {
            return nil
        }
        var ignored: [String] = []
        while let word = words.first {
            words = words.dropFirst()
            if word == "-C" || word == "--db" {
                words = words.dropFirst()  // its value (a missing one is no matter for help)
                continue
            }
            if word.hasPrefix("--db=") || (word.hasPrefix("-C") && word.count > 2) { continue }
            if word.hasPrefix("-"), word != "-" {
                if path.isEmpty || word == "--" { continue }
                break  // the command's own options, and their values
            }
            if !ignored.isEmpty || (!path.isEmpty && subcommands(of: path).isEmpty) {
                ignored.append(word)
                continue
            }
            guard subcommands(of: path).contains(word) else { return .unknown(path: path, word: word) }
            path.append(word)
        }
        return .show(path: path, ignored: ignored)
    }

    /// The names of the subcommands of the command at `path` (`help` among the top level's).
    static func subcommands(of path: [String]) -> [String] {
        var command: any ParsableCommand.Type = AutohealCommand.self
        for name in path {
            if path.count == 1, name == "help" { return [] }
            guard let sub = command.configuration.subcommands.first(where: { $0._commandName == name }) else { return [] }
            command = sub
        }
        let names = command.configuration.subcommands.map { $0._commandName }
        return path.isEmpty ? names + ["help"] : names
    }

    /// The command line ArgumentParser prints this help for (`help hooks install`), or `nil` for an unknown command.
    var arguments: [String]? {
        guard case .show(let path, _) = self else { return nil }
        return ["help"] + path
    }

    /// The one line written to stderr: the note on ignored words, or the usage error; `nil` if none.
    var message: String? {
        switch self {
        case .show(_, let ignored) where ignored.isEmpty:
            return nil
        case .show(let path, let ignored):
            let words = ignored.map { "'\(VisibleText.of($0))'" }.joined(separator: " ")
            return "autoheal: help takes one command: showing \(path.joined(separator: " "))'s help, ignoring \(words)\n"
        case .unknown(let path, let word):
            let named = (path + [word]).map(VisibleText.of).joined(separator: " ")
            let lister = path.isEmpty ? "autoheal --help" : "autoheal help " + path.joined(separator: " ")
            return "autoheal: '\(named)' is not an autoheal command (\(lister) lists them)\n"
        }
    }
}
