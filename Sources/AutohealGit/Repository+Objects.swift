import CLibGit2

extension Repository {
    /// Resolves a revision (`HEAD~2`, a branch, a full or abbreviated SHA) to a commit id.
    /// Unknown revisions and non-commits are refused with a clear error.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var obj: OpaquePointer?
        let rc = git_revparse_single(&obj, pointer, revision)
        if rc < 0 {
            var err = GitError.last(rc, "resolve revision '\(revision)'")
            // libgit2 says "unimplemented" (a plain error of the invalid-input class) for the index
            // syntax it lacks — `:`, `:path`, `:?x`: none names a commit, so it is a bad revision.
            if case .other = err.code, let last = git_error_last(), last.pointee.klass == Int32(GIT_ERROR_INVALID.rawValue) {
                err.code = .invalidSpec
            }
            if err.code == .notFound || err.code == .invalidSpec {
                err.message = "no commit '\(revision)' in this repository"
                    + (isShallow ? " (this is a shallow clone: fetch more history with `git fetch --unshallow`)" : "")
            }
            throw err
        }
        defer { git_object_free(obj) }
        var peeled: OpaquePointer?
        let rc2 = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT)
        if rc2 < 0 {
            let kind = String(cString: git_object_type2string(git_object_type(obj)))
            throw GitError(code: .notACommit(kind), message: "'\(revision)' names a \(kind), not a commit", context: "resolve revision '\(revision)'")
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    /// The commit with id `id`.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        var c: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&c, pointer, &oid), "read commit \(id.short())")
        return Commit(c!, self)
    }

    /// The commit a revision names.
    public func commit(_ revision: String) throws(GitError) -> Commit {
        try commit(resolveCommit(revision))
    }

    /// The tree with id `id`.
    public func tree(_ id: ObjectID) throws(GitError) -> Tree {
        var t: OpaquePointer?
        var oid = id.raw
        try check(git_tree_lookup(&t, pointer, &oid), "read tree \(id.short())")
        return Tree(t!, self)
    }

    /// The blob with id `id`.
    public func blob(_ id: ObjectID) throws(GitError) -> Blob {
        var b: OpaquePointer?
        var oid = id.raw
        try check(git_blob_lookup(&b, pointer, &oid), "read blob \(id.short())")
        return Blob(b!, self)
    }

    /// The file at `path` in `commit`'s tree, or `nil` when it is absent.
    public func blob(at path: String, in commit: ObjectID) throws(GitError) -> Blob? {
        let tree = try self.commit(commit).tree()
        guard tree.containsFile(path), let id = tree.entryID(at: path) else { return nil }
        return try blob(id)
    }

    /// True when `path` is a file in `commit`'s tree.
    public func fileExists(_ path: String, in commit: ObjectID) throws(GitError) -> Bool {
        try self.commit(commit).tree().containsFile(path)
    }
}
