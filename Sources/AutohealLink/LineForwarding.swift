import AutohealGit

/// Carries line numbers of a file as one commit numbers them to the revision a link result is stated
/// at (its `at`): a deployed or named commit's changed lines are numbered in that commit's own version
/// of the file, while frames, hinted paths and the result's code paths are numbered at `at`.
///
/// A file's version at the commit is diffed with its version at `at` (whitespace ignored, as the
/// commit's own diff is read), one diff per file, and only where the two differ: a file no later
/// commit changed keeps its numbers. Lines the later commits deleted or changed drop out. The diff
/// spans every path from the commit to `at`, so a commit on a merged branch is carried through the
/// merge as well as through the mainline commits beside it. A file `at` no longer has is followed
/// through its renames; one deleted for good keeps the commit's numbers (the caller reads it there).
/// A file moved away while a new file took its name (``Linker/movedAway(_:from:to:)``) is followed to
/// where it moved, not into the new file.
final class LineForwarder {
    let linker: Linker
    let at: ObjectID
    private let atTree: Tree
    /// Where a path `at` lacks was renamed to (nil: not renamed), when the caller knows the renames;
    /// otherwise they are found by diffing each commit's tree with `at`'s, once per commit, and only
    /// when a path is missing.
    private let renamed: ((String) -> String?)?
    /// Where the file a path names at a commit was moved to after it while a new file took the name,
    /// through any renames and further moves (nil: not moved), when the caller knows the moves (with
    /// `renamed`); otherwise found by diffing the commit's tree with `at`'s with rewrites broken, only
    /// for a file `at` has mostly rewritten.
    private let moved: ((String, ObjectID) -> String?)?
    private var renamesFrom: [ObjectID: [String: String]] = [:]
    private var movesFrom: [ObjectID: [String: String?]] = [:]
    private var atBlobs: [String: Blob] = [:]
    /// Diffs of two versions of a file already made (checked for a move, then carried through).
    private var diffs: [Versions: [DiffHunk]] = [:]
    private struct Versions: Hashable { let old, new: ObjectID }

    init(_ linker: Linker, at: ObjectID, renamed: ((String) -> String?)? = nil, moved: ((String, ObjectID) -> String?)? = nil) throws(LinkError) {
        self.linker = linker
        self.at = at
        self.renamed = renamed
        self.moved = moved
        atTree = try linker.git { () throws(GitError) in try linker.repository.commit(at).tree() }
    }

    /// The path `at` has for the file `path` names at commit `id`: the same, or where renames or a move
    /// took it; nil when `at` has no such file.
    func path(_ path: String, from id: ObjectID) throws(LinkError) -> String? {
        if let target = try movedAway(path, from: id), atTree.containsFile(target) { return target }
        if atTree.containsFile(path) { return path }
        var target: String?
        if let renamed {
            target = renamed(path)
        } else {
            target = try renames(from: id)[path]
        }
        guard let target, atTree.containsFile(target) else { return nil }
        return target
    }

    /// `lines` of `path` at commit `id`, numbered as `at` numbers them (in the file at `atPath`, from
    /// ``path(_:from:)``); lines since deleted or changed are left out.
    func lines(_ lines: Set<Int>, of path: String, from id: ObjectID, atPath: String, keepingChanged: Bool = false) throws(LinkError) -> Set<Int> {
        if id == at && path == atPath { return lines }
        let repo = linker.repository
        let tree = try linker.git { () throws(GitError) in try repo.commit(id).tree() }
        guard tree.containsFile(path), let oldID = tree.entryID(at: path), let newID = atTree.entryID(at: atPath) else { return lines }
        if oldID == newID { return lines }
        return Self.map(lines, through: try diff(oldID, newID, atPath: atPath).hunks, keepingChanged: keepingChanged)
    }

    /// The diff of two versions of a file (the second at `atPath` in `at`).
    private func diff(_ oldID: ObjectID, _ newID: ObjectID, atPath: String) throws(LinkError) -> (hunks: [DiffHunk], old: Blob) {
        let repo = linker.repository
        let old = try linker.git { () throws(GitError) in try repo.blob(oldID) }
        if let hit = diffs[Versions(old: oldID, new: newID)] { return (hit, old) }
        let new: Blob
        if let hit = atBlobs[atPath], hit.id == newID { new = hit } else {
            new = try linker.git { () throws(GitError) in try repo.blob(newID) }
            atBlobs[atPath] = new
        }
        // Paths "": libgit2 then looks up no diff attributes for them.
        let hunks = try linker.git { () throws(GitError) in
            try repo.diff(old: old, oldPath: "", new: new, newPath: "",
                          options: DiffOptions(contextLines: 0, ignoreWhitespace: true, detectRenames: false), withLines: false)
        }
        diffs[Versions(old: oldID, new: newID)] = hunks
        return (hunks, old)
    }

