import AutohealGit
#if canImport(Glibc)
import Glibc
#endif

/// `autoheal hook-event moved` for a commit on a fix branch, in the `autoheal` executable itself (about
/// 2 ms against about 6 ms for the full program): reference-transaction calls it for every update of a
/// fix branch, and when the update is a commit (or an amend), post-commit (or post-rewrite) records it
/// and there is nothing more to do. Anything else runs in the full program (``FullBinary``).
public enum FastHookEvent {
    /// Exits 0 when the command line is `hook-event moved --ref REF --old OLD --new NEW [options]` and the
    /// update is a commit (``isCommit(_:ref:tip:previous:)``); returns otherwise.
    public static func runIfCommit(_ arguments: [String]) {
        guard arguments.count >= 2, arguments[0] == "hook-event", arguments[1] == "moved" else { return }
        var options: [String: String] = [:]
        var rest = arguments.dropFirst(2)
        while let name = rest.first, name.hasPrefix("--"), rest.count >= 2 {
            options[String(name.dropFirst(2))] = rest[rest.index(after: rest.startIndex)]
            rest = rest.dropFirst(2)
        }
        guard rest.isEmpty, options["directory"] == nil, let ref = options["ref"],
              let new = options["new"].flatMap(ObjectID.init(hex:)),
              let location = try? RepositoryLocation.discover(from: Paths.currentDirectory(), directoryGiven: false),
              (try? isCommit(location.repository, ref: ref, tip: new, previous: options["old"].flatMap(ObjectID.init(hex:)))) == true
        else { return }
        exit(0)
    }

    /// Whether branch `ref`, moved to `tip` from `previous` (zero or `nil` when git did not say), got a
    /// commit — `git commit`, also `--amend`, whose reflog entry says `commit…`, which post-commit and
    /// post-rewrite record — or did not move. Without a reflog (a bare repository), a commit whose first
    /// parent is `previous` counts as one.
    public static func isCommit(_ repository: Repository, ref: String, tip: ObjectID, previous: ObjectID?) throws -> Bool {
        if tip == previous { return true }
        if let entry = repository.lastReflogEntry(ref) {
            return entry.new == tip && entry.message.hasPrefix("commit")
        }
        guard let previous, !previous.isZero else { return false }
        return try repository.commit(tip).parentIDs.first == previous
    }
}
