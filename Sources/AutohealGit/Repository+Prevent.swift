import CLibGit2

extension Repository {
    /// Stages everything in the work tree like `git add -A` (honouring `.gitignore`) and returns the id
    /// of the staged tree, so a caller can tell whether anything changed between two moments. An
    /// `index.lock` in the way throws `.locked` with ``GitError/lockFile`` naming it.
    public func stageAll() throws(GitError) -> ObjectID {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "open the index")
        defer { git_index_free(index) }
        try check(git_index_add_all(index, nil, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil), "stage new and changed files")
        try check(git_index_update_all(index, nil, nil, nil), "stage deleted files")
        do { try check(git_index_write(index), "write the index") } catch {
            // libgit2 says only "the index is locked": name the file, as its other lock errors do.
            guard error.code == .locked, let path = git_index_path(index) else { throw error }
            throw GitError(code: error.code, message: error.message, context: error.context, lockFile: String(cString: path) + ".lock")
        }
        var treeOID = git_oid()
        try check(git_index_write_tree(&treeOID, index), "write the staged tree")
        return ObjectID(treeOID)
    }

    /// True when `name` is a linked worktree whose directory still exists and is valid.
    public func worktreeIsValid(name: String) -> Bool {
        var wt: OpaquePointer?
        guard git_worktree_lookup(&wt, pointer, name) == 0, let wt else { return false }
        defer { git_worktree_free(wt) }
        return git_worktree_validate(wt) == 0
    }
}

extension Repository {
    /// The best common ancestor of `a` and `b` (as `git merge-base`), or `nil` when they share no history.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) -> ObjectID? {
        var out = git_oid()
        var x = a.raw, y = b.raw
        guard git_merge_base(&out, pointer, &x, &y) == 0 else { return nil }
        return ObjectID(out)
    }
}
