import AutohealGit

extension Linker {
    /// SZZ: the lines the fix deleted or changed are blamed at the fix's first parent.
    ///
    /// - The fix is diffed against its parent ignoring whitespace, so re-indented lines are not blamed;
    ///   deleted lines that are blank or comment-only (by file type, told with the whole file's text:
    ///   ``SourceLanguage/codeLines(in:)``) are dropped too.
    /// - **A fix that only adds lines** (a missing check, a forgotten call; also where it replaces
    ///   only blank or comment lines, such as a guard written over a `TODO`) changed no existing line,
    ///   so for each insertion we blame its neighbours in the parent: the nearest line of code above the
    ///   insertion point and the nearest below it (skipping blank and comment lines). The code the fix
    ///   had to be wedged into is what the introducing commit wrote. This only applies when the fix
    ///   deletes no line of code anywhere.
    /// - **A fix that only rewrites comments** (or blank lines, or whitespace) changes nothing the
    ///   contract lets SZZ blame ("blank, whitespace-only and comment-only changes are ignored"): it is
    ///   refused as having nothing to blame (``LinkError/nothingToBlame(_:)``).
    /// - Revisions listed in `.git-blame-ignore-revs` (read at the fix's parent) are seen through.
    /// - A commit that changed another part of a line than the fix does is seen through to the line's
    ///   earlier version (``IncidentalChanges``).
    /// - When the fix changes both code and tests, documentation or packaging (``FileRole``), a blamed
    ///   line of the latter counts a quarter in the ranking: the fix was made for the code.
    /// - Candidates are pruned and ordered by ``RankingPolicy`` (newest first); all of them stay in
    ///   `candidates`.
    public func fix(_ sha: String) throws(LinkError) -> LinkResult {
        let fixID = try resolve(sha)
        let fix = try git { () throws(GitError) in try repository.commit(fixID) }
        guard let parentID = fix.parentIDs.first else { throw .noParent(fixID.short()) }
        do { _ = try repository.commit(parentID) } catch {
            if repository.isShallow || error.code == .notFound { throw .shallowHistory(fixID.short()) }
            throw .git(error)
        }
        let files = try git { () throws(GitError) in try repository.lineDiff(commit: fixID, ignoreWhitespace: true) }
        var deleted: [String: Set<Int>] = [:]
        var around: [String: Set<Int>] = [:]
        var judges: [String: IncidentalChanges] = [:]
        for file in files where file.oldSideHasLines && !file.hunks.isEmpty {
            // Comment lines are told with each side's whole text (a `/* … */` block, a docstring, a code
            // line starting `* `), read only for files the fix changes; line by line where it is not at hand.
            let oldLanguage = SourceLanguage(path: file.oldPath), newLanguage = SourceLanguage(path: file.newPath)
            let oldText = oldLanguage == .other || !LineNoise.scansWholeFile(file.oldPath) ? nil : try fileLines(file.oldPath, at: parentID)
            let old = LineNoise(language: oldLanguage, text: oldText, path: file.oldPath)
            let new = LineNoise(language: newLanguage,
                                text: file.newSideHasLines && newLanguage != .other && LineNoise.scansWholeFile(file.newPath) ? try uncachedLines(file.newPath, at: fixID) : nil,
                                path: file.newPath)
            let isNewCode = { (l: DiffLine) in l.origin == .addition && !new.isNoise(l.newLine ?? 0, l.content) }
            for hunk in file.hunks {
                var code: [(line: Int, text: [UInt8])] = []
                for line in hunk.lines where line.origin == .deletion && !old.isNoise(line.oldLine!, line.content) {
                    code.append((line.oldLine!, Array(line.content.utf8)))
                }
                if !code.isEmpty {
                    deleted[file.oldPath, default: []].formUnion(code.map(\.line))
                    let added = hunk.lines.filter(isNewCode).map { Array($0.content.utf8) }
                    if !added.isEmpty {
                        let judge = IncidentalChanges(deleted: code, added: added)
                        judges[file.oldPath] = judges[file.oldPath].map { $0.merging(judge) } ?? judge
                    }
                } else if hunk.lines.contains(where: isNewCode) {
                    // Code added in place of nothing, or of blank or comment lines only (a guard where a
                    // blank line or a TODO was): an insertion, whose neighbours are blamed.
                    let content: TextLines
                    if let oldText { content = oldText } else { content = try fileLines(file.oldPath, at: parentID) }
                    var up = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
                    while up >= 1, up <= content.count, old.isNoise(up, String(content[up - 1])) { up -= 1 }
                    if up >= 1, up <= content.count { around[file.oldPath, default: []].insert(up) }
                    var down = hunk.oldCount == 0 ? hunk.oldStart + 1 : hunk.oldStart + hunk.oldCount
                    while down <= content.count, old.isNoise(down, String(content[down - 1])) { down += 1 }
                    if down <= content.count { around[file.oldPath, default: []].insert(down) }
                }
            }
        }
        let targets = !deleted.isEmpty ? deleted : around
        // An empty, whitespace-only or comment-only fix: an empty link would only overwrite a good one.
        guard !targets.isEmpty else {
            let newFiles = files.filter { $0.status == .added && $0.newSideHasLines }.map(\.newPath)
            if !newFiles.isEmpty, files.allSatisfy({ $0.status == .added || !$0.oldSideHasLines }) {
                throw .onlyNewFiles(fixID.short(), paths: newFiles)
            }
            throw .nothingToBlame(fixID.short())
        }
        let ignored = try ignoredRevisions(at: parentID)
        let origins = try trace(targets, at: parentID, ignored: ignored, judges: judges)
        let (all, input, authors) = try candidates(from: origins, weight: Self.lineWeight(targets.keys))
        let chosen = Set(policy.select(input).map(\.id))
        let paths = try codePaths(targets, at: parentID)
        return LinkResult(method: "fix", at: parentID.hex, introducing: all.filter { chosen.contains($0.commit) },
                          candidates: all, paths: paths, owners: try owners(paths, at: parentID, authors: authors))
    }

