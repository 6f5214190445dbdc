import AutohealCore
import AutohealGit

/// Links an incident's root cause to code in one repository. One method per way of knowing the cause
/// (a fix, a revert, a named commit, stack frames, a deploy range), plus ``link(hints:at:)`` which picks
/// the method from the incident's `rootcause.identified` hints. Synchronous; use from one thread.
public final class Linker {
    public let repository: Repository
    /// How SZZ candidates are pruned.
    public var policy: RankingPolicy
    /// How many blame authors are listed as owners.
    public var blameOwnerCount = 3

    private var infoCache: [ObjectID: (info: LinkResult.Introducing, time: Int64)] = [:]
    private var linesCache: [String: TextLines] = [:]

    public init(repository: Repository, policy: RankingPolicy = RankingPolicy()) {
        self.repository = repository
        self.policy = policy
    }

    /// Links using whatever the hints name: a fix, else a revert, else commits, else a deploy range
    /// (ranked by the hinted paths and frames), else frames, else just the paths.
    public func link(hints: LinkHints, at: String = "HEAD") throws(LinkError) -> LinkResult {
        if let fix = hints.fixCommit { return try self.fix(fix) }
        if let rev = hints.revertCommit { return try revert(rev) }
        if !hints.commits.isEmpty { return try commits(hints.commits) }
        if let to = hints.deployTo {
            guard let from = hints.deployFrom else {
                // No `from`: the range is `to`'s own commit — which a root commit does not have before it.
                let toID = try resolve(to)
                if try git({ () throws(GitError) in try repository.commit(toID).parentIDs.isEmpty }) {
                    throw repository.isShallow ? .shallowHistory(to) : .deployToIsRoot(to)
                }
                return try deploy("\(to)~1..\(to)", paths: hints.paths, frames: hints.frames)
            }
            return try deploy("\(from)..\(to)", paths: hints.paths, frames: hints.frames)
        }
        // A deploy with only a `from` is not a range: not quietly a link by the paths beside it.
        if let from = hints.deployFrom { throw .deployWithoutTo(from) }
        if !hints.frames.isEmpty { return try frames(hints.frames, at: at) }
        if !hints.paths.isEmpty { return try paths(hints.paths, at: at) }
        throw .noHints(Self.noHintsReason)
    }

    /// Why ``link(hints:at:)`` found nothing to follow (callers add how to name a method).
    public static let noHintsReason = "the incident has no rootcause.identified hints (fix_commit, revert_commit, commits, deploy, frames or paths)"

    /// Only code paths and CODEOWNERS for whole files named by the hints (nothing to blame). A hint
    /// naming a directory (`svc/`, as `--deploy` matches it) stands for the files under it, up to
    /// ``maxDirectoryFiles``.
    public func paths(_ paths: [String], at: String = "HEAD") throws(LinkError) -> LinkResult {
        let atID = try resolve(at)
        var codePaths: [LinkResult.CodePath] = []
        var tree: [String]?
        for p in paths {
            let lines: TextLines
            do { lines = try fileLines(p, at: atID) } catch {
                guard case .pathNotInTree = error else { throw error }
                if tree == nil { tree = try git { () throws(GitError) in try repository.commit(atID).tree().allFilePaths() } }
                let dir = p.hasSuffix("/") ? p : p + "/"
                let under = tree!.filter { $0.hasPrefix(dir) }
                guard !under.isEmpty else { throw error }
                guard under.count <= Self.maxDirectoryFiles else { throw .directoryTooLarge(p, files: under.count, limit: Self.maxDirectoryFiles) }
                for f in under where !codePaths.contains(where: { $0.path == f }) {
                    let fl = try fileLines(f, at: atID)
                    codePaths.append(LinkResult.CodePath(path: f, lines: fl.isEmpty ? [] : [1...fl.count]))
                }
                continue
            }
            codePaths.append(LinkResult.CodePath(path: p, lines: lines.isEmpty ? [] : [1...lines.count]))
        }
        return LinkResult(method: "paths", at: atID.hex, paths: codePaths, owners: try owners(codePaths, at: atID, authors: [:]))
    }

    /// The most files a directory named by the hints may stand for.
    static let maxDirectoryFiles = 100

    // MARK: - Shared helpers

    /// A revision → commit id, with bad input reported as such.
    func resolve(_ revision: String) throws(LinkError) -> ObjectID {
        do { return try repository.resolveCommit(revision) } catch {
            throw Self.revisionError(revision, error, in: repository)
        }
    }

    /// Why `revision` names no commit of `repository`, given libgit2's error: an unknown or malformed
    /// revision (`:`, `:?x` included) and a tree or blob are bad input; anything else is libgit2's.
    /// Every command that takes a revision from a user reports it so (`land --commit` too).
    public static func revisionError(_ revision: String, _ error: GitError, in repository: Repository) -> LinkError {
        if case .notACommit(let kind) = error.code { return .notACommit(revision, kind: kind) }
        if error.code == .notFound || error.code == .invalidSpec || error.code == .ambiguous {
            return repository.isShallow ? .shallowHistory(revision) : .unknownRevision(revision)
        }
        return .git(error)
    }

    /// Runs a git-layer call, wrapping its error.
    /// An object missing from a shallow clone is missing history, said as such (not libgit2's "object
    /// not found").
    func git<T>(_ body: () throws(GitError) -> T) throws(LinkError) -> T {
        do { return try body() } catch {
            if error.code == .notFound, repository.isShallow { throw .shallowHistory("") }
            throw .git(error)
        }
    }

