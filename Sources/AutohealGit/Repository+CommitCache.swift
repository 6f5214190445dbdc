extension Repository {
    /// Where the commit-header cache (``CommitHeaderCache``) lives: beside the default ledger, under the
    /// common directory, so every worktree shares it.
    var commitCachePath: String { commonDir + "/autoheal/" + CommitHeaderCache.fileName }

    /// Notes a header the tracer had to parse from the commit's object, for the cache.
    func noteParsed(_ id: ObjectID, _ header: CommitHeader) {
        commitsParsed += 1
        if commitCacheEnabled { parsedCommits[id] = header }
    }

    /// Merges the noted headers into the cache file once there are enough of them to be worth a rewrite:
    /// at least 64, and at least 1/32 of what the file holds (so the rewrites of a large cache stay rare
    /// beside the parsing they save). Failing to write — a read-only repository, say — only costs speed,
    /// and the process stops noting headers for it.
    func saveCommitCache() {
        let held = commitCache?.count ?? 0
        guard parsedCommits.count >= max(64, held / 32) else { return }
        if CommitHeaderCache.write(parsedCommits, mergingWith: commitCache, to: commitCachePath) {
            commitCache = CommitHeaderCache(path: commitCachePath)
        } else {
            commitCacheEnabled = false
        }
        parsedCommits = [:]
    }
}
