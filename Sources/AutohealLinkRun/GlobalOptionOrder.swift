/// Where the global options go on a command line.
public enum GlobalOptionOrder {
    /// Moves `-C DIR` and `--db PATH` given before the command name to after it, so that
    /// `autoheal -C repo --db x.sqlite report` works like `git -C`.
    public static func hoist(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if (a == "-C" || a == "--db"), i + 1 < arguments.count {
                globals += [a, arguments[i + 1]]
                i += 2
            } else if a.hasPrefix("--db=") {
                globals.append(a)
                i += 1
            } else if a.hasPrefix("-C"), a.count > 2 {
                globals += ["-C", String(a.dropFirst(2))]
                i += 1
            } else {
                break
            }
        }
        var rest = Array(arguments[i...])
        guard !globals.isEmpty else { return rest }
        if let dashdash = rest.firstIndex(of: "--") {
            rest.insert(contentsOf: globals, at: dashdash)
        } else {
            rest += globals
        }
        return rest
    }
}
