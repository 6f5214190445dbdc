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
    /// The worktree folder (the default one or `--worktree DIR`) when an earlier run, killed while
    /// making it, had left it half-made and it was removed and made again (``halfMadeWorktree(repo:incident:path:tree:)``).
    public var clearedHalfMade: String? = nil

    /// The default worktree folder: `<git-common-dir>/autoheal/worktrees/<INC>`.
    public static func defaultWorktree(commonDir: String, incident: String) -> String {
        commonDir + "/autoheal/worktrees/" + incident
    }

    /// Where ``prepare(repo:incident:branch:existing:base:worktree:)`` will find or make the incident's
    /// worktree: the folder of its registered worktree while that is valid (reused, whatever `requested`
    /// says), else `requested` (`--worktree DIR`), else the default folder.
    static func plannedWorktree(repo: Repository, incident: String, requested: String?) -> String {
        if repo.worktreeIsValid(name: incident), let path = try? repo.worktreePath(name: incident) { return path }
        return requested ?? defaultWorktree(commonDir: repo.commonDir, incident: incident)
    }

    /// Whether two folder paths name the same place (`.`/`..` segments and symbolic links resolved as far
    /// as the folders exist).
    static func samePlace(_ a: String, _ b: String) -> Bool {
        func resolved(_ p: String) -> String { (URL(fileURLWithPath: p).resolvingSymlinksInPath().path as NSString).standardizingPath }
        return resolved(a) == resolved(b)
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
            // A worktree an earlier run was killed while making (SIGKILL, a power cut) is cleared first,
            // at the default location or a `--worktree DIR` alike.
            let folder = halfMadeCandidate(repo: repo, incident: incident, requested: requested)
            let tip = repo.branchTarget(branch) ?? base
            let halfMade = halfMadeWorktree(repo: repo, incident: incident, path: folder, tree: try repo.commit(tip).tree())
            for item in halfMade { try fm.removeItem(atPath: item) }
            let cleared = halfMade.isEmpty ? nil : folder
            let known = try repo.worktrees()
            let reusable = known.contains(name) && repo.worktreeIsValid(name: name)
            let path = reusable ? try repo.worktreePath(name: name) : requested ?? defaultWorktree(commonDir: repo.commonDir, incident: incident)
            if !reusable, fm.fileExists(atPath: path), !((try? fm.contentsOfDirectory(atPath: path)) ?? ["?"]).isEmpty {
                let advice = requested == nil ? "remove it or pass --worktree DIR" : "remove it or name another --worktree"
                throw PreventError("\(path) already exists and is not \(incident)'s worktree; \(advice)", kind: .usage)
            }
            // Still there without an index: half checked out, and not cleared above (it holds other work).
            if reusable, (path as NSString).standardizingPath == (folder as NSString).standardizingPath,
               !fm.fileExists(atPath: repo.commonDir + "/worktrees/" + name + "/index") {
                throw PreventError("\(path) was left half checked out by an interrupted run (it has no index) and holds files the checkout would not have written; move what you want to keep out of it, remove it with `git worktree remove --force \(path)`, and run again")
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
                    // A checkout that failed halfway (a full disk, a file-size limit): the worktree this run
                    // began goes first — the branch is checked out there, so it could not be deleted — then
                    // the branch, so that nothing is left.
                    if (try? repo.worktrees())?.contains(name) == true { try? repo.removeWorktree(name: name, deleteFiles: true) }
                    if fm.fileExists(atPath: path) { try? fm.removeItem(atPath: path) }
                    if !reusedBranch { try? repo.deleteBranch(branch) }
                    throw error
                }
            }
            // The hooks read the branch's incident from here: an id may hold dashes and digits itself
            // (OPS-2025-5), so the branch name alone does not say where the id ends.
            try repo.setConfigString("branch.\(branch).autohealIncident", incident)
            // What a later run reports as the base of the branch it reuses.
            if !reusedBranch { try repo.setConfigString("branch.\(branch).autohealBase", base.hex) }
            return PreventionWorkspace(branch: branch, worktree: path, worktreeName: name, reusedBranch: reusedBranch, reusedWorktree: reusable,
                                       clearedHalfMade: cleared)
        } catch let e as PreventError {
            throw e
        } catch let e as GitError {
            if let advice = lockAdvice(e) { throw PreventError(advice) }
            throw PreventError("git: \(e.description)" + (e.message.contains("checked out") ? " (is \(branch) checked out in your own working tree?)" : ""))
        } catch {
            throw PreventError("cannot prepare the worktree: \(error.localizedDescription)")
        }
    }

    /// The folder a half-made worktree of `incident` would be in: the one its metadata's `gitdir`
    /// names (libgit2 writes it absolute) (where the killed run was making it, whatever this run asks for), else `requested`
    /// (`--worktree DIR`), else the default folder.
    static func halfMadeCandidate(repo: Repository, incident: String, requested: String?) -> String {
        let gitdir = repo.commonDir + "/worktrees/" + incident + "/gitdir"
        if let data = FileManager.default.contents(atPath: gitdir) {
            let named = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if named.hasPrefix("/"), named.hasSuffix("/.git") { return String(named.dropLast("/.git".count)) }
        }
        return requested ?? defaultWorktree(commonDir: repo.commonDir, incident: incident)
    }

    /// What to remove of a worktree at `path` (the default location or a `--worktree DIR`) that an
    /// earlier run was killed while making (`git_worktree_add` makes `.git/worktrees/<INC>`, the folder, its `.git` file, the
    /// metadata files and `HEAD`, then checks the files out and writes the index last): the worktree
    /// folder and the metadata folder, or nothing when they are not certainly that. The caller holds
    /// the incident's ``PreventLock``, so no other run is making them. Only this state qualifies:
    /// - the metadata folder `.git/worktrees/<INC>`, if there, has no `index` (the checkout never
    ///   finished) and no `locked` file (git writes one while it makes a worktree), and its `gitdir`
    ///   file, if written, names `path`'s `.git` (or is empty: killed as it was written);
    /// - the folder `path` is missing, empty, or holds a `.git` file naming that metadata folder (or
    ///   an empty one) and
    ///   otherwise only what the checkout writes: paths of `tree`, each file's content the start of (or
    ///   all of) its blob, each symbolic link's target its blob.
    /// Anything else there — a file the tree does not have, an edited one — could be someone's work:
    /// then nothing is removed and the caller's usual error says to remove the folder.
    static func halfMadeWorktree(repo: Repository, incident: String, path: String, tree: Tree) -> [String] {
        let fm = FileManager.default
        let meta = repo.commonDir + "/worktrees/" + incident
        func resolved(_ p: String) -> String { (URL(fileURLWithPath: p).resolvingSymlinksInPath().path as NSString).standardizingPath }
        func link(_ file: String) -> String? {
            guard let data = fm.contents(atPath: file) else { return nil }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var isDir: ObjCBool = false
        let hasMeta = fm.fileExists(atPath: meta, isDirectory: &isDir)
        if hasMeta {
            guard isDir.boolValue, !fm.fileExists(atPath: meta + "/index"), !fm.fileExists(atPath: meta + "/locked") else { return [] }
            if fm.fileExists(atPath: meta + "/gitdir") {
                // Empty when the run was killed as it wrote the file.
                guard let gitdir = link(meta + "/gitdir"), gitdir.isEmpty || resolved(gitdir) == resolved(path + "/.git") else { return [] }
            }
        }
        guard let attrs = try? fm.attributesOfItem(atPath: path) else {
            // No folder (or nothing readable there: then the add fails and says so).
            return hasMeta && !fm.fileExists(atPath: path) ? [meta] : []
        }
        guard attrs[.type] as? FileAttributeType == .typeDirectory, let entries = try? fm.contentsOfDirectory(atPath: path) else { return [] }
        // The `.git` file is written before anything is checked out: without it, only an empty folder.
        guard entries.contains(".git") else { return hasMeta && entries.isEmpty ? [path, meta] : [] }
        var gitIsDir: ObjCBool = false
        guard fm.fileExists(atPath: path + "/.git", isDirectory: &gitIsDir), !gitIsDir.boolValue,
              let text = link(path + "/.git"),
              text.isEmpty || text.hasPrefix("gitdir: ") && resolved(String(text.dropFirst("gitdir: ".count))) == resolved(meta) else { return [] }
        guard checkedOutOnly(root: path, relative: "", entries: entries.filter { $0 != ".git" }, tree: tree, repo: repo) else { return [] }
        return hasMeta ? [path, meta] : [path]
    }

    /// True when every entry under `root/relative` is what checking `tree` out writes (see
    /// ``halfMadeWorktree(repo:incident:path:tree:)``).
    private static func checkedOutOnly(root: String, relative: String, entries: [String], tree: Tree, repo: Repository) -> Bool {
        let fm = FileManager.default
        for entry in entries {
            let rel = relative.isEmpty ? entry : relative + "/" + entry
            let full = root + "/" + rel
            guard let id = tree.entryID(at: rel), let attrs = try? fm.attributesOfItem(atPath: full) else { return false }
            switch attrs[.type] as? FileAttributeType {
            case .typeDirectory?:
                guard !tree.containsFile(rel), let inner = try? fm.contentsOfDirectory(atPath: full),
                      checkedOutOnly(root: root, relative: rel, entries: inner, tree: tree, repo: repo) else { return false }
            case .typeRegular?:
                guard tree.containsFile(rel), let blob = try? repo.blob(id), let data = fm.contents(atPath: full) else { return false }
                let bytes = blob.bytes
                guard data.count <= bytes.count, data.elementsEqual(bytes[..<data.count]) else { return false }
            case .typeSymbolicLink?:
                guard tree.containsFile(rel), let blob = try? repo.blob(id),
                      let target = try? fm.destinationOfSymbolicLink(atPath: full), Array(target.utf8) == blob.bytes else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// One line for a lock file libgit2 found in the way, naming it: autoheal does not delete a git
    /// lock file itself. Its age cannot tell a writer killed before it removed it from a slow or
    /// suspended one (a stopped `git` still holding it would later overwrite what autoheal wrote), and
    /// git never removes them either.
    static func lockAdvice(_ e: GitError) -> String? {
        e.lockFile.map(lockAdvice(file:))
    }

    /// ``lockAdvice(_:)`` for a lock file found before libgit2 tried it.
    static func lockAdvice(file: String) -> String {
        "\(file) is in the way: a git command is using it, or one was killed before it could remove it (as a `prevent` stopped with SIGKILL can be); if no git command is running in this repository, delete \(file) and run again"
    }

    /// ``lockAdvice(_:)`` for a lock file that kept autoheal from committing what the agent left in the
    /// worktree: that work stays there, and the advice says how to commit it.
    static func lockAdvice(_ e: GitError, afterAgentIn worktree: String, incident: String) -> String? {
        guard let file = e.lockFile else { return nil }
        return "\(file) is in the way, so what the agent left in \(worktree) was not committed (it is still there): a git command is using the file, or one was killed before it could remove it (as a `prevent` or a git command of the agent stopped with SIGKILL can be); if no git command is running in this repository, delete \(file), then commit the change there with the trailer \"Prevents: \(incident)\" (or run again: it is committed with the agent's next change)"
    }

    /// The lock files the agent phase writes through — the worktree's `index.lock` and the branch's
    /// ref `.lock` — that are there already, before the agent starts: a git command (or a `prevent`, or
    /// an agent's git) killed while it held one leaves it, and autoheal's commit would fail on it only
    /// after the agent had worked. An existing file, not a lock taken: nothing is written.
    static func lockFilesInTheWay(worktree: Repository, commonDir: String, branch: String) -> [String] {
        [worktree.gitDir + "/index.lock", commonDir + "/refs/heads/" + branch + ".lock"]
            .filter { FileManager.default.fileExists(atPath: $0) }
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

    /// The id of a run of `incident` at `date`: `<INC>-<UTC time>`, `-N` added for the `number`th of the
    /// same second (from 2).
    static func runID(incident: String, date: Date, number: Int = 1) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return incident + "-" + f.string(from: date) + (number == 1 ? "" : "-\(number)")
    }

    /// A new run folder `<git-common-dir>/autoheal/runs/<INC>-<UTC time>[-N]/` (`-2`, `-3`, … when a run
    /// of the same second has the name); returns (id, path).
    public static func makeRunFolder(commonDir: String, incident: String, date: Date) throws(PreventError) -> (id: String, path: String) {
        let runs = commonDir + "/autoheal/runs"
        var n = 1
        while true {
            let id = runID(incident: incident, date: date, number: n)
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
