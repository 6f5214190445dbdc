import CLibGit2

/// Who made a commit, and when (seconds since the epoch, UTC).
public struct CommitStamp: Sendable {
    public var name: String
    public var email: String
    public var time: Int64

    public init(name: String, email: String, time: Int64) {
        self.name = name
        self.email = email
        self.time = time
    }
}

extension Repository {
    /// Creates a new repository with a work tree at `path` whose initial branch is `initialBranch`.
    public static func create(at path: String, initialBranch: String = "main") throws(GitError) -> Repository {
        LibGit2.ensure()
        var opts = git_repository_init_options()
        try check(git_repository_init_options_init(&opts, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "prepare repository options")
        opts.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        var repo: OpaquePointer?
        let rc = initialBranch.withCString { branch -> Int32 in
            opts.initial_head = branch
            return git_repository_init_ext(&repo, path, &opts)
        }
        try check(rc, "create a repository at '\(path)'")
        git_repository_free(repo)
        return try Repository(at: path)
    }

    /// Commits `files` (path → new content; other files kept) on top of `parents` and moves `reference`
    /// (e.g. `refs/heads/main`) to the new commit. The tree starts from `treeOf`'s (default: the first
    /// parent's) — a merge of a branch the target has not moved past takes the branch's tree. Author and
    /// committer carry the given times, so histories built for demos and fixtures are reproducible.
    @discardableResult
    public func commit(files: [String: String], message: String, parents: [ObjectID], author: CommitStamp,
                       committer: CommitStamp? = nil, reference: String, treeOf: ObjectID? = nil) throws(GitError) -> ObjectID {
        var baseTree: OpaquePointer?
        if let first = treeOf ?? parents.first {
            var raw = first.raw
            var c: OpaquePointer?
            try check(git_commit_lookup(&c, pointer, &raw), "read commit \(first.short())")
            defer { git_commit_free(c) }
            try check(git_commit_tree(&baseTree, c), "read the tree of \(first.short())")
        }
        defer { git_tree_free(baseTree) }
        // Nested paths need nested trees: build each directory level by level.
        let treeID = try buildTree(base: baseTree, files: files.map { ($0.key.split(separator: "/").map(String.init), $0.value) })
        var treeRaw = treeID.raw
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &treeRaw), "read the new tree")
        defer { git_tree_free(tree) }
        var parentCommits: [OpaquePointer?] = []
        defer { for p in parentCommits { git_commit_free(p) } }
        for p in parents {
            var raw = p.raw
            var c: OpaquePointer?
            try check(git_commit_lookup(&c, pointer, &raw), "read commit \(p.short())")
            parentCommits.append(c)
        }
        var a: UnsafeMutablePointer<git_signature>?
        var c: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&a, author.name, author.email, author.time, 0), "make the author signature")
        defer { git_signature_free(a) }
        let cs = committer ?? author
        try check(git_signature_new(&c, cs.name, cs.email, cs.time, 0), "make the committer signature")
        defer { git_signature_free(c) }
        var oid = git_oid()
        try check(parentCommits.withUnsafeMutableBufferPointer { buf in
            git_commit_create(&oid, pointer, nil, a, c, nil, message, tree, buf.count, buf.baseAddress)
        }, "create the commit")
        let id = ObjectID(oid)
        try updateReference(reference, to: id, message: "autoheal: \(message.split(separator: "\n").first ?? "")")
        return id
    }

    private func buildTree(base: OpaquePointer?, files: [([String], String)]) throws(GitError) -> ObjectID {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, base), "start a tree")
        defer { git_treebuilder_free(builder) }
        var direct: [(String, String)] = []
        var nested: [String: [([String], String)]] = [:]
        for (components, content) in files {
            if components.count == 1 { direct.append((components[0], content)) }
            else { nested[components[0], default: []].append((Array(components.dropFirst()), content)) }
        }
        for (name, content) in direct {
            var blob = git_oid()
            try check(git_blob_create_from_buffer(&blob, pointer, content, content.utf8.count), "write \(name)")
            try check(git_treebuilder_insert(nil, builder, name, &blob, GIT_FILEMODE_BLOB), "add \(name) to a tree")
        }
        for (dir, entries) in nested {
            var sub: OpaquePointer?
            if let base, let entry = git_tree_entry_byname(base, dir), git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                try check(git_tree_lookup(&sub, pointer, git_tree_entry_id(entry)), "read directory \(dir)")
            }
            let subID = try buildTree(base: sub, files: entries)
            git_tree_free(sub)
            var raw = subID.raw
            try check(git_treebuilder_insert(nil, builder, dir, &raw, GIT_FILEMODE_TREE), "add directory \(dir)")
        }
        var oid = git_oid()
        try check(git_treebuilder_write(&oid, builder), "write a tree")
        return ObjectID(oid)
    }
}

extension Repository {
    /// Makes the work tree and index match HEAD (like `git checkout -f`), for repositories built in memory.
    public func checkoutHeadForcibly() throws(GitError) {
        var opts = git_checkout_options()
        try check(git_checkout_options_init(&opts, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "prepare checkout options")
        opts.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try check(git_checkout_head(pointer, &opts), "check out HEAD")
    }
}
