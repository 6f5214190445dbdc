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
}
