import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// Whether `ancestor` is reachable from `descendant` (or is the same commit) — `git merge-base --is-ancestor`.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var a = ancestor.raw, d = descendant.raw
        let rc = git_graph_descendant_of(pointer, &d, &a)
        if rc < 0 { throw GitError.last(rc, "check whether \(ancestor.short()) is an ancestor of \(descendant.short())") }
        return rc == 1
    }

    /// Whether an object with this id exists in the object database.
    public func hasObject(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0, let odb else { return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }
}

/// One commit met on a first-parent walk; its message bytes are valid only during the visit.
public struct FirstParentStep {
    public let id: ObjectID
    public let parentCount: Int
    /// Committer time, seconds since the epoch.
    public let time: Int64
    /// The raw message bytes (no terminating NUL).
    public let message: UnsafeBufferPointer<UInt8>

    /// Whether the message contains `needle` (bytes, case-sensitive), without building a `String`.
    public func messageContains(_ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, message.count >= n else { return false }
        let first = needle[0]
        var i = 0
        let last = message.count - n
        while i <= last {
            if message[i] == first {
                var j = 1
                while j < n, message[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }
}

extension Repository {
    /// Walks the first-parent chain from `tip` towards the root, reading each commit once, until it
    /// reaches `stop` (not visited) or the root. `visit` returns `false` to stop early.
    ///
    /// Cheaper than a sorted revwalk followed by lookups: the history is read exactly once, in the order
    /// git stores it, which is what lets `sync` keep pace with `git log --first-parent`.
    public func walkFirstParents(from tip: ObjectID, stop: ObjectID?, _ visit: (FirstParentStep) throws -> Bool) throws {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "open the object database")
        defer { git_odb_free(odb) }
        var next: ObjectID? = tip
        while let id = next, id != stop {
            var raw = id.raw
            var object: OpaquePointer?
            try check(git_odb_read(&object, odb, &raw), "read commit \(id.short())")
            defer { git_odb_object_free(object) }
            guard git_odb_object_type(object) == GIT_OBJECT_COMMIT, let data = git_odb_object_data(object) else {
                throw GitError(code: .other(-1), message: "not a commit", context: "walk first parents at \(id.short())")
            }
            let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: git_odb_object_size(object))
            let header = RawCommitHeader(bytes)
            let keepGoing = try visit(FirstParentStep(id: id, parentCount: header.parentCount, time: header.committerTime,
                                                      message: UnsafeBufferPointer(rebasing: bytes[header.messageStart...])))
            guard keepGoing, let parent = header.firstParent else { return }
            next = parent
        }
    }
}

/// The header of a raw commit object: `tree`, `parent` lines, `author`, `committer`, then a blank line
/// and the message. Parsed directly so a long walk reads each commit once, without libgit2's cache.
struct RawCommitHeader {
    var firstParent: ObjectID?
    var parentCount = 0
    var committerTime: Int64 = 0
    var messageStart: Int

    init(_ b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        messageStart = b.count
        while i < b.count {
            var end = i
            while end < b.count, b[end] != 0x0A { end += 1 }
            if end == i { messageStart = min(end + 1, b.count); return }
            if Self.hasPrefix(b, i, "parent ") {
                parentCount += 1
                if firstParent == nil, end - i >= 47 {
                    firstParent = ObjectID(hex: String(decoding: UnsafeBufferPointer(rebasing: b[(i + 7)..<(i + 47)]), as: UTF8.self))
                }
            } else if Self.hasPrefix(b, i, "committer ") {
                // "committer Name <email> 1700000000 +0000": the time is the second-to-last field.
                var j = end - 1
                while j > i, b[j] != 0x20 { j -= 1 }
                var k = j - 1
                while k > i, b[k] != 0x20 { k -= 1 }
                var t: Int64 = 0
                for p in (k + 1)..<j where b[p] >= 48 && b[p] <= 57 { t = t * 10 + Int64(b[p] - 48) }
                committerTime = t
            }
            i = end + 1
        }
    }

    static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard at + n <= b.count else { return false }
        for k in 0..<n where b[at + k] != prefix.utf8Start[k] { return false }
        return true
    }
}
