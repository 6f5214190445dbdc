import AutohealGit
import Foundation

/// Where the repository around the working directory keeps its files.
struct RepositoryLocation {
    /// The working tree root (`nil` for a bare repository).
    var workdir: String?
    /// The git dir of this worktree.
    var gitDir: String
    /// The common git dir shared by all worktrees (the database lives under it).
    var commonDir: String

    /// The repository containing `path`, or `nil` outside any repository.
    static func discover(from path: String) throws -> RepositoryLocation? {
        var dir = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        while true {
            let dotGit = dir.appendingPathComponent(".git").path
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dotGit, isDirectory: &isDir) {
                if isDir.boolValue {
                    return RepositoryLocation(workdir: dir.path, gitDir: dotGit, commonDir: dotGit)
                }
                if let text = try? String(contentsOfFile: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") {
                    var gitDir = String(text.dropFirst(8)).trimmingCharacters(in: .whitespacesAndNewlines)
                    if !gitDir.hasPrefix("/") { gitDir = dir.appendingPathComponent(gitDir).standardizedFileURL.path }
                    var common = gitDir
                    if let c = try? String(contentsOfFile: gitDir + "/commondir", encoding: .utf8) {
                        let rel = c.trimmingCharacters(in: .whitespacesAndNewlines)
                        common = rel.hasPrefix("/") ? rel : URL(fileURLWithPath: gitDir + "/" + rel).standardizedFileURL.path
                    }
                    return RepositoryLocation(workdir: dir.path, gitDir: gitDir, commonDir: common)
                }
            }
            if fm.fileExists(atPath: dir.appendingPathComponent("HEAD").path),
               fm.fileExists(atPath: dir.appendingPathComponent("objects").path),
               fm.fileExists(atPath: dir.appendingPathComponent("refs").path) {
                return RepositoryLocation(workdir: nil, gitDir: dir.path, commonDir: dir.path)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }
}
