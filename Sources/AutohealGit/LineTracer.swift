import CLibGit2

/// Options for ``Repository/traceLines(path:at:lines:options:)``.
public struct TraceOptions: Sendable {
    /// Lines differing only in whitespace count as unchanged (`git blame -w`).
    public var ignoreWhitespace: Bool
    /// Follow first parents only.
    public var firstParent: Bool
    /// Commits to see through, as `git blame --ignore-revs-file` does: a line such a commit changed is
    /// followed to the line at the same offset of the same hunk in its parent, when there is one.
    public var ignoredRevisions: Set<ObjectID>
    /// Asked about each line a commit changed (against its first parent); when it names a replaced
    /// line, the trace goes on from there instead of stopping at the commit.
    public var judge: (any LineChangeJudge)?

    public init(ignoreWhitespace: Bool = true, firstParent: Bool = false, ignoredRevisions: Set<ObjectID> = [],
                judge: (any LineChangeJudge)? = nil) {
        self.ignoreWhitespace = ignoreWhitespace
        self.firstParent = firstParent
        self.ignoredRevisions = ignoredRevisions
        self.judge = judge
    }
}

/// Where one line came from: the commit that last changed it.
public struct LineOrigin: Sendable, Equatable {
    /// The line's number in the traced version (1-based).
    public var line: Int
    /// The commit that last changed it.
    public var commit: ObjectID
    /// The file's path in that commit.
    public var path: String
    /// The line's number in that commit's version.
    public var originalLine: Int
}

extension Repository {
    /// Blames just `lines` of `path` as of `commit`, by following those lines backwards through history
    /// the way `git log -L` does: a commit whose blob equals its parent's passes the lines on unchanged,
    /// otherwise a 0-context diff of the two blobs maps each line to its parent line or stops it at this
    /// commit. Whole-file renames are followed. For a handful of lines this is much faster than
    /// libgit2's `git_blame_file`, and it supports ignored revisions, which libgit2 1.5 does not.
    ///
    /// Only what the lines need is read: commit headers and the path's tree entries come straight from
    /// the object database (see ``TraceObjects``), a commit whose subtree is unchanged costs one root-tree
    /// read, blobs are diffed only where the file changed, and the walk ends as soon as every line has
    /// its commit.
    public func traceLines(path: String, at commit: ObjectID, lines: [Int],
                           options: TraceOptions = TraceOptions()) throws(GitError) -> [LineOrigin] {
        try followLines(path: path, at: commit, lines: lines, options: options)
    }

    private func followLines(path: String, at commit: ObjectID, lines: [Int],
                                    options: TraceOptions) throws(GitError) -> [LineOrigin] {
        let objects = try TraceObjects(self)
        let start = try objects.commit(commit)
        guard let entry = try objects.entry(path, inTree: start.tree), entry.isFile else {
            throw GitError(code: .notFound, message: "'\(path)' is not a file in commit \(commit.short())",
                           context: "blame \(path)")
        }
        let wanted = Array(Set(lines.filter { $0 > 0 })).sorted()
        guard !wanted.isEmpty else { return [] }
        var tracer = Tracer(repo: self, objects: objects, options: options)
        tracer.enqueue(Tracer.Item(commit: commit, time: start.time, path: path, blob: entry.id,
                                   lines: wanted.map { ($0, $0) }))
        try tracer.run()
        saveCommitCache()
        return tracer.origins.sorted { $0.line < $1.line }
    }
}

/// The work queue of a line trace: (commit, path) items processed newest first.
struct Tracer {
    struct Key: Hashable { var commit: ObjectID; var path: String }
    struct Item {
        var commit: ObjectID
        var time: Int64
        var path: String
        var blob: ObjectID
        /// (line in the traced version, line in this commit's version)
        var lines: [(Int, Int)]
    }

    let repo: Repository
    let objects: TraceObjects
    let options: TraceOptions
    var pending: [Key: Item] = [:]
    var origins: [LineOrigin] = []
    /// Per traced line, how many changes to it the judge has seen through.
    var seenThrough: [Int: Int] = [:]
    /// The changed-path filter key of the path last looked up (items mostly follow one path).
    private var pathKey: (path: String, key: CommitGraph.PathKey)?

    init(repo: Repository, objects: TraceObjects, options: TraceOptions) {
        self.repo = repo
        self.objects = objects
        self.options = options
    }

    mutating func enqueue(_ item: Item) {
        let key = Key(commit: item.commit, path: item.path)
        if pending[key] != nil { pending[key]!.lines += item.lines } else { pending[key] = item }
    }

    mutating func run() throws(GitError) {
        while !pending.isEmpty {
            // Usually one item is pending: follow it down the chain of commits that left the file alone
            // without touching the queue.
            let key = pending.count == 1 ? pending.first!.key : pending.max(by: { $0.value.time < $1.value.time })!.key
            var item = pending.removeValue(forKey: key)!
            while let next = try process(item) {
                if pending.isEmpty || pending.values.allSatisfy({ $0.time <= next.time }) && pending[Key(commit: next.commit, path: next.path)] == nil {
                    item = next
                } else {
                    enqueue(next)
                    break
                }
            }
        }
    }

