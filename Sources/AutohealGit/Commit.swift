import CLibGit2

/// A person and a moment, as recorded in a commit.
public struct Signature: Sendable, Equatable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// The recorded zone offset in minutes east of UTC.
    public var offsetMinutes: Int

    init(_ sig: UnsafePointer<git_signature>, encoding: String? = nil) {
        name = CommitEncoding.decode(sig.pointee.name, encoding: encoding)
        email = CommitEncoding.decode(sig.pointee.email, encoding: encoding)
        time = Int64(sig.pointee.when.time)
        offsetMinutes = Int(sig.pointee.when.offset)
    }
}

/// A commit object. Keeps its repository alive; frees the libgit2 handle once.
public final class Commit {
    let pointer: OpaquePointer
    /// The repository the commit was read from.
    public let repository: Repository

    init(_ pointer: OpaquePointer, _ repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_commit_free(pointer) }

    /// The commit's id.
    public var id: ObjectID { ObjectID(git_commit_id(pointer)) }
    /// The first line of the message (joined like git's subject when it wraps).
    public var summary: String { git_commit_summary(pointer).map { CommitEncoding.decode($0, encoding: encoding) } ?? "" }
    /// The full message.
    public var message: String { git_commit_message(pointer).map { CommitEncoding.decode($0, encoding: encoding) } ?? "" }
    /// Who wrote the change, and when.
    public var author: Signature { Signature(git_commit_author(pointer), encoding: encoding) }
    /// Who committed it, and when (the landing time for forge-made merges).
    public var committer: Signature { Signature(git_commit_committer(pointer), encoding: encoding) }
    /// The encoding the commit's `encoding` header names (nil: none, meaning UTF-8); its message and
    /// names are read in it.
    public var encoding: String? { git_commit_message_encoding(pointer).map { String(cString: $0) } }
    /// Committer time, seconds since the epoch.
    public var time: Int64 { Int64(git_commit_time(pointer)) }
    /// The number of parents.
    public var parentCount: Int { Int(git_commit_parentcount(pointer)) }
    /// The parents' ids, first parent first.
    public var parentIDs: [ObjectID] {
        (0..<git_commit_parentcount(pointer)).map { ObjectID(git_commit_parent_id(pointer, $0)) }
    }
    /// The id of the commit's root tree.
    public var treeID: ObjectID { ObjectID(git_commit_tree_id(pointer)) }

    /// The commit's root tree.
    public func tree() throws(GitError) -> Tree {
        var t: OpaquePointer?
        try check(git_commit_tree(&t, pointer), "read the tree of commit \(id.short())")
        return Tree(t!, repository)
    }

    /// The parent at `index` (0 = first parent).
    public func parent(_ index: Int = 0) throws(GitError) -> Commit {
        var c: OpaquePointer?
        try check(git_commit_parent(&c, pointer, UInt32(index)),
                  "read parent \(index + 1) of commit \(id.short())")
        return Commit(c!, repository)
    }

    /// The `key: value` trailers of the message's last paragraph, in order.
    public var trailers: [Trailer] { Trailer.parse(message) }
}
