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
        do {
            let ref = try LandingSync.resolveBranch(repo, name: name, note: note)
            if name == nil { followRenamedDefaultBranch(repo, ref: ref) }
            return ref
        } catch {
            guard let name else { throw CLIError("\(error)", status: .badInput) }
            if option != nil { throw CLIError("--branch \(VisibleText.of(name)): \(LandingSync.missingBranch(name))", status: .badInput) }
            throw CLIError(LandingSync.missingDefaultBranch(name, origin: config.defaultBranchOrigin ?? ConfigLoader.repositoryFileName),
                           status: .badInput)
        }
    }

    /// Hooks keep the default branch found when they were installed: after `master` was renamed to
    /// `main` they would wait for `master` for good, and merges and fetches of `main` would start no
    /// sync. When the branch they wait for is gone (neither local nor `origin/NAME`) and the one found
    /// now (`ref`) is another, they are pointed at it, with a note (said even with `--quiet`: the
    /// hooks log it). Only this repository's settings: never an env.sh that every repository runs.
    static func followRenamedDefaultBranch(_ repo: Repository, ref: String) {
        let hooks = HooksCommand.installer(repo)
        guard hooks.isShared || !repo.hooksPathIsShared, let waited = hooks.installedDefaultBranch() else { return }
        let found: String
        if ref.hasPrefix("refs/remotes/origin/") { found = String(ref.dropFirst("refs/remotes/origin/".count)) }
        else if ref.hasPrefix("refs/heads/") { found = String(ref.dropFirst("refs/heads/".count)) }
        else { return }
        guard found != waited, !repo.referenceExists("refs/heads/" + waited),
              !repo.referenceExists("refs/remotes/origin/" + waited),
              (try? hooks.updateDefaultBranch(found)) == true else { return }
        let v = VisibleText.of
        Terminal.err("autoheal: note: the hooks waited for the default branch \(v(waited)), which is gone; they follow \(v(found)) now")
    }
}
