import CLibGit2

extension Repository {
    /// Stages every change in the work tree (new, modified and deleted files, honouring `.gitignore`) and
    /// commits it on HEAD with `message`. Author and committer come from the config (`user.name`,
    /// `user.email`), else `fallbackName`/`fallbackEmail`. Returns `nil` when there was nothing to commit.
    public func commitAllChanges(message: String, fallbackName: String = "autoheal",
                                 fallbackEmail: String = "autoheal@localhost") throws(GitError) -> ObjectID? {
        let treeID = try stageAll()

        let parent: Commit? = (try? headCommitID()).flatMap { try? commit($0) }
        if let parent, parent.treeID == treeID { return nil }
        let tree = try self.tree(treeID)

        var sig: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&sig, pointer) < 0 {
            try check(git_signature_now(&sig, fallbackName, fallbackEmail), "make a commit signature")
        }
        defer { git_signature_free(sig) }

        var oid = git_oid()
        var parents: [OpaquePointer?] = parent.map { [$0.pointer] } ?? []
        try check(parents.withUnsafeMutableBufferPointer { buf in
            git_commit_create(&oid, pointer, "HEAD", sig, sig, nil, message, tree.pointer, buf.count, buf.baseAddress)
        }, "commit the changes")
        return ObjectID(oid)
    }
}
