import AutohealGit

extension Linker {
    /// `--revert`: the commit a revert undid is the introducer. Read from "This reverts commit X." in the
    /// message, else found as the recent commit whose change the revert exactly undoes.
    public func revert(_ sha: String) throws(LinkError) -> LinkResult {
        let revertID = try resolve(sha)
        let reverted = try revertedCommit(of: revertID)
        var result = try commits([reverted.hex])
        result.method = "revert"
        return result
    }

    /// `--commit`: the named commits are the introducers; the lines they added or changed (and, where a
    /// commit only deleted code, the lines either side of the deletion) are the code paths.
    ///
    /// The result is stated at the newest named commit: the lines of the others are carried there
    /// (``LineForwarder``), so all paths are numbered in one revision; a file it no longer has keeps the
    /// numbers of the commit that changed it, and is read there.
    public func commits(_ shas: [String]) throws(LinkError) -> LinkResult {
        var ids: [ObjectID] = []
        for s in shas { let id = try resolve(s); if !ids.contains(id) { ids.append(id) } }
        var introducing: [(LinkResult.Introducing, Int64)] = []
        var changed: [(id: ObjectID, lines: [String: Set<Int>])] = []
        var authors: [String: Int] = [:]
        var newest: ObjectID?
        var newestTime = Int64.min
        for id in ids {
            let added = try addedLines(by: id, aroundDeletions: true, wholeFiles: true)
            var (entry, time) = try info(id)
            entry.lines = added.values.reduce(0) { $0 + $1.count }
            authors[entry.author, default: 0] += entry.lines
            introducing.append((entry, time))
            // The newest; of two made in the same second, the later in history.
            if time > newestTime || time == newestTime && newest.map({ (try? repository.isAncestor($0, of: id)) == true }) == true {
                newestTime = time; newest = id
            }
            changed.append((id, added))
        }
        introducing.sort { $0.1 > $1.1 }
        // Stated at the newest commit when it holds all the others; commits on diverged branches (a
        // side branch and main, say) are stated at HEAD when it holds them all (their merge), else each
        // keeps its own numbers — carried to a version that never had them, their lines would drop out.
        func holdsAll(_ tip: ObjectID) -> Bool {
            ids.allSatisfy { $0 == tip || (try? repository.isAncestor($0, of: tip)) == true }
        }
        var at = newest!
        if !holdsAll(at), let head = try? repository.headCommitID(), holdsAll(head) { at = head }
        let forwarder = try LineForwarder(self, at: at)
        var atAt: [String: Set<Int>] = [:]
        var paths: [LinkResult.CodePath] = []
        for (id, lines) in changed {
            guard id == at || (try? repository.isAncestor(id, of: at)) == true else {
                paths += try codePaths(lines, at: id)
                continue
            }
            let (moved, gone) = try forwarder.forward(lines, from: id)
            atAt.merge(moved) { $0.union($1) }
            paths += try codePaths(gone, at: id)
        }
        paths = mergePaths(paths + (try codePaths(atAt, at: at)))
        return LinkResult(method: "commit", at: at.hex, introducing: introducing.map(\.0), paths: paths,
                          owners: try owners(paths, at: at, authors: authors))
    }

    /// The new-side line numbers a commit added or changed, per path (noise lines dropped). With
    /// `aroundDeletions`, also, where a hunk only deletes and deletes code, the new-side lines either
    /// side of the deletion: a commit that removed a guard touched the code around it.
    func addedLines(by id: ObjectID, aroundDeletions: Bool = false, wholeFiles: Bool = false) throws(LinkError) -> [String: Set<Int>] {
        try changes(by: id, aroundDeletions: aroundDeletions, wholeFiles: wholeFiles).lines
    }

