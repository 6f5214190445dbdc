/// Where the global options go on a command line.
public enum GlobalOptionOrder {
    /// Moves `-C DIR` and `--db PATH` given before the command name to after it, so that
    /// `autoheal -C repo --db x.sqlite report` works like `git -C`.
    ///
    /// Several `-C` before the command chain as in git: each relative one is taken from the one before
    /// (`-C work -C repo` is `-C work/repo`).
    /// The problem with a command line whose global options end without their value
    /// (`autoheal --db`, `autoheal -C repo -C`), or `nil`.
    public static func missingValue(_ arguments: [String]) -> String? {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "-C" || a == "--db" {
                guard i + 1 < arguments.count else { return a == "-C" ? "-C needs a directory" : "--db needs a path" }
                i += 2
            } else if a.hasPrefix("--db=") || (a.hasPrefix("-C") && a.count > 2) {
                i += 1
            } else {
                return nil
            }
        }
        return nil
    }

    public static func hoist(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var directory: String?
        func change(to dir: String) {
            if dir.isEmpty { return }  // `-C ""` changes nothing, as in git
            if let previous = directory, !dir.hasPrefix("/") { directory = previous + "/" + dir } else { directory = dir }
        }
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "-C", i + 1 < arguments.count {
                change(to: arguments[i + 1])
                i += 2
            } else if a == "--db", i + 1 < arguments.count {
                globals += [a, arguments[i + 1]]
                i += 2
            } else if a.hasPrefix("--db=") {
                globals.append(a)
                i += 1
            } else if a.hasPrefix("-C"), a.count > 2 {
                change(to: String(a.dropFirst(2)))
                i += 1
            } else {
                break
            }
        }
        if let directory { globals = ["-C", directory] + globals }
        var rest = Array(arguments[i...])
        // `help` takes only command names: `autoheal --db x help link` was "Unknown option '--db'".
        guard !globals.isEmpty, rest.first != "help" else { return rest }
        if let dashdash = rest.firstIndex(of: "--") {
            rest.insert(contentsOf: globals, at: dashdash)
        } else {
            rest += globals
        }
        return rest
    }
}
