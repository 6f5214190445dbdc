import ArgumentParser

/// `-C DIR` and `--db PATH`, accepted before the command name (as with `git -C`) or after it.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in DIR.", valueName: "DIR"),
            completion: .directory)
    var directory: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite database (default: $AUTOHEAL_DB, else inside the repository's git dir, else $XDG_DATA_HOME/autoheal/autoheal.sqlite).", valueName: "PATH"),
            completion: .file())
    var database: String?
}

/// `--json` for read commands.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false
}
