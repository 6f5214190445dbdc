import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

@Suite struct RepositoryTests {
    @Test func discoversFromSubdirectoryAndReportsPaths() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["src/a.c": "int a;\n"])
        let repo = try Repository(discoveringFrom: fx.path + "/src")
        let real = URL(fileURLWithPath: fx.path).resolvingSymlinksInPath().path
        #expect(URL(fileURLWithPath: repo.workdir!).resolvingSymlinksInPath().path == real)
        #expect(repo.gitDir.hasSuffix("/.git"))
        #expect(repo.commonDir == repo.gitDir)
        #expect(!repo.isBare && !repo.isShallow && !repo.isWorktree)
        #expect(repo.currentBranch == "main")
        #expect(repo.defaultBranch() == "main")
        #expect(repo.hooksPath == repo.gitDir + "/hooks")
    }

    @Test func honoursCoreHooksPathRelativeToWorkdir() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["a": "1\n"])
        try fx.git("config", "core.hooksPath", ".githooks")
        let repo = try Repository(at: fx.path)
        #expect(repo.configString("core.hooksPath") == ".githooks")
        #expect(repo.hooksPath == repo.workdir! + "/.githooks")
        #expect(repo.configString("no.such.key") == nil)
        try fx.git("config", "core.hooksPath", "/tmp/hooks-abs")
        #expect(try Repository(at: fx.path).hooksPath == "/tmp/hooks-abs")
    }

    @Test func opensBareRepositoriesAndWorktrees() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["a": "1\n"])
        let barePath = fx.path + "-bare.git"
        defer { try? FileManager.default.removeItem(atPath: barePath) }
        try fx.git("clone", "-q", "--bare", fx.path, barePath)
        let bare = try Repository(discoveringFrom: barePath)
        #expect(bare.isBare && bare.workdir == nil)
        #expect(bare.defaultBranch() == "main")

        let wtPath = fx.path + "-wt"
        defer { try? FileManager.default.removeItem(atPath: wtPath) }
        try fx.git("worktree", "add", "-q", "-b", "feature", wtPath)
        let wt = try Repository(discoveringFrom: wtPath)
        #expect(wt.isWorktree)
        #expect(wt.currentBranch == "feature")
        let main = try Repository(at: fx.path)
        #expect(wt.commonDir == main.gitDir)
        #expect(wt.gitDir != main.gitDir)
        #expect(wt.hooksPath == main.gitDir + "/hooks")
    }

    @Test func defaultBranchPrefersOriginHead() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["a": "1\n"])
        try fx.git("branch", "trunk")
        try fx.git("update-ref", "refs/remotes/origin/trunk", "HEAD")
        try fx.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
        #expect(try Repository(at: fx.path).defaultBranch() == "trunk")
    }

    /// A dangling origin/HEAD (its branch renamed on the server and pruned) named a branch that is not
    /// there; a CI checkout (detached, only origin/main) had no default branch at all.
    @Test func defaultBranchPassesOverADanglingOriginHeadAndFallsBackToOriginNames() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["a": "1\n"])
        try fx.git("update-ref", "refs/remotes/origin/main", "HEAD")
        try fx.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master")
        try fx.git("checkout", "-q", "--detach")
        try fx.git("branch", "-q", "-m", "main", "trunk")
        let repo = try Repository(at: fx.path)
        #expect(repo.danglingOriginHead == "origin/master")
        #expect(repo.defaultBranch(orCurrent: false) == "main")
        try fx.git("branch", "master")
        #expect(repo.defaultBranch(orCurrent: false) == "master", "a local branch still comes first")
        try fx.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
        #expect(repo.danglingOriginHead == nil)
        #expect(repo.defaultBranch(orCurrent: false) == "main")
    }

    @Test func refusesUnknownRevisionsClearly() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["a": "1\n"])
        let repo = try Repository(at: fx.path)
        let error = #expect(throws: GitError.self) { try repo.resolveCommit("deadbeefdeadbeef") }
        #expect(error?.code == .notFound)
        #expect(error?.description.contains("no commit 'deadbeefdeadbeef'") == true)
        #expect(throws: GitError.self) { try Repository(at: "/nonexistent/autoheal") }
    }

    @Test func readsCommitsBlobsAndTrees() throws {
        let fx = try FixtureRepo()
        let first = try fx.commit("first\n\nbody text", files: ["dir/f.txt": "hello\n"])
        let second = try fx.commit("second", files: ["dir/f.txt": "hello\nworld\n"])
        let repo = try Repository(at: fx.path)
        #expect(try repo.resolveCommit("HEAD").hex == second)
        #expect(try repo.resolveCommit(String(first.prefix(8))).hex == first)
        let c = try repo.commit("HEAD")
        #expect(c.summary == "second")
        #expect(c.parentIDs.map(\.hex) == [first])
        #expect(c.author.name == "Ada Lovelace" && c.author.email == "ada@example.com")
        #expect(c.author.offsetMinutes == 0)
        #expect(try repo.commit(first).message.contains("body text"))
        #expect(try repo.blob(at: "dir/f.txt", in: c.id)?.text == "hello\nworld\n")
        #expect(try repo.blob(at: "nope", in: c.id) == nil)
        #expect(try repo.fileExists("dir/f.txt", in: c.id))
        #expect(try !repo.fileExists("dir", in: c.id))
        #expect(try c.tree().allFilePaths() == ["dir/f.txt"])
        #expect(ObjectID(hex: second)?.hex == second)
        #expect(ObjectID(hex: "xyz") == nil)
    }

    @Test func parsesTrailers() {
        let message = "Fix crash\n\nLonger text.\n\nFixes: 1234abcd (\"net: thing\")\nPrevents: INC-7\nSigned-off-by: A <a@b>\n"
        let trailers = Trailer.parse(message)
        #expect(trailers == [Trailer(key: "Fixes", value: "1234abcd (\"net: thing\")"),
                             Trailer(key: "Prevents", value: "INC-7"),
                             Trailer(key: "Signed-off-by", value: "A <a@b>")])
        #expect(Trailer.parse("no trailers here").isEmpty)
    }
}
