import AutohealGit
import Foundation

/// The work trees a repository's common git dir itself names: its main work tree (the folder holding a
/// `.git` folder, or `core.worktree`) and every linked worktree listed in `<common>/worktrees/*/gitdir`
/// (`git worktree add`, and the worktrees `autoheal prevent` makes). A folder whose `.git` *file* merely
/// points at the common dir (an unpacked tarball, say) is not one of them: the repository never made it.
enum RegisteredWorkTrees {
    /// Whether `workTree` is one of the work trees of the repository whose common git dir is `commonDir`.
    static func contains(_ workTree: String, commonDir: String) -> Bool {
        guard let wanted = realPath(workTree) else { return false }
        return all(commonDir: commonDir).contains(wanted)
    }

    /// The real paths of the repository's work trees (those that exist).
    static func all(commonDir: String) -> Set<String> {
        var found = Set<String>()
        if let repo = try? Repository(at: commonDir), !repo.isBare, let main = repo.workdir, let real = realPath(main) {
            found.insert(real)
        }
        let admin = commonDir + "/worktrees"
        for id in (try? FileManager.default.contentsOfDirectory(atPath: admin)) ?? [] {
            guard let data = FileManager.default.contents(atPath: admin + "/" + id + "/gitdir") else { continue }
            var dotGit = String(decoding: data, as: UTF8.self)
            while dotGit.hasSuffix("\n") || dotGit.hasSuffix("\r") { dotGit.removeLast() }
            guard !dotGit.isEmpty else { continue }
            // Newer git may write the path relative to the worktree's admin folder.
            if !dotGit.hasPrefix("/") { dotGit = admin + "/" + id + "/" + dotGit }
            if let real = realPath((dotGit as NSString).deletingLastPathComponent) { found.insert(real) }
        }
        return found
    }

    /// `path` with symbolic links resolved, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}
