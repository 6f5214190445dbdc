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

    /// Whether a commit's diff (`files`, against its first parent `parent`) may hold a file moved away
    /// while a new file took its name, so that it is worth diffing again with rewrites broken: it adds a
    /// file, and a file it modifies lost more than half of its lines.
    func mayMoveAway(_ files: [FileDiff], parent: ObjectID?) throws(LinkError) -> Bool {
        guard let parent, files.contains(where: { $0.status == .added && $0.newSideHasLines }) else { return false }
        for f in files where f.status == .modified && f.oldSideHasLines && f.newSideHasLines {
            let gone = f.hunks.reduce(0) { $0 + $1.oldCount }
            guard gone > 0, let lines = try lineCount(f.oldPath, at: parent) else { continue }
            if Self.mostlyRewritten(gone: gone, of: lines) { return true }
        }
        return false
    }

    /// Above this many files (moved, added and deleted), rename detection for moved files runs over the whole diff.
    static let maxMovePool = 256
}