    private mutating func blame(_ lines: [(Int, Int)], on item: Item) {
        for (final, current) in lines {
            origins.append(LineOrigin(line: final, commit: item.commit, path: item.path, originalLine: current))
        }
    }

    /// Processes one item; when a parent has the identical file, returns the item that carries every
    /// line on to it (for the caller to continue with) instead of queueing it.
    private mutating func process(_ item: Item) throws(GitError) -> Item? {
        let commit = try objects.commit(item.commit)
        var parentIDs = commit.parents
        if options.firstParent { parentIDs = Array(parentIDs.prefix(1)) }
        if parentIDs.isEmpty { blame(item.lines, on: item); return nil }

        // git's changed-path filter: when the path is certainly the same in the first parent, that
        // parent takes every line, without reading its tree (git's blame skips such commits too).
        if let graph = repo.commitGraph, graph.certainlyUnchanged(key(for: item.path), in: item.commit),
           let parent = try? objects.commit(parentIDs[0]) {
            return Item(commit: parentIDs[0], time: parent.time, path: item.path, blob: item.blob, lines: item.lines)
        }

        // Find the file in each parent; a parent with the identical blob takes every line.
        var candidates: [(id: ObjectID, time: Int64, path: String, blob: ObjectID)] = []
        for (index, pid) in parentIDs.enumerated() {
            let parent: TraceObjects.CommitInfo
            do { parent = try objects.commit(pid) } catch {
                if index == 0 { throw GitError(code: .notFound, message: "commit \(pid.short()), parent of \(item.commit.short()), is missing"
                    + (repo.isShallow ? " (shallow clone: run `git fetch --unshallow`)" : ""), context: "follow \(item.path)") }
                continue
            }
            var path = item.path
            var found = try objects.entry(path, inTree: parent.tree)
            if found?.isFile != true {
                found = nil
                if let old = try renameSource(of: item.path, blob: item.blob, from: repo.tree(parent.tree), to: repo.tree(commit.tree)),
                   let e = try objects.entry(old, inTree: parent.tree), e.isFile {
                    path = old
                    found = e
                }
            }
            guard let blob = found?.id else { continue }
            if blob == item.blob {
                return Item(commit: pid, time: parent.time, path: path, blob: blob, lines: item.lines)
            }
            candidates.append((pid, parent.time, path, blob))
        }

        var remaining = item.lines
        var firstHunks: [DiffHunk]? = nil
        var mine: Blob? = nil
        var firstOld: Blob? = nil
        if !candidates.isEmpty {
            let new = try repo.blob(item.blob)
            mine = new
            for (n, cand) in candidates.enumerated() where !remaining.isEmpty {
                // Only the lines still to map are named: the diff may be skipped for the rest of the file.
                let old = try repo.blob(cand.blob)
                let hunks = try repo.traceHunks(old: old, new: new, path: item.path,
                                                ignoreWhitespace: options.ignoreWhitespace, mapping: remaining.map(\.1))
                if n == 0 && cand.id == parentIDs[0] { firstHunks = hunks; firstOld = old }
                var passed: [(Int, Int)] = []
                var kept: [(Int, Int)] = []
                for (final, current) in remaining {
                    if let old = LineMap.oldLine(forNew: current, hunks: hunks) { passed.append((final, old)) } else { kept.append((final, current)) }
                }
                if !passed.isEmpty { enqueue(Item(commit: cand.id, time: cand.time, path: cand.path, blob: cand.blob, lines: passed)) }
                remaining = kept
            }
        }

        // See through an ignored revision: follow a changed line to the same offset of its hunk's old side.
        if !remaining.isEmpty, options.ignoredRevisions.contains(item.commit), let hunks = firstHunks, let cand = candidates.first {
            var passed: [(Int, Int)] = []
            var kept: [(Int, Int)] = []
            for (final, current) in remaining {
                if let old = LineMap.counterpart(ofNew: current, hunks: hunks) { passed.append((final, old)) } else { kept.append((final, current)) }
            }
            if !passed.isEmpty { enqueue(Item(commit: cand.id, time: cand.time, path: cand.path, blob: cand.blob, lines: passed)) }
            remaining = kept
        }
        if !remaining.isEmpty, let judge = options.judge, let hunks = firstHunks, let old = firstOld, let new = mine,
           let cand = candidates.first {
            var passed: [(Int, Int)] = []
            var kept: [(Int, Int)] = []
            for (final, current) in remaining {
                if let previous = follow(current, traced: final, judge: judge, hunks: hunks, old: old, new: new) {
                    passed.append((final, previous))
                    seenThrough[final, default: 0] += 1
                } else {
                    kept.append((final, current))
                }
            }
            if !passed.isEmpty { enqueue(Item(commit: cand.id, time: cand.time, path: cand.path, blob: cand.blob, lines: passed)) }
            remaining = kept
        }
        blame(remaining, on: item)
        return nil
    }

