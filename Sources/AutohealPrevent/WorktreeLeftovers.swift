import AutohealGit

/// What an earlier run left uncommitted in a reused worktree (an agent killed halfway, a run whose
/// agent failed): it goes into the next draft, committed with the agent's change, or on its own when
/// the agent changes nothing.
enum WorktreeLeftovers {
    /// The paths changed in `worktree` relative to its HEAD (everything `git add -A` would stage), read
    /// before this run writes its scaffold, leaving out this run's own scaffold files where an earlier
    /// run wrote them exactly so (new files with the content this run would write): alone, those are
    /// no change of anyone's, as a first run's scaffold is not. `nil` when the worktree cannot be read.
    static func paths(in worktree: Repository, scaffold: [DraftFiles.ScaffoldFile]) -> [String]? {
        guard let head = try? worktree.headCommitID(), let headTree = try? worktree.commit(head).tree(),
              let staged = try? worktree.stageAll() else { return nil }
        if staged == headTree.id { return [] }
        guard let stagedTree = try? worktree.tree(staged),
              let diff = try? worktree.diff(from: headTree, to: stagedTree, options: DiffOptions(contextLines: 0, detectRenames: false)) else { return nil }
        let ours = Dictionary(scaffold.map { ($0.path, Array($0.content.utf8)) }, uniquingKeysWith: { first, _ in first })
        return diff.deltas().compactMap { d in
            if d.status == .added, let content = ours[d.newPath], (try? worktree.blob(d.newID))?.bytes == content { return nil }
            return d.status == .deleted ? d.oldPath : d.newPath
        }
    }

    /// `paths` for a message: the first few, then how many more.
    static func list(_ paths: [String], limit: Int = 5) -> String {
        let shown = paths.prefix(limit).joined(separator: ", ")
        return paths.count > limit ? shown + " and \(paths.count - limit) more" : shown
    }
}
