import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// Object access for the line tracer, which visits every commit between the traced one and the commits
/// that last touched its lines — usually thousands. Per commit it needs only the header (tree, parents,
/// committer time) and the id of one path in its tree, so both are read straight from the object
/// database (no libgit2 object parsing, no `git_tree_entry` allocations) and cached:
///
/// - commit headers by id, from git's commit-graph when there is one (``CommitGraph``), else from
///   autoheal's own cache (``CommitHeaderCache``), else parsed with ``RawCommitHeader`` (tree and parent
///   lines are at fixed offsets) and noted for that cache;
/// - path lookups by (tree id, path): a subtree that did not change between two commits is looked up
///   once, so a commit that touched another directory costs one root-tree read.
final class TraceObjects {
    typealias CommitInfo = CommitHeader

    struct Entry: Equatable {
        var id: ObjectID
        /// A file (regular, executable or symlink), as opposed to a directory or submodule.
        var isFile: Bool
    }

    private struct EntryKey: Hashable {
        var tree: ObjectID
        var path: String
    }

    let repository: Repository
    private let odb: OpaquePointer
    private var commits: [ObjectID: CommitInfo] = [:]
    private var entries: [EntryKey: Entry?] = [:]

    init(_ repository: Repository) throws(GitError) {
        self.repository = repository
        var o: OpaquePointer?
        try check(git_repository_odb(&o, repository.pointer), "open the object database")
        odb = o!
    }

    deinit { git_odb_free(odb) }

    /// Reads one object; `body` sees its type and bytes (valid only during the call).
    private func read<R>(_ id: ObjectID, _ what: String,
                         _ body: (git_object_t, UnsafeBufferPointer<UInt8>) throws(GitError) -> R) throws(GitError) -> R {
        var raw = id.raw
        var object: OpaquePointer?
        let rc = git_odb_read(&object, odb, &raw)
        if rc < 0 { throw GitError.last(rc, "read \(what) \(id.short())") }
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        let data = git_odb_object_data(object)
        let bytes = UnsafeBufferPointer(start: data?.assumingMemoryBound(to: UInt8.self), count: data == nil ? 0 : size)
        return try body(git_odb_object_type(object), bytes)
    }

    /// The header of a commit, cached: from git's commit-graph when it holds the commit (no object to
    /// inflate), else from the object itself.
    func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        if let hit = commits[id] { return hit }
        if let found = repository.commitGraph?.commit(id) {
            commits[id] = found
            return found
        }
        if let cached = repository.commitCache?.header(id) {
            commits[id] = cached
            return cached
        }
        let info = try read(id, "commit") { (type, b) throws(GitError) -> CommitInfo in
            guard type == GIT_OBJECT_COMMIT else {
                throw GitError(code: .other(-1), message: "\(id.short()) is not a commit", context: "read commit")
            }
            // "tree <40 hex>\n" then one "parent <40 hex>\n" per parent, in order, as git writes them.
            let header = RawCommitHeader(b)
            guard let tree = Self.hexID(b, at: 5, after: "tree ") else {
                throw GitError(code: .other(-1), message: "malformed commit \(id.short())", context: "read commit")
            }
            var parents: [ObjectID] = []
            parents.reserveCapacity(header.parentCount)
            for i in 0..<header.parentCount {
                guard let p = Self.hexID(b, at: 46 + 48 * i + 7, after: "parent ") else {
                    throw GitError(code: .other(-1), message: "malformed commit \(id.short())", context: "read commit")
                }
                parents.append(p)
            }
            return CommitInfo(tree: tree, parents: parents, time: header.committerTime)
        }
        commits[id] = info
        repository.noteParsed(id, info)
        return info
    }

    /// The entry at `path` (slash-separated) in the tree `tree`, or `nil` when nothing is there. Cached
    /// per (tree, remaining path) at every level.
    func entry(_ path: String, inTree tree: ObjectID) throws(GitError) -> Entry? {
        let key = EntryKey(tree: tree, path: path)
        if let hit = entries[key] { return hit }
        let name: Substring
        let rest: Substring?
        if let slash = path.firstIndex(of: "/") {
            name = path[..<slash]
            rest = path[path.index(after: slash)...]
        } else {
            name = Substring(path)
            rest = nil
        }
        var result: Entry? = try find(name, inTree: tree)
        if let rest, let found = result {
            result = found.isFile || rest.isEmpty ? nil : try entry(String(rest), inTree: found.id)
        }
        entries[key] = result
        return result
    }

    /// Scans a raw tree (`<octal mode> <name>\0<20-byte id>` entries) for one name.
    private func find(_ name: Substring, inTree tree: ObjectID) throws(GitError) -> Entry? {
        var wanted = Array(name.utf8)
        return try wanted.withUnsafeMutableBufferPointer { (n) throws(GitError) -> Entry? in
            try read(tree, "tree") { (type, b) throws(GitError) -> Entry? in
                guard type == GIT_OBJECT_TREE else { return nil }
                var i = 0
                while i < b.count {
                    let modeStart = i
                    while i < b.count, b[i] != 0x20 { i += 1 }
                    let nameStart = i + 1
                    var end = nameStart
                    while end < b.count, b[end] != 0 { end += 1 }
                    guard end + 21 <= b.count else { return nil }
                    if end - nameStart == n.count, memcmp(b.baseAddress! + nameStart, n.baseAddress!, n.count) == 0 {
                        // Files are 100644, 100755 and 120000; 40000 is a tree, 160000 a submodule.
                        let isFile = b[modeStart] == 0x31 && !(i - modeStart == 6 && b[modeStart + 1] == 0x36)
                        let id = (b.baseAddress! + end + 1).withMemoryRebound(to: git_oid.self, capacity: 1) { ObjectID($0.pointee) }
                        return Entry(id: id, isFile: isFile)
                    }
                    i = end + 21
                }
                return nil
            }
        }
    }

    /// The object id in 40 hex digits at `offset`, checking the line starts with `prefix`.
    private static func hexID(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, after prefix: StaticString) -> ObjectID? {
        let start = offset - prefix.utf8CodeUnitCount
        guard start >= 0, offset + 40 <= b.count, RawCommitHeader.hasPrefix(b, start, prefix) else { return nil }
        var oid = git_oid()
        let rc = (b.baseAddress! + offset).withMemoryRebound(to: CChar.self, capacity: 40) { git_oid_fromstrn(&oid, $0, 40) }
        return rc == 0 ? ObjectID(oid) : nil
    }
}
