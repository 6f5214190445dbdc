import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

/// Git's commit-graph, written by real `git commit-graph write`, read back commit by commit against
/// what `git log` says of the same commits.
@Suite struct CommitGraphTests {
    /// A history with a merge and an octopus merge (three parents, which the graph keeps in its EDGE chunk).
    static func history() throws -> FixtureRepo {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a.c": "int a;\n"])
        for branch in ["one", "two", "three"] {
            try fx.git("checkout", "-q", "-b", branch, "main")
            try fx.commit("on \(branch)", files: ["\(branch).c": "int \(branch);\n"])
        }
        try fx.git("checkout", "-q", "main")
        try fx.commit("main moves", files: ["a.c": "int a = 1;\n"])
        try fx.git("merge", "-q", "--no-ff", "-m", "merge one", "one", env: fx.nextDateEnv())
        try fx.git("merge", "-q", "-m", "octopus", "two", "three", env: fx.nextDateEnv())
        try fx.commit("after the merges", files: ["a.c": "int a = 2;\n"])
        return fx
    }

    /// What `git log` says of every commit: tree, parents and committer time.
    static func expected(_ fx: FixtureRepo) throws -> [String: (tree: String, parents: [String], time: Int64)] {
        var out: [String: (tree: String, parents: [String], time: Int64)] = [:]
        for line in try fx.git("log", "--all", "--format=%H %T %ct %P").split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            out[f[0]] = (f[1], Array(f.dropFirst(3)), Int64(f[2])!)
        }
        return out
    }

    static func check(_ graph: CommitGraph, against expected: [String: (tree: String, parents: [String], time: Int64)],
                      missing: Set<String> = []) {
        for (id, want) in expected {
            let got = graph.commit(ObjectID(hex: id)!)
            if missing.contains(id) {
                #expect(got == nil, "\(id) was committed after the graph was written")
                continue
            }
            #expect(got?.tree.hex == want.tree, "tree of \(id)")
            #expect(got?.parents.map(\.hex) == want.parents, "parents of \(id)")
            #expect(got?.time == want.time, "time of \(id)")
        }
    }

    @Test func readsTreesParentsAndTimesAsGitWroteThem() throws {
        let fx = try Self.history()
        try fx.git("commit-graph", "write", "--reachable")
        let later = try fx.commit("after the graph", files: ["a.c": "int a = 3;\n"])
        let graph = try #require(CommitGraph(objects: fx.path + "/.git/objects"))
        let expected = try Self.expected(fx)
        #expect(expected.values.contains { $0.parents.count == 3 }, "the fixture has an octopus merge")
        Self.check(graph, against: expected, missing: [later])
    }

    @Test func readsASplitChain() throws {
        let fx = try Self.history()
        try fx.git("commit-graph", "write", "--reachable", "--split")
        try fx.commit("second layer", files: ["b.c": "int b;\n"])
        try fx.git("merge", "-q", "--no-ff", "-m", "merge one again", "one", env: fx.nextDateEnv())
        try fx.git("commit-graph", "write", "--reachable", "--split=no-merge")
        let chain = try String(contentsOfFile: fx.path + "/.git/objects/info/commit-graphs/commit-graph-chain", encoding: .utf8)
        #expect(chain.split(separator: "\n").count == 2, "two layers")
        #expect(!FileManager.default.fileExists(atPath: fx.path + "/.git/objects/info/commit-graph"))
        let graph = try #require(CommitGraph(objects: fx.path + "/.git/objects"))
        Self.check(graph, against: try Self.expected(fx))

        // A chain naming anything but graph hashes is not followed.
        let chainFile = fx.path + "/.git/objects/info/commit-graphs/commit-graph-chain"
        try (chain + "../../../../etc/passwd\n").write(toFile: chainFile, atomically: true, encoding: .utf8)
        #expect(CommitGraph(objects: fx.path + "/.git/objects") == nil)
    }

    @Test func aDamagedGraphIsNotUsed() throws {
        let fx = try Self.history()
        try fx.git("commit-graph", "write", "--reachable")
        let file = fx.path + "/.git/objects/info/commit-graph"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
        #expect(CommitGraph(objects: fx.path + "/.git/objects") == nil)
        try Data("CGPH".utf8).write(to: URL(fileURLWithPath: file))
        #expect(CommitGraph(objects: fx.path + "/.git/objects") == nil)
        #expect(CommitGraph(objects: fx.path + "/nowhere") == nil)
    }

    /// The tracer gives the same lines whether it reads commits from the graph or from the objects,
    /// and `core.commitGraph = false` keeps it from the graph, as it keeps git.
    @Test func traceIsTheSameWithAndWithoutTheGraph() throws {
        let fx = try Self.history()
        try fx.git("commit-graph", "write", "--reachable")
        let head = try Repository(at: fx.path).resolveCommit("HEAD")
        let with = try Repository(at: fx.path)
        #expect(with.commitGraph != nil)
        let traced = try with.traceLines(path: "a.c", at: head, lines: [1])
        try fx.git("config", "core.commitGraph", "false")
        let without = try Repository(at: fx.path)
        #expect(without.commitGraph == nil)
        #expect(try without.traceLines(path: "a.c", at: head, lines: [1]) == traced)
        for name in ["one", "two", "three"] {
            #expect(try with.traceLines(path: "\(name).c", at: head, lines: [1]) == without.traceLines(path: "\(name).c", at: head, lines: [1]))
        }
    }

    @Test func murmur3MatchesGit() {
        // git's t0095-bloom.sh.
        #expect(CommitGraph.murmur3(seed: 0, []) == 0)
        #expect(CommitGraph.murmur3(seed: 0, Array("Hello world!".utf8)) == 0x627B_0C2C)
        #expect(CommitGraph.murmur3(seed: 0, Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x2E4F_F723)
    }

    /// git's changed-path filters never call a changed path unchanged, do call most untouched paths
    /// unchanged, and give the same traces as reading every tree; `commitGraph.readChangedPaths = false`
    /// leaves them unread.
    @Test func changedPathFiltersAreReadAsGitWroteThem() throws {
        let fx = try FixtureRepo()
        var files: [String: String] = [:]
        for d in 0..<4 { for f in 0..<6 { files["dir\(d)/sub/file\(f).c"] = "int v\(d)\(f) = 0;\nint w = 1;\n" } }
        files["dir0/grüße.c"] = "int g;\n"
        try fx.commit("base", files: files)
        for step in 1...12 {
            let path = "dir\(step % 4)/sub/file\(step % 6).c"
            try fx.commit("step \(step)", files: [path: "int v = \(step);\nint w = 1;\n", "top\(step % 3).txt": "\(step)\n"])
        }
        try fx.git("commit-graph", "write", "--reachable", "--changed-paths")
        let repo = try Repository(at: fx.path)
        let graph = try #require(repo.commitGraph)
        var unchangedSeen = 0
        for line in try fx.git("rev-list", "HEAD", "--no-merges").split(separator: "\n") {
            let id = String(line)
            guard (try? fx.git("rev-parse", "-q", "--verify", id + "^")) != nil else { continue }
            let changed = Set(try fx.git("diff-tree", "--no-commit-id", "--name-only", "-r", id + "^", id).split(separator: "\n").map(String.init))
            let all = Set(try fx.git("ls-tree", "-r", "--name-only", id).split(separator: "\n").map(String.init)).union(changed)
            for path in all {
                let unchanged = graph.certainlyUnchanged(CommitGraph.PathKey(path), in: ObjectID(hex: id)!)
                if changed.contains(path) { #expect(!unchanged, "\(path) changed in \(id)") } else if unchanged { unchangedSeen += 1 }
            }
        }
        #expect(unchangedSeen > 200, "the filters rule out untouched paths (\(unchangedSeen))")

        let head = try repo.resolveCommit("HEAD")
        try fx.git("config", "commitGraph.readChangedPaths", "false")
        let plain = try Repository(at: fx.path)
        // git 2.39 writes hash version 1, whose keys for non-ASCII paths git computed from
        // sign-extended bytes: such a path is never called unchanged.
        #expect(!graph.certainlyUnchanged(CommitGraph.PathKey("dir0/grüße.c"), in: head))
        // dir1/sub/file1.c is untouched by the last commit: the filter says so, unless left unread.
        #expect(graph.certainlyUnchanged(CommitGraph.PathKey("dir1/sub/file1.c"), in: head))
        #expect(plain.commitGraph.map { $0.certainlyUnchanged(CommitGraph.PathKey("dir1/sub/file1.c"), in: head) } == false)
        for path in files.keys.sorted() + ["top0.txt", "top1.txt", "top2.txt"] {
            #expect(try repo.traceLines(path: path, at: head, lines: [1, 2]) == plain.traceLines(path: path, at: head, lines: [1, 2]), "\(path)")
        }
    }

    /// A shallow clone's commits lack their parents, so git does not read a commit-graph there, and
    /// neither does autoheal, even when one is present.
    @Test func aShallowCloneDoesNotUseTheGraph() throws {
        let fx = try Self.history()
        try fx.git("commit-graph", "write", "--reachable")
        let shallow = fx.path + "-shallow"
        defer { try? FileManager.default.removeItem(atPath: shallow) }
        try fx.git("clone", "-q", "--depth", "1", "file://" + fx.path, shallow)
        try FileManager.default.copyItem(atPath: fx.path + "/.git/objects/info/commit-graph",
                                         toPath: shallow + "/.git/objects/info/commit-graph")
        #expect(try Repository(at: fx.path).commitGraph != nil)
        #expect(try Repository(at: shallow).commitGraph == nil)
    }
}