    /// The lines of a file at a commit, to tell its comment lines (the version a fix or a named commit
    /// left); not cached, as nothing else reads that version. Nil when it cannot be read as a file.
    func uncachedLines(_ path: String, at id: ObjectID) throws(LinkError) -> TextLines? {
        try git { () throws(GitError) in try repository.blob(at: path, in: id) }.map { TextLines($0.text) }
    }

    /// How much a blamed line counts in the ranking: when the fix changes both code and supporting
    /// files (tests, documentation, packaging; ``FileRole``), a line of a supporting file counts a
    /// quarter of a line of code. Otherwise every line counts the same.
    static func lineWeight(_ paths: some Sequence<String>) -> (LineOrigin) -> Int {
        let roles = Set(paths.map(FileRole.init(path:)))
        guard roles.count > 1 else { return { _ in 1 } }
        return { FileRole(path: $0.path) == .code ? supportingLineShare : 1 }
    }

    /// A line of code weighs this many lines of a supporting file.
    static let supportingLineShare = 4

    /// The commits listed in `.git-blame-ignore-revs` at a commit; its lines may end with `\n` or `\r\n`.
    /// As in git's `blame.ignoreRevsFile`, a line holds one full object name (40 hex digits, either
    /// case; an annotated tag's stands for its commit) and may be blank or end in a `#` comment. Any
    /// other line — an abbreviated id, `HEAD~1`, `:/message` — is skipped, never resolved as a
    /// revision expression (git stops with "invalid object name"; one `:/regex` line would search
    /// the whole history).
    public func ignoredRevisions(at id: ObjectID) throws(LinkError) -> Set<ObjectID> {
        guard let blob = try git({ () throws(GitError) in try repository.blob(at: ".git-blame-ignore-revs", in: id) }) else { return [] }
        var out: Set<ObjectID> = []
        for raw in blob.text.splitLines() {
            let line = (raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingWhitespace
            guard let listed = ObjectID(hex: String(line)) else { continue }
            // A full object name resolves without a search: it is read, and a tag peeled to its commit.
            out.insert((try? repository.resolveCommit(listed.hex)) ?? listed)
        }
        return out
    }
}
