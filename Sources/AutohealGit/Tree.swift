import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// A tree object (a directory snapshot).
public final class Tree {
    let pointer: OpaquePointer
    /// The repository the tree was read from.
    public let repository: Repository

    init(_ pointer: OpaquePointer, _ repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_tree_free(pointer) }

    /// The tree's id.
    public var id: ObjectID { ObjectID(git_tree_id(pointer)) }

    /// The id of the blob (or subtree) at `path`, or `nil` when nothing is there.
    public func entryID(at path: String) -> ObjectID? {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, pointer, path) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        return ObjectID(git_tree_entry_id(entry))
    }

    /// True when `path` names a file (blob) in this tree.
    public func containsFile(_ path: String) -> Bool {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, pointer, path) == 0, let entry else { return false }
        defer { git_tree_entry_free(entry) }
        return git_tree_entry_type(entry) == GIT_OBJECT_BLOB
    }

    /// Every file path in the tree, recursively, in git's order.
    public func allFilePaths() throws(GitError) -> [String] {
        final class Box { var paths: [String] = [] }
        let box = Box()
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        let rc = git_tree_walk(pointer, GIT_TREEWALK_PRE, { root, entry, payload in
            guard let entry, let payload else { return 0 }
            if git_tree_entry_type(entry) == GIT_OBJECT_BLOB {
                let box = Unmanaged<AnyObject>.fromOpaque(payload).takeUnretainedValue() as! Box
                box.paths.append(String(cString: root!) + String(cString: git_tree_entry_name(entry)))
            }
            return 0
        }, unmanaged.toOpaque())
        try check(rc, "list the files of tree \(id.short())")
        return box.paths
    }
}

/// A blob: a file's content.
public final class Blob {
    let pointer: OpaquePointer
    public let repository: Repository

    init(_ pointer: OpaquePointer, _ repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_blob_free(pointer) }

    /// The blob's id.
    public var id: ObjectID { ObjectID(git_blob_id(pointer)) }
    /// True when the content is not worth showing as text (libgit2's `git_blob_is_binary`: a NUL byte,
    /// many non-printable bytes or a UTF-16/32 byte-order mark in the first 8000 bytes). Diffs and traces
    /// use git's narrower rule instead, ``BlobBytes/isBinary``, so they see what git blame sees.
    public var isBinary: Bool { git_blob_is_binary(pointer) == 1 }
    /// The raw bytes.
    public var bytes: [UInt8] {
        let size = Int(git_blob_rawsize(pointer))
        guard size > 0, let raw = git_blob_rawcontent(pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
    /// The content decoded as UTF-8 (invalid bytes repaired).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A blob's bytes, read in place: valid only while the blob lives (pass the blob along as a parameter,
/// which the caller keeps alive). No blob reads as empty.
struct BlobBytes {
    let start: UnsafePointer<UInt8>
    let count: Int

    init(_ blob: Blob?) {
        if let blob, let raw = git_blob_rawcontent(blob.pointer) {
            start = raw.assumingMemoryBound(to: UInt8.self)
            count = Int(git_blob_rawsize(blob.pointer))
        } else {
            start = ("" as StaticString).utf8Start
            count = 0
        }
    }

    /// How many leading bytes git searches for a NUL.
    static let binaryProbe = 8000

    /// True when a NUL byte occurs among the first 8000 bytes. This follows git (`buffer_is_binary`, used
    /// by blame and diff); libgit2's `git_blob_is_binary` also calls NUL-free content binary when it
    /// has many non-printable bytes or a UTF-16/32 byte-order mark.
    var isBinary: Bool { memchr(start, 0, min(count, Self.binaryProbe)) != nil }

    /// The bytes of the lines numbered `range` (1-based), without their line endings; fewer when the
    /// content ends first.
    func lines(_ range: Range<Int>) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var offset = 0
        var number = 1
        while offset < count, number < range.upperBound {
            let rest = count - offset
            let end = memchr(start + offset, 0x0A, rest).map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? count
            if number >= range.lowerBound { out.append(Array(UnsafeBufferPointer(start: start + offset, count: end - offset))) }
            offset = end + 1
            number += 1
        }
        return out
    }
}