    private mutating func key(for path: String) -> CommitGraph.PathKey {
        if let pathKey, pathKey.path == path { return pathKey.key }
        let key = CommitGraph.PathKey(path)
        pathKey = (path, key)
        return key
    }

    /// The parent line the judge follows a changed line to, if any: only a line whose hunk replaced
    /// lines (not one added outright), and at most ``maxJudgedHunk`` of them, is put to it.
    private func follow(_ line: Int, traced: Int, judge: any LineChangeJudge, hunks: [DiffHunk], old: Blob, new: Blob) -> Int? {
        guard let hunk = hunks.first(where: { $0.newCount > 0 && line >= $0.newStart && line < $0.newStart + $0.newCount }),
              hunk.oldCount > 0, hunk.oldCount <= Self.maxJudgedHunk else { return nil }
        let oldBytes = BlobBytes(old), newBytes = BlobBytes(new)
        guard let text = newBytes.lines(line..<(line + 1)).first else { return nil }
        let replaced = oldBytes.lines(hunk.oldStart..<(hunk.oldStart + hunk.oldCount))
        guard replaced.count == hunk.oldCount else { return nil }
        return judge.lineToFollow(from: text, at: line - hunk.newStart, replacing: replaced, traced: traced, seenThrough: seenThrough[traced] ?? 0)
            .map { hunk.oldStart + $0 }
    }

    /// Where `path` (holding `blob`), missing from the parent tree `old`, came from, the way `git -M`
    /// pairs a rename, but reading only what this one file needs. A tree-level diff (no blob read) lists
    /// the deleted files; a deleted file with the same blob is the source. Otherwise rename detection
    /// runs over just `path` and the deleted files of the same name (or every deleted file, when there
    /// are few). A whole-tree `-M` over a commit that moves or imports thousands of files would read and
    /// fingerprint every one of them.
    private func renameSource(of path: String, blob: ObjectID, from old: Tree, to new: Tree) throws(GitError) -> String? {
        let deleted = try repo.diff(from: old, to: new, options: DiffOptions(detectRenames: false)).deltas()
            .filter { $0.status == .deleted }
        if deleted.isEmpty { return nil }
        if let exact = deleted.first(where: { $0.oldID == blob }) { return exact.oldPath }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var pool = deleted.filter { ($0.oldPath.split(separator: "/").last.map(String.init) ?? $0.oldPath) == name }
        if pool.isEmpty && deleted.count <= Self.maxRenamePool { pool = deleted }
        if pool.isEmpty { return nil }
        let options = DiffOptions(detectRenames: true, paths: [path] + pool.map(\.oldPath))
        return try repo.diff(from: old, to: new, options: options).deltas()
            .first { ($0.status == .renamed || $0.status == .copied) && $0.newPath == path }?.oldPath
    }

    /// Above this many deleted files, only those with the traced file's name are rename candidates.
    static let maxRenamePool = 64

    /// A change replacing more lines than this (a rewrite or a generated file) is not put to the judge.
    static let maxJudgedHunk = 1_000
}

/// Maps line numbers across a 0-context diff.
public enum LineMap {
    /// The old line a new line was unchanged from, or `nil` when the diff added or changed it.
    public static func oldLine(forNew line: Int, hunks: [DiffHunk]) -> Int? {
        var shift = 0
        for h in hunks {
            if h.newCount > 0, line >= h.newStart, line < h.newStart + h.newCount { return nil }
            if line >= h.newStart + max(h.newCount, 1) { shift += h.oldCount - h.newCount } else { break }
        }
        return line + shift
    }

    /// The new line an old line survived as, or `nil` when the diff deleted or changed it.
    public static func newLine(forOld line: Int, hunks: [DiffHunk]) -> Int? {
        var shift = 0
        for h in hunks {
            if h.oldCount > 0, line >= h.oldStart, line < h.oldStart + h.oldCount { return nil }
            if line >= h.oldStart + max(h.oldCount, 1) { shift += h.newCount - h.oldCount } else { break }
        }
        return line + shift
    }

    /// For a changed new line, the old line at the same offset within its hunk (nil when the hunk's old
    /// side is shorter). Used to see through reformatting commits.
    public static func counterpart(ofNew line: Int, hunks: [DiffHunk]) -> Int? {
        for h in hunks where h.newCount > 0 && line >= h.newStart && line < h.newStart + h.newCount {
            let offset = line - h.newStart
            return offset < h.oldCount ? h.oldStart + offset : (h.oldCount > 0 ? h.oldStart + h.oldCount - 1 : nil)
        }
        return nil
    }
}
