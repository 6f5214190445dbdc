import AutohealCore
import AutohealGit

extension LandingSync {
    /// What a dangling `origin/HEAD` (``Repository/danglingOriginHead``) was ignored for, as one clause:
    /// "origin/HEAD → origin/master, which is missing (renamed or deleted on the server?); `git remote
    /// set-head origin -a` updates it"; `nil` when `origin/HEAD` is fine or absent.
    public static func danglingOriginHead(_ repository: Repository) -> String? {
        guard let target = repository.danglingOriginHead else { return nil }
        return "origin/HEAD → \(VisibleText.of(target)), which is missing (renamed or deleted on the server?); `git remote set-head origin -a` updates it"
    }

    /// The note for a default branch found after a dangling `origin/HEAD` was passed over:
    /// "using the default branch main: origin/HEAD → origin/master, which is missing …"; `nil` when
    /// `origin/HEAD` played no part.
    public static func defaultBranchNote(_ repository: Repository, found short: String) -> String? {
        danglingOriginHead(repository).map { "using the default branch \(VisibleText.of(short)): \($0)" }
    }

    /// The error for a repository whose default branch cannot be told: "cannot tell the default branch
    /// (origin/HEAD → …); `remedy`". `remedy` is what the command takes instead, e.g. "pass --branch or
    /// set default_branch in .autoheal.yml".
    public static func cannotTellDefaultBranch(_ repository: Repository, remedy: String) -> String {
        "cannot tell the default branch" + (danglingOriginHead(repository).map { " (\($0))" } ?? "") + "; " + remedy
    }
}
