import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

@Suite struct ReferenceTests {
    @Test func branchesCreateListDeleteAndRefs() throws {
        let fx = try FixtureRepo()
        let a = try fx.commit("A", files: ["a": "1\n"])
        let b = try fx.commit("B", files: ["a": "2\n"])
        let repo = try Repository(at: fx.path)
        let full = try repo.createBranch("autoheal/INC-7-x", at: ObjectID(hex: a)!)
        #expect(full == "refs/heads/autoheal/INC-7-x")
        #expect(repo.branchTarget("autoheal/INC-7-x")?.hex == a)
        #expect(try repo.branches() == ["autoheal/INC-7-x", "main"])
        #expect(try repo.references(matching: "refs/heads/autoheal/*") == ["refs/heads/autoheal/INC-7-x"])
        #expect(throws: GitError.self) { try repo.createBranch("autoheal/INC-7-x", at: ObjectID(hex: b)!) }
        try repo.createBranch("autoheal/INC-7-x", at: ObjectID(hex: b)!, force: true)
        #expect(repo.branchTarget("autoheal/INC-7-x")?.hex == b)

        try repo.updateReference("refs/autoheal/last-sync", to: ObjectID(hex: a)!)
        #expect(repo.referenceTarget("refs/autoheal/last-sync")?.hex == a)
        try repo.deleteReference("refs/autoheal/last-sync")
        try repo.deleteReference("refs/autoheal/last-sync")
        #expect(repo.referenceTarget("refs/autoheal/last-sync") == nil)
        #expect(repo.symbolicTarget("HEAD") == "refs/heads/main")

        try repo.deleteBranch("autoheal/INC-7-x")
        #expect(repo.branchTarget("autoheal/INC-7-x") == nil)
        #expect(throws: GitError.self) { try repo.deleteBranch("nope") }
    }

    @Test func worktreeAddCommitAndRemove() throws {
        let fx = try FixtureRepo()
        let base = try fx.commit("base", files: ["a.txt": "1\n", "gone.txt": "bye\n"])
        let repo = try Repository(at: fx.path)
        try repo.createBranch("autoheal/INC-1-fix", at: ObjectID(hex: base)!)
        let wtPath = fx.path + "-wt"
        defer { try? FileManager.default.removeItem(atPath: wtPath) }
        try repo.addWorktree(name: "INC-1", path: wtPath, branch: "autoheal/INC-1-fix")
        #expect(try repo.worktrees() == ["INC-1"])
        #expect(FileManager.default.fileExists(atPath: wtPath + "/a.txt"))

        let wt = try Repository(at: wtPath)
        #expect(wt.currentBranch == "autoheal/INC-1-fix")
        try "2\n".write(toFile: wtPath + "/a.txt", atomically: true, encoding: .utf8)
        try "new\n".write(toFile: wtPath + "/new.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: wtPath + "/gone.txt")
        let made = try #require(try wt.commitAllChanges(message: "Guard\n\nPrevents: INC-1\n"))
        #expect(try wt.commitAllChanges(message: "nothing") == nil)
        #expect(repo.branchTarget("autoheal/INC-1-fix") == made)
        #expect(try repo.commit(made).parentIDs.map(\.hex) == [base])
        #expect(try repo.commit(made).trailers == [Trailer(key: "Prevents", value: "INC-1")])
        #expect(try repo.commit(made).tree().allFilePaths() == ["a.txt", "new.txt"])
        #expect(try repo.commit(made).author.name == "Ada Lovelace")
        #expect(repo.currentBranch == "main")
        #expect(try fx.git("status", "--porcelain") == "")

        try repo.removeWorktree(name: "INC-1")
        #expect(try repo.worktrees() == [])
        #expect(!FileManager.default.fileExists(atPath: wtPath))
    }
}