    /// Summary, author and times of a commit, cached.
    func info(_ id: ObjectID) throws(LinkError) -> (info: LinkResult.Introducing, time: Int64) {
        if let hit = infoCache[id] { return hit }
        let c = try git { () throws(GitError) in try repository.commit(id) }
        let a = c.author
        let value = (LinkResult.Introducing(commit: id.hex, summary: c.summary, author: "\(a.name) <\(a.email)>",
                                            authoredAt: Timestamp(seconds: a.time).description, lines: 0), c.time)
        infoCache[id] = value
        return value
    }

    /// The lines of a file at a commit (bad input when it is not there), cached.
    func fileLines(_ path: String, at id: ObjectID) throws(LinkError) -> TextLines {
        let key = id.hex + ":" + path
        if let hit = linesCache[key] { return hit }
        guard let blob = try git({ () throws(GitError) in try repository.blob(at: path, in: id) }) else {
            throw .pathNotInTree(path: path, at: id.short())
        }
        let lines = TextLines(blob.text)
        linesCache[key] = lines
        return lines
    }

    /// Code paths (merged ranges, enclosing functions) for lines per path at a commit.
    func codePaths(_ lines: [String: Set<Int>], at id: ObjectID, functionHints: [String: [String]] = [:]) throws(LinkError) -> [LinkResult.CodePath] {
        var out: [LinkResult.CodePath] = []
        for path in lines.keys.sorted() {
            let wanted = lines[path]!.sorted()
            let content = (try? fileLines(path, at: id)) ?? TextLines("")
            let lang = SourceLanguage(path: path)
            var functions: [String] = []
            for case let f? in lang.enclosingFunctions(lines: content, at: wanted) where !functions.contains(f) { functions.append(f) }
            for f in functionHints[path] ?? [] where !functions.contains(f) { functions.append(f) }
            out.append(LinkResult.CodePath(path: path, lines: LineRanges.merge(wanted), functions: functions))
        }
        return out
    }

    /// CODEOWNERS owners of the paths (weighted by lines) followed by the top blame authors.
    func owners(_ paths: [LinkResult.CodePath], at id: ObjectID, authors: [String: Int]) throws(LinkError) -> [LinkResult.Owner] {
        var result: [LinkResult.Owner] = []
        if let rules = try codeOwners(at: id) {
            var weight: [String: Int] = [:]
            var order: [String] = []
            for p in paths {
                let n = max(1, p.lines.reduce(0) { $0 + $1.count })
                for o in rules.owners(of: p.path) {
                    if weight[o] == nil { order.append(o) }
                    weight[o, default: 0] += n
                }
            }
            result += order.map { LinkResult.Owner(owner: $0, source: .codeowners, lines: weight[$0]) }
        }
        let top = authors.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(blameOwnerCount)
        result += top.map { LinkResult.Owner(owner: $0.key, source: .blame, lines: $0.value) }
        return result
    }

    /// The CODEOWNERS file at a commit, from GitHub's locations in order.
    func codeOwners(at id: ObjectID) throws(LinkError) -> CodeOwners? {
        for loc in CodeOwners.locations {
            if let blob = try git({ () throws(GitError) in try repository.blob(at: loc, in: id) }) {
                return CodeOwners(text: blob.text)
            }
        }
        return nil
    }

    /// Introducing-commit entries, newest first, for blamed origins (each commit with its line count),
    /// and the ranking's input: each commit with its lines weighed by `weight` (a line's weight in the
    /// policy; 1 each by default).
    func candidates(from origins: [LineOrigin], weight: (LineOrigin) -> Int = { _ in 1 }) throws(LinkError)
        -> (list: [LinkResult.Introducing], policyInput: [RankingPolicy.Candidate], authors: [String: Int]) {
        var counts: [ObjectID: Int] = [:]
        var weights: [ObjectID: Int] = [:]
        for o in origins {
            counts[o.commit, default: 0] += 1
            weights[o.commit, default: 0] += weight(o)
        }
        var list: [(entry: LinkResult.Introducing, time: Int64, weight: Int)] = []
        var authors: [String: Int] = [:]
        for (id, n) in counts {
            var (entry, time) = try info(id)
            entry.lines = n
            authors[entry.author, default: 0] += n
            list.append((entry, time, weights[id] ?? n))
        }
        list.sort { ($0.time, $0.entry.lines, $0.entry.commit) > ($1.time, $1.entry.lines, $1.entry.commit) }
        let input = list.map { RankingPolicy.Candidate(id: $0.entry.commit, time: $0.time, lines: $0.weight) }
        return (list.map(\.entry), input, authors)
    }

    /// Traces lines per path at a commit (each path must exist there).
    func trace(_ lines: [String: Set<Int>], at id: ObjectID, ignored: Set<ObjectID> = [],
               judges: [String: IncidentalChanges] = [:]) throws(LinkError) -> [LineOrigin] {
        var origins: [LineOrigin] = []
        for path in lines.keys.sorted() {
            let traced = try traceOne(path: path, lines: lines[path]!.sorted(), at: id, ignored: ignored, judge: judges[path])
            origins += traced
        }
        return origins
    }

    private func traceOne(path: String, lines: [Int], at id: ObjectID, ignored: Set<ObjectID>,
                          judge: IncidentalChanges?) throws(LinkError) -> [LineOrigin] {
        do {
            return try repository.traceLines(path: path, at: id, lines: lines,
                                             options: TraceOptions(ignoreWhitespace: true, ignoredRevisions: ignored, judge: judge))
        } catch {
            if error.code == .notFound, repository.isShallow { throw .shallowHistory(id.short()) }
            throw .git(error)
        }
    }
}
