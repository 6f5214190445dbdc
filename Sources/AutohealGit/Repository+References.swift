import CLibGit2

extension Repository {
    /// Creates (or with `force`, moves) local branch `name` at `commit`; returns its full name.
    @discardableResult
    public func createBranch(_ name: String, at commit: ObjectID, force: Bool = false) throws(GitError) -> String {
        let c = try self.commit(commit)
        var ref: OpaquePointer?
        try check(git_branch_create(&ref, pointer, name, c.pointer, force ? 1 : 0), "create branch '\(name)'")
        defer { git_reference_free(ref) }
        return String(cString: git_reference_name(ref))
    }

    /// The commit local branch `name` points at, or `nil` when there is no such branch.
    public func branchTarget(_ name: String) -> ObjectID? {
        referenceTarget("refs/heads/\(name)")
    }

    /// The short names of the local branches (or remote-tracking ones, as `origin/x`), sorted.
    public func branches(remote: Bool = false) throws(GitError) -> [String] {
        var iter: OpaquePointer?
        try check(git_branch_iterator_new(&iter, pointer, remote ? GIT_BRANCH_REMOTE : GIT_BRANCH_LOCAL), "list branches")
        defer { git_branch_iterator_free(iter) }
        var names: [String] = []
        var ref: OpaquePointer?
        var type = GIT_BRANCH_LOCAL
        while git_branch_next(&ref, &type, iter) == 0, let r = ref {
            var name: UnsafePointer<CChar>?
            if git_branch_name(&name, r) == 0, let name { names.append(String(cString: name)) }
            git_reference_free(r)
        }
        return names.sorted()
    }

    /// Deletes local branch `name` (refused by libgit2 when it is checked out somewhere).
    public func deleteBranch(_ name: String) throws(GitError) {
        var ref: OpaquePointer?
        try check(git_branch_lookup(&ref, pointer, name, GIT_BRANCH_LOCAL), "find branch '\(name)'")
        defer { git_reference_free(ref) }
        try check(git_branch_delete(ref), "delete branch '\(name)'")
    }

    /// The commit a full reference name (`refs/heads/x`, `HEAD`, a tag) resolves to, or `nil`.
    public func referenceTarget(_ name: String) -> ObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, name) == 0 else { return nil }
        return ObjectID(oid)
    }

    /// What a symbolic reference points at (e.g. `HEAD` → `refs/heads/main`), or `nil`.
    public func symbolicTarget(_ name: String) -> String? {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, pointer, name) == 0, let ref else { return nil }
        defer { git_reference_free(ref) }
        return git_reference_symbolic_target(ref).map { String(cString: $0) }
    }

    /// Points reference `name` at `commit`, creating it if needed, with a reflog `message`.
    public func updateReference(_ name: String, to commit: ObjectID, message: String = "autoheal") throws(GitError) {
        var ref: OpaquePointer?
        var oid = commit.raw
        try check(git_reference_create(&ref, pointer, name, &oid, 1, message), "update reference '\(name)'")
        git_reference_free(ref)
    }

    /// Deletes reference `name`; a missing reference is not an error.
    public func deleteReference(_ name: String) throws(GitError) {
        var ref: OpaquePointer?
        let rc = git_reference_lookup(&ref, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue { return }
        try check(rc, "find reference '\(name)'")
        defer { git_reference_free(ref) }
        try check(git_reference_delete(ref), "delete reference '\(name)'")
    }

    /// The full names of references matching a glob such as `refs/heads/autoheal/*`.
    public func references(matching glob: String) throws(GitError) -> [String] {
        var iter: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iter, pointer, glob), "list references '\(glob)'")
        defer { git_reference_iterator_free(iter) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while git_reference_next_name(&name, iter) == 0, let n = name { names.append(String(cString: n)) }
        return names.sorted()
    }
}
