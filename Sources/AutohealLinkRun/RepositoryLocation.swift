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

    /// The repository containing `path`, or `nil` outside any repository.
    public static func discover(from path: String) throws -> RepositoryLocation? {
        do {
            let repo = try Repository(discoveringFrom: path)
            return RepositoryLocation(workdir: repo.workdir, gitDir: repo.gitDir, commonDir: repo.commonDir, repository: repo)
        } catch where error.code == .notFound {
            return nil
        }
    }
}
