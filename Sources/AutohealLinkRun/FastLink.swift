import AutohealGit
import AutohealLink
import AutohealStore
#if canImport(Glibc)
import Glibc
#endif

/// `autoheal link` for one incident in the `autoheal` executable itself, which holds no Foundation
/// and starts and exits in about 2 ms, against about 5 ms for the full program (`autoheal-full`, see
/// ``FullBinary``). `link` is what agents and backfills run once per incident, and on a small fix the
/// process's start is a large part of the whole.
public enum FastLink {
    /// Runs the command line when it is a plain `link` of one incident (the shapes
    /// ``LinkArguments/parse(_:)`` reads; not `--batch`, not `--stack`) and the link succeeds: stores
    /// the result and closes the ledger, prints the result and exits 0 (1 when standard output cannot
    /// be written: ``StandardStreams/exitStatus(_:)``), leaving the repository to the kernel
    /// (``ProcessLifetime/leaveToExit(_:)``). Returns — having printed and stored nothing — for
    /// any other command line and whenever anything fails, so the caller runs the command in the full
    /// program, which reports the error its usual way (re-running is safe: a link stores nothing until
    /// it has succeeded).
    public static func runIfPlain(_ arguments: [String]) {
        let args = GlobalOptionOrder.hoist(arguments)
        guard CommandClock.environmentProblem == nil, args.first == "link", let link = LinkArguments.parse(Array(args.dropFirst())),
              link.batch == nil, link.request.stack == nil, let incident = link.incident,
              let (output, repository) = try? run(link, incident: incident)
        else { return }
        StandardStreams.writeOut(output)
        ProcessLifetime.leaveToExit(repository)
        exit(StandardStreams.exitStatus(0))
    }

    /// Links, stores and closes the ledger; returns what to print and the repository, still open.
    private static func run(_ link: LinkArguments, incident: String) throws -> (String, Repository)? {
        guard let cwd = Paths.commandDirectory(link.directory),
              let location = try RepositoryLocation.discover(from: cwd, directoryGiven: link.directory != nil) else { return nil }
        // The ledger opens on a second thread while the link's git work runs (unless the link needs
        // the incident's hints first).
        let path = LedgerPath.resolve(option: link.database, cwd: cwd, commonDir: location.commonDir)
        // A link needs its incident, so a ledger that does not exist yet is the full program's to report.
        guard access(path, F_OK) == 0 else { return nil }
        let ledger = LedgerOpening(path: path)
        defer { ledger.join() }
        let linker = Linker(repository: location.repository)
        let method = link.request.method(readStack: { _ in "" })
        let computed = method.readsHints ? nil : try LinkSession.compute(method, with: linker)
        let session = LinkSession(store: try ledger.wait(), linker: linker, now: CommandClock.now(), source: "autoheal")
        let result = try session.link(incident, method, computed: computed)
        try session.save()
        return (link.json ? result.json.prettyJSON + "\n" : LinkText.render(result), location.repository)
    }
}
