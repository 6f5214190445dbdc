import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// An open git repository (normal, bare, or a linked worktree). Not thread-safe: use it from one thread.
public final class Repository {
    let pointer: OpaquePointer

    /// Opens the repository containing `path`, searching parent directories like `git -C path`.
    public init(discoveringFrom path: String) throws(GitError) {
        LibGit2.ensure()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, 0, nil), "open a git repository at or above '\(path)'")
        pointer = repo!
        honourConfigEnvironment()
    }

    /// Opens exactly the repository at `path` (a work tree or a `.git`/bare directory), without searching upwards.
    public init(at path: String) throws(GitError) {
        LibGit2.ensure()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil),
                  "open the git repository at '\(path)'")
        pointer = repo!
        honourConfigEnvironment()
    }

    deinit { git_repository_free(pointer) }

    /// git reads `$GIT_CONFIG_GLOBAL` in place of `~/.gitconfig` and the XDG file, and skips the system
    /// file under `$GIT_CONFIG_NOSYSTEM`; libgit2 1.5 does neither, so autoheal and git could disagree
    /// about `core.hooksPath` or who commits (CI and sandboxes set them). The repository's configuration
    /// gets the same files at those levels (an empty one where git reads none).
    private func honourConfigEnvironment() {
        let global = getenv("GIT_CONFIG_GLOBAL").map { String(cString: $0) }
        let noSystem = getenv("GIT_CONFIG_NOSYSTEM").map { String(cString: $0) }.map { !["", "0", "false", "no", "off"].contains($0.lowercased()) } ?? false
        guard global != nil || noSystem else { return }
        var cfg: OpaquePointer?
        guard git_repository_config(&cfg, pointer) == 0, let cfg else { return }
        defer { git_config_free(cfg) }
        if let global {
            git_config_add_file_ondisk(cfg, global.isEmpty ? "/dev/null" : global, GIT_CONFIG_LEVEL_GLOBAL, pointer, 1)
            git_config_add_file_ondisk(cfg, "/dev/null", GIT_CONFIG_LEVEL_XDG, pointer, 1)
        }
        if noSystem { git_config_add_file_ondisk(cfg, "/dev/null", GIT_CONFIG_LEVEL_SYSTEM, pointer, 1) }
    }

    /// Makes `path` the work tree (as `GIT_WORK_TREE` or `git --work-tree` do), leaving the repository's
    /// files untouched.
    public func setWorkdir(_ path: String) throws(GitError) {
        try check(git_repository_set_workdir(pointer, path, 0), "use '\(path)' as the work tree")
    }

    /// The working directory without a trailing slash; `nil` for a bare repository.
    public var workdir: String? {
        guard let p = git_repository_workdir(pointer) else { return nil }
        return Self.trimSlash(String(cString: p))
    }

    /// The repository's own git directory (for a linked worktree, `.git/worktrees/NAME`).
    public var gitDir: String { Self.trimSlash(String(cString: git_repository_path(pointer))) }

    /// The directory shared by all worktrees (the main repository's `.git`).
    public var commonDir: String { Self.trimSlash(String(cString: git_repository_commondir(pointer))) }

    /// True for a bare repository.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// True for a shallow clone, whose oldest commits lack their parents.
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// True when this repository is a linked worktree.
    public var isWorktree: Bool { git_repository_is_worktree(pointer) == 1 }

    /// The full name HEAD points at (`refs/heads/main`), also when the branch is unborn; `nil` when detached.
    public var headReferenceName: String? {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, pointer, "HEAD") == 0, let ref else { return nil }
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let t = git_reference_symbolic_target(ref) else { return nil }
        return String(cString: t)
    }

    /// The current branch's short name (`main`), or `nil` when HEAD is detached.
    public var currentBranch: String? {
        guard let name = headReferenceName, name.hasPrefix("refs/heads/") else { return nil }
        return String(name.dropFirst("refs/heads/".count))
    }

    /// The commit HEAD points at.
    public func headCommitID() throws(GitError) -> ObjectID {
        var oid = git_oid()
        try check(git_reference_name_to_id(&oid, pointer, "HEAD"), "read HEAD (is the branch unborn?)")
        return ObjectID(oid)
    }

    /// The default branch's short name, the first of:
    /// 1. `origin/HEAD`'s target, when that remote-tracking branch exists (a dangling `origin/HEAD`,
    ///    left by a branch renamed or deleted on the server, counts as absent: ``danglingOriginHead``);
    /// 2. `init.defaultBranch`, `main` or `master`, when such a local branch exists;
    /// 3. the same names as remote-tracking branches `origin/NAME` (a CI checkout: detached HEAD, no
    ///    local branch, no `origin/HEAD`);
    /// 4. with `orCurrent`, the current branch.
    public func defaultBranch(orCurrent: Bool = true) -> String? {
        let remote = "refs/remotes/origin/"
        if let target = originHeadTarget, target.hasPrefix(remote), referenceExists(target) {
            return String(target.dropFirst(remote.count))
        }
        var candidates: [String] = []
        if let configured = configString("init.defaultBranch") { candidates.append(configured) }
        candidates += ["main", "master"]
        for name in candidates where referenceExists("refs/heads/\(name)") { return name }
        for name in candidates where referenceExists(remote + name) { return name }
        return orCurrent ? currentBranch : nil
    }

    /// The short name `origin/HEAD` points at (`origin/master`) when that branch is not here — renamed or
    /// deleted on the server and pruned by a fetch, while `origin/HEAD` was not updated (`git remote
    /// set-head origin -a` does) — else `nil`.
    public var danglingOriginHead: String? {
        guard let target = originHeadTarget, !referenceExists(target) else { return nil }
        return target.hasPrefix("refs/remotes/") ? String(target.dropFirst("refs/remotes/".count)) : target
    }

    /// The full name `refs/remotes/origin/HEAD` points at, whether or not it exists; `nil` when there is
    /// no such symbolic reference.
    private var originHeadTarget: String? {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, pointer, "refs/remotes/origin/HEAD") == 0, let ref else { return nil }
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let t = git_reference_symbolic_target(ref) else { return nil }
        return String(cString: t)
    }

    /// True when the full reference name exists.
    public func referenceExists(_ name: String) -> Bool {
        var oid = git_oid()
        return git_reference_name_to_id(&oid, pointer, name) == 0
    }

    /// A string from the effective configuration (repository, global, system), or `nil` when unset.
    public func configString(_ key: String) -> String? {
        withConfig { cfg in
            var out: UnsafePointer<CChar>?
            guard git_config_get_string(&out, cfg, key) == 0, let out else { return nil }
            return String(cString: out)
        }
    }

    /// A boolean from the effective configuration (`true`/`yes`/`on`/`1` and their opposites), or `nil`
    /// when unset or not a boolean.
    public func configBool(_ key: String) -> Bool? {
        withConfig { cfg in
            var out: Int32 = 0
            guard git_config_get_bool(&out, cfg, key) == 0 else { return nil }
            return out != 0
        }
    }

    /// Sets `key` to `value` in the repository's own configuration (`<common-dir>/config`), as
    /// `git config key value` does.
    public func setConfigString(_ key: String, _ value: String) throws(GitError) {
        var cfg: OpaquePointer?
        try check(git_repository_config(&cfg, pointer), "open the configuration")
        defer { git_config_free(cfg) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL), "open the repository's configuration")
        defer { git_config_free(local) }
        try check(git_config_set_string(local, key, value), "set \(key)")
    }

    /// `read` over a snapshot of the effective configuration; `nil` when there is none.
    private func withConfig<R>(_ read: (OpaquePointer) -> R?) -> R? {
        var cfg: OpaquePointer?
        guard git_repository_config_snapshot(&cfg, pointer) == 0, let cfg else { return nil }
        defer { git_config_free(cfg) }
        return read(cfg)
    }

    /// Git's commit-graph (``CommitGraph``), loaded on first use; `nil` when the repository has none, is
    /// shallow, or sets `core.commitGraph` to false — where git itself would not read it either. Its
    /// changed-path filters are read unless `commitGraph.readChangedPaths` is false, as in git.
    lazy var commitGraph: CommitGraph? = {
        if isShallow || configBool("core.commitGraph") == false { return nil }
        return CommitGraph(objects: commonDir + "/objects", changedPaths: configBool("commitGraph.readChangedPaths") != false)
    }()

    /// Whether autoheal keeps its commit-header cache (``CommitHeaderCache``) for this repository: yes
    /// unless `autoheal.commitCache` is set to false.
    lazy var commitCacheEnabled: Bool = configBool("autoheal.commitCache") != false

    /// The commit-header cache as it was when first needed (or last written); `nil` when there is none,
    /// it does not check out, or it is turned off.
    lazy var commitCache: CommitHeaderCache? = commitCacheEnabled ? CommitHeaderCache(path: commitCachePath) : nil

    /// Headers parsed from commit objects since the cache was last written (see ``saveCommitCache()``).
    var parsedCommits: [ObjectID: CommitHeader] = [:]

    /// How many commit headers line traces have parsed from commit objects in this process (found in
    /// neither git's commit-graph nor the cache).
    var commitsParsed = 0

    /// Where git runs hooks from, like `git rev-parse --git-path hooks`: `core.hooksPath` (relative to the
    /// work tree, or to the git directory for a bare repository) else `<common-dir>/hooks`.
    public var hooksPath: String {
        if var configured = configString("core.hooksPath"), !configured.isEmpty {
            if configured.hasPrefix("~/"), let home = getenvString("HOME") {
                configured = home + configured.dropFirst(1)
            }
            if configured.hasPrefix("/") { return Self.trimSlash(configured) }
            return Self.trimSlash((workdir ?? gitDir) + "/" + configured)
        }
        return commonDir + "/hooks"
    }

    /// Whether `core.hooksPath` comes from the global, XDG or system configuration rather than the
    /// repository's own: every repository then runs the hooks there.
    public var hooksPathIsShared: Bool {
        withConfig { cfg -> Bool? in
            var entry: UnsafeMutablePointer<git_config_entry>?
            guard git_config_get_entry(&entry, cfg, "core.hooksPath") == 0, let entry else { return nil }
            defer { git_config_entry_free(entry) }
            guard let value = entry.pointee.value, value.pointee != 0 else { return nil }
            return entry.pointee.level.rawValue < GIT_CONFIG_LEVEL_LOCAL.rawValue
        } ?? false
    }

    static func trimSlash(_ s: String) -> String {
        var s = s
        while s.count > 1, s.hasSuffix("/") { s.removeLast() }
        return s
    }
}

/// An environment variable, without Foundation.
func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}
