import AutohealConfig
import AutohealCore
import AutohealGit
import AutohealLanding
import AutohealLinkRun

/// The branch `sync` and `land` read landings from — `--branch`, else `default_branch` from
/// `.autoheal.yml`, else the repository's (origin/HEAD, main, master) — with an error that names where
/// the name came from. A branch that is not there is bad input (exit 65): nothing is written.
enum LandingBranch {
    /// The full reference name to walk, e.g. `refs/remotes/origin/main`.
    static func resolve(_ repo: Repository, option: String?, config: Configuration) throws(CLIError) -> String {
        let name = option ?? config.defaultBranch
        do { return try LandingSync.resolveBranch(repo, name: name) } catch {
            guard let name else { throw CLIError("\(error)", status: .badInput) }
            let v = VisibleText.of
            let missing = name.hasPrefix("refs/") ? "there is no reference \(v(name))"
                : "there is no branch \(v(name)) here (neither origin/\(v(name)) nor a local branch \(v(name)))"
            if option != nil { throw CLIError("--branch \(v(name)): \(missing)", status: .badInput) }
            let origin = config.defaultBranchOrigin ?? ConfigLoader.repositoryFileName
            throw CLIError("\(origin): default_branch \(v(name)): \(missing)", status: .badInput)
        }
    }
}
