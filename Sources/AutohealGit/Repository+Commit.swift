import CLibGit2

extension Repository {
    /// Stages every change in the work tree (new, modified and deleted files, honouring `.gitignore`) and
    /// commits it on HEAD with `message`, by `identity` (default: this repository's configuration
    /// alone, see ``CommitIdentity``). Returns `nil` when there was nothing to commit.
    public func commitAllChanges(message: String, identity: CommitIdentity? = nil) throws(GitError) -> ObjectID? {
        let who: CommitIdentity
        if let identity { who = identity } else { who = try commitIdentity(environment: [:]) }
        let treeID = try stageAll()

        let parent: Commit? = (try? headCommitID()).flatMap { try? commit($0) }
        if let parent, parent.treeID == treeID { return nil }
        let tree = try self.tree(treeID)

        func signature(_ p: CommitIdentity.Person, _ what: String) throws(GitError) -> UnsafeMutablePointer<git_signature>? {
            var sig: UnsafeMutablePointer<git_signature>?
            if let d = p.date {
                try check(git_signature_new(&sig, p.name, p.email, git_time_t(d.seconds), Int32(d.offsetMinutes)), "make the \(what) signature")
            } else {
                try check(git_signature_now(&sig, p.name, p.email), "make the \(what) signature")
            }
            return sig
        }
        let author = try signature(who.author, "author")
        defer { git_signature_free(author) }
        let committer = try signature(who.committer, "committer")
        defer { git_signature_free(committer) }

        var oid = git_oid()
        var parents: [OpaquePointer?] = parent.map { [$0.pointer] } ?? []
        try check(parents.withUnsafeMutableBufferPointer { buf in
            git_commit_create(&oid, pointer, "HEAD", author, committer, nil, message, tree.pointer, buf.count, buf.baseAddress)
        }, "commit the changes")
        return ObjectID(oid)
    }
}
