import AutohealGit
import Foundation

/// The branch, worktree and run folder of one `prevent` run. The user's own working tree, index,
/// HEAD and untracked files are never touched: the branch is created with libgit2 at the base commit
/// and checked out only in a new linked worktree.
public struct PreventionWorkspace: Sendable {
    public var branch: String
    public var worktree: String
    /// The libgit2 worktree name (the incident id).
    public var worktreeName: String
    /// True when the branch or worktree already existed and was reused.
    public var reusedBranch: Bool
    public var reusedWorktree: Bool

    /// The default worktree folder: `<git-common-dir>/autoheal/worktrees/<INC>`.
    public static func defaultWorktree(commonDir: String, incident: String) -> String {
        commonDir + "/autoheal/worktrees/" + incident
    }

    /// Finds the incident's existing branch: `recorded` (from the ledger) when it still exists and is
    /// this incident's fix branch, else a branch named `<prefix><INC>` or `<prefix><INC>-…` that no other
    /// incident claims. A branch is claimed by `branch.<name>.autohealIncident`, which `prevent` sets: an
    /// id may be another's prefix (`OPS-2025-5` and `OPS-2025-5-2`), so the name alone cannot say. A
    /// recorded branch outside the prefix (a `Prevents:` commit made on `main` or a feature branch) is
    /// not taken over.
    public static func existingBranch(in repo: Repository, prefix: String, incident: String, recorded: String?) -> String? {
        func owner(_ branch: String) -> String? { repo.configString("branch.\(branch).autohealIncident") }
        func isOurs(_ branch: String) -> Bool {
            guard repo.branchTarget(branch) != nil else { return false }
            if let claimed = owner(branch) { return claimed == incident }
            return branch == prefix + incident || branch.hasPrefix(prefix + incident + "-")
        }
        if let recorded, isOurs(recorded) { return recorded }
        if isOurs(prefix + incident) { return prefix + incident }
        let glob = "refs/heads/" + prefix + incident + "-*"
        let names = ((try? repo.references(matching: glob)) ?? []).map { String($0.dropFirst("refs/heads/".count)) }
        return names.first { owner($0) == incident } ?? names.first { owner($0) == nil }
    }

    /// Creates (or reuses) the branch at `base` and the worktree that checks it out. Nothing is created
    /// or claimed when the worktree cannot be made.
    public static func prepare(repo: Repository, incident: String, branch wanted: String, existing: String?, base: ObjectID,
                               worktree requested: String?) throws(PreventError) -> PreventionWorkspace {
        let branch = existing ?? wanted
        let reusedBranch = existing != nil
        let name = incident
        let fm = FileManager.default
        do {
            let known = try repo.worktrees()
            let reusable = known.contains(name) && repo.worktreeIsValid(name: name)
            let path = reusable ? try repo.worktreePath(name: name) : requested ?? defaultWorktree(commonDir: repo.commonDir, incident: incident)
            if !reusable, fm.fileExists(atPath: path), !((try? fm.contentsOfDirectory(atPath: path)) ?? ["?"]).isEmpty {
                let advice = requested == nil ? "remove it or pass --worktree DIR" : "remove it or name another --worktree"
                throw PreventError("\(path) already exists and is not \(incident)'s worktree; \(advice)", kind: .usage)
            }
            if reusable {
                let wt = try Repository(at: path)
                guard wt.currentBranch == branch else {
                    throw PreventError("worktree \(name) at \(path) has \(wt.currentBranch ?? "a detached HEAD") checked out, not \(branch); remove it with `git worktree remove \(path)`")
                }
            }
            if !reusable {
                let parent = (path as NSString).deletingLastPathComponent
                do { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                    throw PreventError("cannot create \(parent) for the worktree: \(error.localizedDescription)", kind: requested == nil ? .failure : .usage)
                }
            }
            if !reusedBranch { try repo.createBranch(branch, at: base) }
            if !reusable {
                do {
                    if known.contains(name) { try repo.removeWorktree(name: name, deleteFiles: false) }
                    if fm.fileExists(atPath: path) { try? fm.removeItem(atPath: path) }
                    try repo.addWorktree(name: name, path: path, branch: branch)
                } catch {
                    if !reusedBranch { try? repo.deleteBranch(branch) }
                    throw error
                }
            }
            // The hooks read the branch's incident from here: an id may hold dashes and digits itself
            // (OPS-2025-5), so the branch name alone does not say where the id ends.
            try repo.setConfigString("branch.\(branch).autohealIncident", incident)
            // What a later run reports as the base of the branch it reuses.
            if !reusedBranch { try repo.setConfigString("branch.\(branch).autohealBase", base.hex) }
            return PreventionWorkspace(branch: branch, worktree: path, worktreeName: name, reusedBranch: reusedBranch, reusedWorktree: reusable)
        } catch let e as PreventError {
            throw e
        } catch let e as GitError {
            throw PreventError("git: \(e.description)" + (e.message.contains("checked out") ? " (is \(branch) checked out in your own working tree?)" : ""))
        } catch {
            throw PreventError("cannot prepare the worktree: \(error.localizedDescription)")
        }
    }

    /// The commit an existing fix branch was drafted from: the base `prevent` recorded when it made the
    /// branch (`branch.<name>.autohealBase`) while that is still in the branch's history, else the
    /// branch's merge base with `requested` (the base this run would have used), else `requested`.
    public static func base(ofExisting branch: String, in repo: Repository, requested: ObjectID) -> ObjectID {
        guard let tip = repo.branchTarget(branch) else { return requested }
        if let hex = repo.configString("branch.\(branch).autohealBase"), let recorded = ObjectID(hex: hex),
           repo.hasObject(recorded), (try? repo.isAncestor(recorded, of: tip)) == true {
            return recorded
        }
        return repo.mergeBase(tip, requested) ?? requested
    }

    /// A new run folder `<git-common-dir>/autoheal/runs/<INC>-<UTC time>[-N]/` (`-2`, `-3`, … when a run
    /// of the same second has the name); returns (id, path).
    public static func makeRunFolder(commonDir: String, incident: String, date: Date) throws(PreventError) -> (id: String, path: String) {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stamp = f.string(from: date)
        let runs = commonDir + "/autoheal/runs"
        var n = 1
        while true {
            let id = incident + "-" + stamp + (n == 1 ? "" : "-\(n)")
            let path = runs + "/" + id
            do {
                try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
                if mkdir(path, 0o755) == 0 { return (id, path) }
                if errno != EEXIST { throw PreventError("cannot create \(path): \(String(cString: strerror(errno)))") }
            } catch let e as PreventError { throw e } catch {
                throw PreventError("cannot create \(runs): \(error.localizedDescription)")
            }
            n += 1
        }
    }
}
