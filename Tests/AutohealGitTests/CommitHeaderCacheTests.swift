import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

/// autoheal's own commit-header cache, for repositories without git's commit-graph: written from the
/// headers a trace parsed, read back by the next trace, checked against what `git log` says, and
/// ignored when damaged or turned off.
@Suite struct CommitHeaderCacheTests {
    /// `count` commits through `git fast-import`: `a.c` is written by the first only, so tracing its
    /// line walks every commit; the others change `b.c`. One merge and one octopus merge are among them.
    static func history(_ fx: FixtureRepo, count: Int, from parent: String? = nil, start: Int = 0) throws {
        var stream = ""
        func commit(_ n: Int, branch: String, mark: Int, from: String?, merges: [Int] = [], file: String) {
            stream += "commit refs/heads/\(branch)\nmark :\(mark)\n"
            stream += "committer Ada <ada@example.com> \(1_700_000_000 + n * 60) +0000\ndata <<END\nstep \(n)\nEND\n"
            if let from { stream += "from \(from)\n" }
            for m in merges { stream += "merge :\(m)\n" }
            stream += "M 100644 inline \(file)\ndata <<END\nint v = \(n);\nEND\n\n"
        }
        let sideA = 100_000, sideB = 200_000
        for k in 0..<count {
            let n = start + k, mark = k + 1
            let from = k == 0 ? parent : nil
            let file = n == 0 ? "a.c" : "b.c"
            if k == count / 3 {
                // Two side branches off main, then an octopus merge of both into main.
                commit(n, branch: "sidea", mark: sideA, from: ":\(k)", file: "sa.c")
                commit(n, branch: "sideb", mark: sideB, from: ":\(k)", file: "sb.c")
                commit(n, branch: "main", mark: mark, from: from, merges: [sideA, sideB], file: file)
            } else if k == count / 2 {
                commit(n, branch: "sidea", mark: sideA + 1, from: nil, file: "sa.c")
                commit(n, branch: "main", mark: mark, from: from, merges: [sideA + 1], file: file)
            } else {
                commit(n, branch: "main", mark: mark, from: from, file: file)
            }
        }
        let input = fx.path + "-fast-import"
        defer { try? FileManager.default.removeItem(atPath: input) }
        try stream.write(toFile: input, atomically: true, encoding: .utf8)
        try fx.run(["fast-import", "--quiet", "--force"], stdinFile: input)
        try fx.git("reset", "-q", "--hard", "main")
    }