    /// ``addedLines(by:aroundDeletions:)``, the files the commit renamed (old path, new path), and apart
    /// those it moved away while a new file took their name (``movedAway(_:from:to:)``: the commit is
    /// then diffed with rewrites broken, so the moved file's lines are those changed in the move, and
    /// the new file's all its own). With `wholeFiles`, comment lines are told with each changed file's
    /// whole text on both sides of the commit (``SourceLanguage/codeLines(in:)``), else line by line (a
    /// deploy's many commits).
    func changes(by id: ObjectID, aroundDeletions: Bool = false, wholeFiles: Bool = false) throws(LinkError)
        -> (lines: [String: Set<Int>], renames: [(from: String, to: String)], moves: [(from: String, to: String)]) {
        var files = try git { () throws(GitError) in
            try repository.diff(commit: id, options: DiffOptions(contextLines: 0, ignoreWhitespace: true)).files()
        }
        let parent = try git { () throws(GitError) in try repository.commit(id).parentIDs.first }
        let movable = try mayMoveAway(files, id: id, parent: parent)
        if !movable.isEmpty {
            var broken = try git { () throws(GitError) in
                try repository.diff(commit: id, options: DiffOptions(contextLines: 0, ignoreWhitespace: true, breakRewrites: true)).files()
            }
            // A file paired with a new one though it keeps its code (split, not moved away) is read as
            // the plain diff reads it: modified, beside a new file.
            let brokenAdded = Set(broken.filter { $0.status == .added }.map(\.newPath))
            let splits = broken.filter { $0.status == .renamed && brokenAdded.contains($0.oldPath) && !movable.contains($0.oldPath) }
            if !splits.isEmpty {
                let names = Set(splits.flatMap { [$0.oldPath, $0.newPath] })
                broken = broken.filter { !names.contains($0.newPath) } + files.filter { names.contains($0.newPath) }
            }
            files = broken
        }
        let addedPaths = Set(files.filter { $0.status == .added }.map(\.newPath))
        var out: [String: Set<Int>] = [:]
        var renames: [(from: String, to: String)] = [], moves: [(from: String, to: String)] = []
        for f in files where f.newSideHasLines {
            if f.status == .renamed {
                if addedPaths.contains(f.oldPath) { moves.append((f.oldPath, f.newPath)) } else { renames.append((f.oldPath, f.newPath)) }
            }
            guard !f.hunks.isEmpty else { continue }
            let newLanguage = SourceLanguage(path: f.newPath), oldLanguage = SourceLanguage(path: f.oldPath)
            let new = LineNoise(language: newLanguage, text: wholeFiles && newLanguage != .other && LineNoise.scansWholeFile(f.newPath) ? try uncachedLines(f.newPath, at: id) : nil,
                                path: f.newPath)
            var old: LineNoise?                 // read only for a hunk that only deletes
            var newLineCount: Int?              // the same
            for h in f.hunks {
                for l in h.lines where l.origin == .addition && !new.isNoise(l.newLine!, l.content) { out[f.newPath, default: []].insert(l.newLine!) }
                guard aroundDeletions, h.newCount == 0, h.oldCount > 0 else { continue }
                if old == nil {
                    let text = wholeFiles && oldLanguage != .other && f.oldSideHasLines && LineNoise.scansWholeFile(f.oldPath) ? try parent.flatMap { (p) throws(LinkError) in try uncachedLines(f.oldPath, at: p) } : nil
                    old = LineNoise(language: oldLanguage, text: text, path: f.oldPath)
                }
                if h.lines.contains(where: { $0.origin == .deletion && !old!.isNoise($0.oldLine!, $0.content) }) {
                    // A deletion's hunk starts at the new-side line before it (0 at the top of the file;
                    // the last line at its end, where no line follows).
                    if newLineCount == nil { newLineCount = try lineCount(f.newPath, at: id) ?? 0 }
                    for line in [h.newStart, h.newStart + 1] where line >= 1 && line <= newLineCount! { out[f.newPath, default: []].insert(line) }
                }
            }
        }
        return (out, renames, moves)
    }

    func mergePaths(_ paths: [LinkResult.CodePath]) -> [LinkResult.CodePath] {
        var byPath: [String: LinkResult.CodePath] = [:]
        for p in paths {
            if var e = byPath[p.path] {
                e.lines = LineRanges.merge(ranges: e.lines + p.lines)
                for f in p.functions where !e.functions.contains(f) { e.functions.append(f) }
                byPath[p.path] = e
            } else { byPath[p.path] = p }
        }
        return byPath.keys.sorted().map { byPath[$0]! }
    }

    /// The commit a revert undid: the one its message names (`This reverts commit X.`) when X is in
    /// the revert's history, else the one whose change its tree undoes. A message naming a commit the
    /// revert's history lacks — rewritten by a rebase after the revert was made (the original clone
    /// still holds the orphan; a fresh clone does not), or a tree or blob — falls back to the tree.
    func revertedCommit(of revertID: ObjectID) throws(LinkError) -> ObjectID {
        let revert = try git { () throws(GitError) in try repository.commit(revertID) }
        let message = revert.message
        var named: String?
        if let r = message.firstRange(of: "This reverts commit ") {
            let hex = message[r.upperBound...].prefix(while: { $0.isHexDigit })
            if hex.count >= 7 {
                named = String(hex)
                if let id = try? repository.resolveCommit(String(hex)), id != revertID,
                   (try? repository.isAncestor(id, of: revertID)) == true {
                    return id
                }
            }
        }
        if let undone = try commitUndone(by: revert, id: revertID) { return undone }
        guard let named else { throw .notARevert(revertID.short()) }
        if repository.isShallow { throw .shallowHistory(named) }
        throw .revertedNotInHistory(revertID.short(), named: named)
    }

    /// The commit of the revert's first-parent history whose change the revert's tree undoes, file for
    /// file, or nil.
    private func commitUndone(by revert: Commit, id revertID: ObjectID) throws(LinkError) -> ObjectID? {
        guard let parentID = revert.parentIDs.first else { return nil }
        let files = try git { () throws(GitError) in
            try repository.diff(commit: revertID, options: DiffOptions(detectRenames: false)).files(withLines: false)
        }
        guard !files.isEmpty else { return nil }
        let walk = try git { () throws(GitError) in try RevWalk(repository, firstParentOnly: true) }
        try git { () throws(GitError) in try walk.push(parentID) }
        let revertTree = try git { () throws(GitError) in try revert.tree() }
        let parentTree = try git { () throws(GitError) in try repository.commit(parentID).tree() }
        var seen = 0
        while seen < 5000, let id = try git({ () throws(GitError) in try walk.next() }) {
            seen += 1
            let c = try git { () throws(GitError) in try repository.commit(id) }
            guard c.parentCount == 1 else { continue }
            let tree = try git { () throws(GitError) in try c.tree() }
            let before = try git { () throws(GitError) in try c.parent(0).tree() }
            let undone = files.allSatisfy { f in
                tree.entryID(at: f.oldPath) == parentTree.entryID(at: f.oldPath)
                    && before.entryID(at: f.newPath) == revertTree.entryID(at: f.newPath)
            }
            if undone { return id }
        }
        return nil
    }
}
