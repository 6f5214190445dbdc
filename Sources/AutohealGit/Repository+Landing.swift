import CLibGit2

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