    /// Where the file `path` names at commit `id` was moved after it while a new file took its name
    /// (nil: not moved). Without the caller's moves, see ``findMoves(_:from:)``.
    private func movedAway(_ path: String, from id: ObjectID) throws(LinkError) -> String? {
        if let moved { return moved(path, id) }
        try findMoves([path], from: id)
        return movesFrom[id]?[path] ?? nil
    }

    /// Finds where files of `paths` at commit `id` were moved after it (when the caller gave no moves):
    /// only a file `at` still has, but with more than half of the commit's lines gone and less of its
    /// code kept than gained (not split: ``Linker/keepsItsCode(_:text:hunks:)``), is looked for
    /// elsewhere, all of a commit's at once (``Linker/movedAway(_:from:to:)``); remembered per commit
    /// and path.
    private func findMoves(_ paths: some Collection<String>, from id: ObjectID) throws(LinkError) {
        guard moved == nil, renamed == nil, id != at else { return }
        let known = movesFrom[id] ?? [:]
        let asked = paths.filter { known[$0] == nil }
        guard !asked.isEmpty else { return }
        let tree = try linker.git { () throws(GitError) in try linker.repository.commit(id).tree() }
        var rewritten: [String] = []
        for path in asked {
            guard tree.containsFile(path), atTree.containsFile(path), let oldID = tree.entryID(at: path),
                  let newID = atTree.entryID(at: path), oldID != newID else { continue }
            let (hunks, old) = try diff(oldID, newID, atPath: path)
            guard Linker.mostlyRewritten(gone: hunks.reduce(0) { $0 + $1.oldCount }, of: Linker.lineCount(old)) else { continue }
            // A file that keeps its code at `at` was split, not moved away.
            let new: Blob
            if let hit = atBlobs[path], hit.id == newID { new = hit } else { new = try linker.git { () throws(GitError) in try linker.repository.blob(newID) } }
            if !Linker.keepsItsCode(path, text: TextLines(new.text), hunks: hunks) { rewritten.append(path) }
        }
        let found = rewritten.isEmpty ? [:] : try linker.movedAway(rewritten, from: tree, to: atTree)
        for path in asked { movesFrom[id, default: [:]][path] = .some(found[path]) }
    }

    /// Lines per path at commit `id` carried to `at`: those of files `at` has (under their path there),
    /// and, apart, those of files it no longer has, as `id` numbers them. Paths left with no line are
    /// dropped.
    func forward(_ lines: [String: Set<Int>], from id: ObjectID) throws(LinkError) -> (atAt: [String: Set<Int>], notAt: [String: Set<Int>]) {
        var atAt: [String: Set<Int>] = [:], notAt: [String: Set<Int>] = [:]
        try findMoves(lines.keys, from: id)
        for (path, set) in lines {
            guard let target = try self.path(path, from: id) else { notAt[path] = set; continue }
            let moved = try self.lines(set, of: path, from: id, atPath: target)
            if !moved.isEmpty { atAt[target, default: []].formUnion(moved) }
        }
        return (atAt, notAt)
    }

    /// The renames from commit `id`'s tree to `at`'s, as git's `-M` pairs them.
    private func renames(from id: ObjectID) throws(LinkError) -> [String: String] {
        if let hit = renamesFrom[id] { return hit }
        let repo = linker.repository
        let deltas = try linker.git { () throws(GitError) in
            try repo.diff(from: repo.commit(id).tree(), to: atTree, options: DiffOptions(contextLines: 0)).deltas()
        }
        var out: [String: String] = [:]
        for d in deltas where d.status == .renamed { out[d.oldPath] = d.newPath }
        renamesFrom[id] = out
        return out
    }

    /// `lines` of a diff's old side, numbered as its new side numbers them; lines inside a hunk's old
    /// range (deleted or changed) drop out. `hunks` have no context lines (as `git diff -U0`: a pure
    /// insertion's old start is the line it follows).
    static func map(_ lines: Set<Int>, through hunks: [DiffHunk], keepingChanged: Bool = false) -> Set<Int> {
        let sorted = hunks.sorted { $0.oldStart < $1.oldStart }
        var out = Set<Int>()
        var h = 0, shift = 0
        for line in lines.sorted() {
            while h < sorted.count {
                let k = sorted[h]
                let last = k.oldCount == 0 ? k.oldStart : k.oldStart + k.oldCount - 1
                guard last < line else { break }
                shift += k.newCount - k.oldCount
                h += 1
            }
            if h < sorted.count, sorted[h].oldCount > 0, line >= sorted[h].oldStart {
                // `keepingChanged`: a changed line stands for the lines that replaced it (the place in
                // the code, for related incidents); a deleted one for the line where it was.
                if keepingChanged {
                    let k = sorted[h]
                    if k.newCount > 0 { out.formUnion(k.newStart...(k.newStart + k.newCount - 1)) } else { out.insert(max(k.newStart, 1)) }
                }
                continue
            }
            out.insert(line + shift)
        }
        return out
    }
}
