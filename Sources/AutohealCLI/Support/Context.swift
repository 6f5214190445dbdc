import AutohealConfig
import AutohealGit
import AutohealCore
import AutohealStore
import Foundation

/// What every command needs: where it runs, the repository around it, the database and the config.
final class Context {
    let cwd: String
    /// The process environment, read whole when first needed; single variables: ``variable(_:)``.
    private(set) lazy var environment: [String: String] = ProcessInfo.processInfo.environment
    let repository: RepositoryLocation?
    private let databaseOption: String?
    private var store: EventStore?
    private var cachedConfig: Configuration?

    convenience init(_ global: GlobalOptions) throws {
        try self.init(directory: global.directory, database: global.database)
    }

    /// The context of a command run with `-C directory` and `--db database` (each optional).
    init(directory: String?, database: String?) throws {
        let base = FileManager.default.currentDirectoryPath
        if let dir = directory {
            let path = Context.absolute(dir, relativeTo: base)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                throw CLIError("cannot change to \(dir): no such directory", status: .usage)
            }
            cwd = path
        } else {
            cwd = base
        }
        databaseOption = database
        repository = try RepositoryLocation.discover(from: cwd)
    }

    /// The database path: `--db`, else `$AUTOHEAL_DB`, else `<git-common-dir>/autoheal/autoheal.sqlite`
    /// inside a repository, else `$XDG_DATA_HOME/autoheal/autoheal.sqlite`.
    var databasePath: String {
        if let db = databaseOption { return Context.absolute(db, relativeTo: cwd) }
        if let db = Self.variable("AUTOHEAL_DB"), !db.isEmpty { return Context.absolute(db, relativeTo: cwd) }
        if let repo = repository { return repo.commonDir + "/autoheal/autoheal.sqlite" }
        let data = Self.variable("XDG_DATA_HOME").flatMap { $0.isEmpty ? nil : $0 }
            ?? (Self.variable("HOME") ?? NSHomeDirectory()) + "/.local/share"
        return data + "/autoheal/autoheal.sqlite"
    }

    /// The ledger, opened once per command.
    func openStore() throws -> EventStore {
        if let store { return store }
        let s = try EventStore(path: databasePath)
        store = s
        return s
    }

    /// Closes the ledger if this context opened it (it closes anyway when the last holder lets go).
    func closeStore() {
        store = nil
    }

    /// The effective configuration.
    func config() throws -> Configuration {
        if let cachedConfig { return cachedConfig }
        let c = try ConfigLoader.load(repositoryRoot: repository?.workdir, environment: environment)
        cachedConfig = c
        return c
    }

    /// Now, or `$AUTOHEAL_NOW` (RFC 3339) when set — for reproducible output in scripts and tests.
    var now: Timestamp {
        if let text = Self.variable("AUTOHEAL_NOW"), let t = try? RFC3339.parse(text) { return t }
        return .now
    }

    /// All incidents with their events.
    func incidents(attrsFor: Set<EventType>? = nil) throws -> [Incident] {
        try openStore().incidents(attrsFor: attrsFor)
    }

    /// One incident, or exit 1 with "no such incident".
    func incident(_ id: String) throws -> Incident {
        let events = try openStore().events(incident: id)
        guard !events.isEmpty else { throw CLIError.noSuchIncident(id) }
        return Incident(id: id, events: events)
    }

    /// One environment variable. Cheaper than ``environment`` for commands that read a few: building
    /// the whole dictionary is a measurable part of a short command such as `link`.
    static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func absolute(_ path: String, relativeTo base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : base + "/" + expanded
        return (joined as NSString).standardizingPath
    }
}

extension Context {
    /// The repository around the working directory, opened with libgit2, or a usage error outside one.
    func openRepository() throws -> Repository {
        guard let repository else {
            throw CLIError("not inside a git repository (use -C DIR)", status: .usage)
        }
        return repository.repository
    }

    /// The path of the running `autoheal` binary, for hooks to call back.
    var executablePath: String {
        let arg0 = CommandLine.arguments[0]
        if arg0.contains("/") { return Context.absolute(arg0, relativeTo: FileManager.default.currentDirectoryPath) }
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(arg0)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return arg0
    }
}
