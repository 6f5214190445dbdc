import CLibGit2

extension Repository {
    /// Adds a linked worktree `name` at `path` with local branch `branch` checked out (the branch must
    /// exist and not be checked out elsewhere). The caller's own work tree, index and HEAD are untouched.
    public func addWorktree(name: String, path: String, branch: String) throws(GitError) {
        var ref: OpaquePointer?
        try check(git_branch_lookup(&ref, pointer, branch, GIT_BRANCH_LOCAL), "find branch '\(branch)' for a worktree")
        defer { git_reference_free(ref) }
        var opts = git_worktree_add_options()
        git_worktree_add_options_init(&opts, UInt32(GIT_WORKTREE_ADD_OPTIONS_VERSION))
        opts.ref = ref
        var wt: OpaquePointer?
        try check(git_worktree_add(&wt, pointer, name, path, &opts), "add worktree '\(name)' at \(path)")
        git_worktree_free(wt)
    }

    /// The names of the linked worktrees.
    public func worktrees() throws(GitError) -> [String] {
        var arr = git_strarray()
        try check(git_worktree_list(&arr, pointer), "list worktrees")
        defer { git_strarray_dispose(&arr) }
        return (0..<arr.count).compactMap { arr.strings[$0].map { String(cString: $0) } }
    }

    /// The directory of linked worktree `name`.
    public func worktreePath(name: String) throws(GitError) -> String {
        var wt: OpaquePointer?
        try check(git_worktree_lookup(&wt, pointer, name), "find worktree '\(name)'")
        defer { git_worktree_free(wt) }
        return Repository.trimSlash(String(cString: git_worktree_path(wt)))
    }

    /// Removes linked worktree `name`: its administrative files and, with `deleteFiles`, its directory.
    /// A worktree that still exists on disk is removed too (like `git worktree remove --force`).
    public func removeWorktree(name: String, deleteFiles: Bool = true) throws(GitError) {
        var wt: OpaquePointer?
        try check(git_worktree_lookup(&wt, pointer, name), "find worktree '\(name)'")
        defer { git_worktree_free(wt) }
        var opts = git_worktree_prune_options()
        git_worktree_prune_options_init(&opts, UInt32(GIT_WORKTREE_PRUNE_OPTIONS_VERSION))
        opts.flags = GIT_WORKTREE_PRUNE_VALID.rawValue
        if deleteFiles { opts.flags |= GIT_WORKTREE_PRUNE_WORKING_TREE.rawValue }
        try check(git_worktree_prune(wt, &opts), "remove worktree '\(name)'")
    }

    /// Prunes the administrative files of worktrees whose directories are gone (`git worktree prune`).
    public func pruneWorktrees() throws(GitError) {
        for name in try worktrees() {
            var wt: OpaquePointer?
            guard git_worktree_lookup(&wt, pointer, name) == 0, let wt else { continue }
            defer { git_worktree_free(wt) }
            if git_worktree_validate(wt) != 0, git_worktree_is_prunable(wt, nil) == 1 {
                try check(git_worktree_prune(wt, nil), "prune worktree '\(name)'")
            }
        }
    }
}
