import AutohealGit

/// Where the repository around the working directory keeps its files (found with libgit2).
public struct RepositoryLocation {
    /// The working tree root (`nil` for a bare repository).
    public var workdir: String?
    /// The git dir of this worktree.
    public var gitDir: String
    /// The common git dir shared by all worktrees (the database lives under it).
    public var commonDir: String
    /// The repository, opened once with libgit2 and reused by every command that reads git.
    public var repository: Repository

    /// The repository containing `path`, or `nil` outside any repository. Without `-C` (`directoryGiven`
    /// false), `$GIT_DIR` comes first, as in git: that repository exactly, with `$GIT_WORK_TREE` as its
    /// work tree (both relative to `path`) — a bare repository with a separate work tree, and what git
    /// sets for the hooks it runs in a linked worktree. A `$GIT_DIR` that is no repository is an error.
    public static func discover(from path: String, directoryGiven: Bool = true) throws -> RepositoryLocation? {
        if !directoryGiven, let gitDir = Paths.variable("GIT_DIR"), !gitDir.isEmpty {
            let dir = Paths.absolute(gitDir, relativeTo: path)
            guard let repo = try openExactly(dir) else {
                throw CLIError("GIT_DIR=\(gitDir) is not a git repository", status: .usage)
            }
            if let workTree = Paths.variable("GIT_WORK_TREE"), !workTree.isEmpty {
                try repo.setWorkdir(Paths.absolute(workTree, relativeTo: path))
            }
            return RepositoryLocation(workdir: repo.workdir, gitDir: repo.gitDir, commonDir: repo.commonDir, repository: repo)
        }
        guard let repo = try openAround(path) else { return nil }
        return RepositoryLocation(workdir: repo.workdir, gitDir: repo.gitDir, commonDir: repo.commonDir, repository: repo)
    }

    /// The repository at exactly `path`, or `nil` when there is none.
    private static func openExactly(_ path: String) throws -> Repository? {
        do {
            return try Repository(at: path)
        } catch where error.code == .notFound {
            return nil
        }
    }

    /// The repository at or above `path`, or `nil` when there is none.
    private static func openAround(_ path: String) throws -> Repository? {
        do {
            return try Repository(discoveringFrom: path)
        } catch where error.code == .notFound {
            return nil
        }
    }
}
