/// The arguments of `autoheal link` as plain values: what `LinkCommand` hands over after
/// ArgumentParser has read them, and what ``parse(_:)`` reads by itself on the fast path.
///
/// `link` is the command programs run many times (agents, backfills, one process per incident), and
/// ArgumentParser's reflection over a command's declarations costs about 3 ms of each such run —
/// more than a one-line link's own git work. So `AutohealMain` (and the `autoheal` executable, see
/// ``FastLink``) first tries ``parse(_:)``, which reads only the plain shapes a program writes, and
/// hands everything else to ArgumentParser (help, a usage error, a shape it does not take), so users
/// still get ArgumentParser's exact help and messages.
public struct LinkArguments: Equatable, Sendable {
    /// `-C DIR`.
    public var directory: String?
    /// `--db PATH`.
    public var database: String?
    public var incident: String?
    public var request = LinkRequest()
    /// `--batch FILE`.
    public var batch: String?
    public var json = false

    public init(directory: String? = nil, database: String? = nil, incident: String? = nil,
                request: LinkRequest = LinkRequest(), batch: String? = nil, json: Bool = false) {
        self.directory = directory
        self.database = database
        self.incident = incident
        self.request = request
        self.batch = batch
        self.json = json
    }

    /// Why these arguments cannot run, or `nil`: the rules `LinkCommand`'s validation reports.
    public var problem: String? {
        if batch != nil {
            guard incident == nil, request == LinkRequest() else {
                return "--batch takes no incident and no other method flag: each line of the file names them"
            }
            return nil
        }
        guard incident != nil else { return "give the incident to link (or --batch FILE)" }
        // A switch, not a dictionary: the first dictionary of a process costs runtime type lookups.
        return request.problem(offered: ["fix", "revert", "commits", "frames", "stack", "deploy"], name: { key in
            switch key {
            case "commits": return "--commit"
            case "frames": return "--frame"
            default: return "--" + key
            }
        })
    }

    /// Reads `link`'s arguments (after the command name) when each is one of: `-C DIR`, `--NAME VALUE`
    /// or `--NAME=VALUE` for one of link's options (`-`, for stdin, is a value), `--json`, and at most
    /// one incident. Returns `nil` for anything else — `--help`, an unknown or repeated option, a value
    /// that looks like an option, `--`, arguments that break ``problem`` — and the caller lets
    /// ArgumentParser read (and report) them.
    public static func parse(_ args: [String]) -> LinkArguments? {
        var out = LinkArguments()
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            guard arg.hasPrefix("-") else {
                guard out.incident == nil else { return nil }
                out.incident = arg
                continue
            }
            if arg == "--json" {
                guard !out.json else { return nil }
                out.json = true
                continue
            }
            let name: Substring, value: String
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = arg[..<eq]
                value = String(arg[arg.index(after: eq)...])
            } else {
                guard i < args.count, args[i] == "-" || !args[i].hasPrefix("-") else { return nil }
                name = arg[...]
                value = args[i]
                i += 1
            }
            guard out.set(name, value) else { return nil }
        }
        return out.problem == nil ? out : nil
    }

    /// The options of `link` that take one value (ArgumentParser keeps the last of several, silently).
    static let singleOptions: Set<Substring> = ["--fix", "--revert", "--stack", "--deploy", "--at", "--batch"]
    /// The options of `link` that take a value (the single ones, `--commit`, `--frame`, and the global ones).
    static let valueOptions: Set<Substring> = singleOptions.union(["--commit", "--frame", "-C", "--db"])

    /// Why `link`'s arguments (after the command name) give a one-value option twice (`--fix A --fix
    /// B`, which ArgumentParser reads as `--fix B`), or `nil`. Values are skipped, so a value is not
    /// taken for an option.
    public static func repeatedOption(_ args: [String]) -> String? {
        var given: [Substring: String] = [:]
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--" { return nil }
            let name: Substring, value: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = arg[..<eq]
                value = String(arg[arg.index(after: eq)...])
            } else {
                name = arg[...]
                value = valueOptions.contains(name) && i < args.count ? args[i] : nil
                if value != nil { i += 1 }
            }
            guard singleOptions.contains(name), let value else { continue }
            if let first = given[name] {
                return "\(name) given twice ('\(first)', then '\(value)'): link takes one; give it once"
            }
            given[name] = value
        }
        return nil
    }

    /// Stores one option's value; `false` for an unknown name or a second value of a single option.
    private mutating func set(_ name: Substring, _ value: String) -> Bool {
        func once(_ slot: inout String?) -> Bool {
            guard slot == nil else { return false }
            slot = value
            return true
        }
        switch name {
        case "-C": return once(&directory)
        case "--db": return once(&database)
        case "--fix": return once(&request.fix)
        case "--revert": return once(&request.revert)
        case "--commit": request.commits.append(value); return true
        case "--frame": request.frames.append(value); return true
        case "--stack": return once(&request.stack)
        case "--deploy": return once(&request.deploy)
        case "--at": return once(&request.at)
        case "--batch": return once(&batch)
        default: return false
        }
    }
}
