import AutohealGit
#if canImport(Glibc)
import Glibc
#endif

/// A file moved away while a new file took its name ("move the code, keep a shim": `a.py` moved to
/// `b.py`, and a small `a.py` importing it left behind). Git, and libgit2, report that as `a.py`
/// modified into the shim and `b.py` added, with no rename, unless rewrites are broken (`git diff -B -M`):
/// lines carried across it went into the shim instead of the moved code.
///
/// Rewrite breaking reads and fingerprints every changed file, so it only runs where a file could have
/// been moved away: one that is still there but lost more than half of its lines
/// (``mostlyRewritten(gone:of:)``), beside a file that is new.
///
/// A file split in two (part of it moved to a new file, the rest left unchanged where it was) is no move
/// either, though `git diff -B -M` pairs it with the new file as it would a shim: the old path keeps
/// more code lines of the file unchanged than it gains (``keepsItsCode(_:text:hunks:)``), where a shim
/// keeps next to none. Its name stays the file's; the new file is new.
extension Linker {
    /// Whether a file lost more than half of its `lines` lines, `gone` of them deleted or changed.
    static func mostlyRewritten(gone: Int, of lines: Int) -> Bool { lines > 0 && gone * 2 > lines }

    /// The number of lines of a blob (a last line without a newline counts).
    static func lineCount(_ blob: Blob) -> Int {
        blob.bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            var n = 0, offset = 0
            while offset < bytes.count, let hit = memchr(base + offset, 10, bytes.count - offset) {
                offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                n += 1
            }
            return offset < bytes.count ? n + 1 : n
        }
    }

    /// Whether the version of `path` after a change (`text`), whose lines `hunks` added or changed (a
    /// diff with the version before, no context lines), keeps more code lines of the old version
    /// unchanged than it gains: the file stayed at `path` (a split), rather than a shim taking its name.
    /// Blank and comment lines (a licence header a shim keeps) count for neither.
    static func keepsItsCode(_ path: String, text: TextLines, hunks: [DiffHunk]) -> Bool {
        let noise = LineNoise(language: SourceLanguage(path: path), text: text, path: path)
        var gained = Set<Int>()
        for h in hunks where h.newCount > 0 { gained.formUnion(h.newStart..<h.newStart + h.newCount) }
        var kept = 0, new = 0
        for i in text.indices where !noise.isNoise(i + 1, String(text[i])) {
            if gained.contains(i + 1) { new += 1 } else { kept += 1 }
        }
        return kept > new
    }

    /// The line count of `path` in commit `id`'s tree, nil when it is no file there.
    func lineCount(_ path: String, at id: ObjectID) throws(LinkError) -> Int? {
        try git { () throws(GitError) in try repository.blob(at: path, in: id) }.map(Self.lineCount)
    }

    /// Where the files `paths`, in both `old` and `new` but mostly rewritten in between, moved: for each,
    /// the file `new` adds that `git diff -B -M` pairs with its old content; a file whose old content
    /// went nowhere (an ordinary rewrite) is left out. A tree-level diff (no blob read) lists the files
    /// added and deleted; rename detection then runs over just those and `paths` (over the whole diff
    /// when there are too many of them to name).
    func movedAway(_ paths: [String], from old: Tree, to new: Tree) throws(LinkError) -> [String: String] {
        let repo = repository
        let deltas = try git { () throws(GitError) in try repo.diff(from: old, to: new, options: DiffOptions(contextLines: 0, detectRenames: false)).deltas() }
        let added = deltas.filter { $0.status == .added }
        guard !added.isEmpty, !paths.isEmpty else { return [:] }
        let pool = paths + added.map(\.newPath) + deltas.filter { $0.status == .deleted }.map(\.oldPath)
        let options = DiffOptions(contextLines: 0, ignoreWhitespace: true, paths: pool.count <= Self.maxMovePool ? pool : [], breakRewrites: true)
        let wanted = Set(paths)
        var out: [String: String] = [:]
        for d in try git({ () throws(GitError) in try repo.diff(from: old, to: new, options: options).deltas() })
        where d.status == .renamed && wanted.contains(d.oldPath) {
            out[d.oldPath] = d.newPath
        }
        return out
    }

    /// The files of commit `id`'s diff (`files`, against its first parent `parent`) that may have been
    /// moved away while a new file took their name, so that the commit is worth diffing again with
    /// rewrites broken: it adds a file, and these it modifies lost more than half of their lines, and
    /// keep less of their code than they gain (``keepsItsCode(_:text:hunks:)``: not a split).
    func mayMoveAway(_ files: [FileDiff], id: ObjectID, parent: ObjectID?) throws(LinkError) -> Set<String> {
        guard let parent, files.contains(where: { $0.status == .added && $0.newSideHasLines }) else { return [] }
        var out = Set<String>()
        for f in files where f.status == .modified && f.oldSideHasLines && f.newSideHasLines {
            let gone = f.hunks.reduce(0) { $0 + $1.oldCount }
            guard gone > 0, let lines = try lineCount(f.oldPath, at: parent), Self.mostlyRewritten(gone: gone, of: lines),
                  let text = try uncachedLines(f.newPath, at: id), !Self.keepsItsCode(f.newPath, text: text, hunks: f.hunks) else { continue }
            out.insert(f.oldPath)
        }
        return out
    }

    /// Above this many files (moved, added and deleted), rename detection for moved files runs over the whole diff.
    static let maxMovePool = 256
}
