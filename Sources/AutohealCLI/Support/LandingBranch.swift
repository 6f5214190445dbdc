import AutohealConfig
import AutohealCore
import AutohealGit
import AutohealLanding
import AutohealLinkRun

/// The branch `sync` and `land` read landings from — `--branch`, else `default_branch` from
/// `.autoheal.yml`, else the repository's (origin/HEAD, then init.defaultBranch, main, master; local, then origin/NAME) — with an error that names where
/// the name came from. A branch that is not there is bad input (exit 65): nothing is written.
enum LandingBranch {
    /// The full reference name to walk, e.g. `refs/remotes/origin/main`. A default branch found past a
    /// dangling `origin/HEAD` is noted on stderr (one line, `autoheal: using the default branch …`)
    /// unless `quiet`.
    static func resolve(_ repo: Repository, option: String?, config: Configuration, quiet: Bool = false) throws(CLIError) -> String {
        let name = option ?? config.defaultBranch
        let note: (String) -> Void = { line in if !quiet { Terminal.err("autoheal: " + line) } }
        do { return try LandingSync.resolveBranch(repo, name: name, note: note) } catch {
            guard let name else { throw CLIError("\(error)", status: .badInput) }
            if option != nil { throw CLIError("--branch \(VisibleText.of(name)): \(LandingSync.missingBranch(name))", status: .badInput) }
            throw CLIError(LandingSync.missingDefaultBranch(name, origin: config.defaultBranchOrigin ?? ConfigLoader.repositoryFileName),
                           status: .badInput)
        }
    }
}