    /// Every commit `git log` knows, as (tree, parents, time).
    static func logged(_ fx: FixtureRepo) throws -> [ObjectID: CommitHeader] {
        var out: [ObjectID: CommitHeader] = [:]
        for line in try fx.git("log", "--all", "--format=%H %T %ct %P").split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            out[ObjectID(hex: f[0])!] = CommitHeader(tree: ObjectID(hex: f[1])!, parents: f.dropFirst(3).map { ObjectID(hex: $0)! },
                                                     time: Int64(f[2])!)
        }
        return out
    }

    /// `count` more commits on top of `fx`'s head (numbered from `start`), then line 1 of `a.c` traced at
    /// the new head by a freshly opened repository.
    static func grow(_ fx: FixtureRepo, by count: Int, start: Int) throws -> (repo: Repository, origins: [LineOrigin]) {
        try history(fx, count: count, from: try fx.git("rev-parse", "HEAD"), start: start)
        let repo = try Repository(at: fx.path)
        return (repo, try repo.traceLines(path: "a.c", at: try repo.resolveCommit("HEAD"), lines: [1]))
    }

    static func cachePath(_ fx: FixtureRepo) -> String { fx.path + "/.git/autoheal/commits.cache" }

    /// A history of `count` commits, set up by `prepare`, then line 1 of `a.c` traced at its head by a
    /// freshly opened repository.
    static func traced(count: Int, prepare: (FixtureRepo) throws -> Void = { _ in }) throws
        -> (fx: FixtureRepo, repo: Repository, origins: [LineOrigin]) {
        let fx = try FixtureRepo()
        try history(fx, count: count)
        try prepare(fx)
        let repo = try Repository(at: fx.path)
        return (fx, repo, try repo.traceLines(path: "a.c", at: try repo.resolveCommit("HEAD"), lines: [1]))
    }

    /// Checks every cached record against git, and returns how many commits the cache holds.
    @discardableResult
    static func checkCache(_ fx: FixtureRepo) throws -> Int {
        let cache = try #require(CommitHeaderCache(path: cachePath(fx)))
        var held = 0
        for (id, want) in try logged(fx) {
            guard let got = cache.header(id) else { continue }
            held += 1
            #expect(got == want, "\(id.short())")
            #expect(want.parents.count <= 2, "octopus merges are not cached")
        }
        #expect(held == cache.count, "every record is a commit of the repository")
        return held
    }

    @Test func aTraceCachesTheHeadersItParsedAndTheNextReadsThem() throws {
        let fx = try FixtureRepo()
        try Self.history(fx, count: 120)
        let first = try Repository(at: fx.path)
        let head = try first.resolveCommit("HEAD")
        let traced = try first.traceLines(path: "a.c", at: head, lines: [1])
        #expect(traced.map(\.commit) == [try first.resolveCommit("main~119")])
        #expect(first.commitsParsed >= 120)
        let held = try Self.checkCache(fx)
        #expect(held >= 119, "the whole walk but the octopus merge is cached (\(held))")
        #expect(try Self.logged(fx).values.contains { $0.parents.count == 3 }, "the fixture has an octopus merge")

        let second = try Repository(at: fx.path)
        #expect(try second.traceLines(path: "a.c", at: head, lines: [1]) == traced)
        #expect(second.commitsParsed == 1, "only the octopus merge is parsed again (\(second.commitsParsed))")
    }

    @Test func newCommitsAreMergedIntoTheCache() throws {
        let (fx, _, _) = try Self.traced(count: 80)
        let before = try Self.checkCache(fx)

        let (repo, traced) = try Self.grow(fx, by: 70, start: 80)
        #expect(repo.commitsParsed >= 70 && repo.commitsParsed < before, "old commits come from the cache (\(repo.commitsParsed))")
        let after = try Self.checkCache(fx)
        #expect(after >= before + 69, "all but the new octopus merge are added: \(before) → \(after)")
        let newHead = try repo.resolveCommit("HEAD")
        #expect(try Repository(at: fx.path).traceLines(path: "a.c", at: newHead, lines: [1]) == traced)
    }

    /// A large cache is rewritten only once the new headers are at least 1/32 of it, so a rewrite stays
    /// rare beside the parsing it saves.
    @Test func aLargeCacheIsRewrittenOnlyForEnoughNewCommits() throws {
        let (fx, _, _) = try Self.traced(count: 3_200)
        let held = try Self.checkCache(fx)
        #expect(held >= 3_100)

        // About 70 new commits: past the 64 minimum, short of 1/32 of the cache.
        let short = try Self.grow(fx, by: 70, start: 3_200).repo
        #expect(short.commitsParsed >= 64 && short.commitsParsed < held / 32, "\(short.commitsParsed) of \(held)")
        #expect(try Self.checkCache(fx) == held, "not rewritten")

        // 40 more: together past 1/32.
        let enough = try Self.grow(fx, by: 40, start: 3_270).repo
        #expect(enough.commitsParsed >= held / 32)
        #expect(try Self.checkCache(fx) >= held + 105, "rewritten with both batches")
    }

    @Test func aFewParsedCommitsAreNotWorthAFile() throws {
        let (fx, repo, _) = try Self.traced(count: 30)
        #expect(repo.commitsParsed >= 30)
        #expect(!FileManager.default.fileExists(atPath: Self.cachePath(fx)))
    }

    @Test func aDamagedCacheIsNotUsedAndIsRewritten() throws {
        let fx = try FixtureRepo()
        try Self.history(fx, count: 100)
        let head = try fx.git("rev-parse", "HEAD")
        let traced = try Repository(at: fx.path).traceLines(path: "a.c", at: ObjectID(hex: head)!, lines: [1])
        let path = Self.cachePath(fx)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        try good.dropLast().write(to: URL(fileURLWithPath: path))
        #expect(CommitHeaderCache(path: path) == nil, "truncated")
        var badFanout = good
        badFanout[16 + 200 * 4] = 0xFF
        try badFanout.write(to: URL(fileURLWithPath: path))
        #expect(CommitHeaderCache(path: path) == nil, "fan-out out of step with the count")
        var badVersion = good
        badVersion[4] = 2
        try badVersion.write(to: URL(fileURLWithPath: path))
        #expect(CommitHeaderCache(path: path) == nil, "unknown version")

        let repo = try Repository(at: fx.path)
        #expect(try repo.traceLines(path: "a.c", at: ObjectID(hex: head)!, lines: [1]) == traced)
        #expect(repo.commitsParsed >= 100, "nothing came from the damaged file")
        try Self.checkCache(fx)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: fx.path + "/.git/autoheal")).contains { $0 != "commits.cache" })
    }

    /// Where the file cannot be written (here `.git/autoheal` is a file, not a folder: the tests run as
    /// root, which permissions would not stop), the trace still answers and stops noting headers.
    @Test func aCacheThatCannotBeWrittenOnlyCostsSpeed() throws {
        let (fx, repo, traced) = try Self.traced(count: 100) {
            try "not a folder".write(toFile: $0.path + "/.git/autoheal", atomically: true, encoding: .utf8)
        }
        #expect(traced.map(\.commit) == [try repo.resolveCommit("main~99")])
        #expect(!repo.commitCacheEnabled)
        #expect(repo.parsedCommits.isEmpty)
        #expect(try String(contentsOfFile: fx.path + "/.git/autoheal", encoding: .utf8) == "not a folder")
    }

    @Test func turnedOffByConfiguration() throws {
        let (fx, repo, _) = try Self.traced(count: 100) { try $0.git("config", "autoheal.commitCache", "false") }
        #expect(repo.commitsParsed >= 100)
        #expect(!FileManager.default.fileExists(atPath: Self.cachePath(fx)))
    }

    /// Where git's commit-graph holds a commit, the graph is read and nothing is cached.
    @Test func gitsCommitGraphComesFirst() throws {
        let (fx, repo, _) = try Self.traced(count: 100) { try $0.git("commit-graph", "write", "--reachable") }
        #expect(repo.commitsParsed == 0)
        #expect(!FileManager.default.fileExists(atPath: Self.cachePath(fx)))
    }
}
