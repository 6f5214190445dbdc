import AutohealTestSupport
import Foundation
import Testing
@testable import AutohealGit

@Suite struct CommitIdentityTests {
    /// Every form is read as git reads it: the same seconds and zone `git commit` records for it.
    @Test(arguments: ["@1790000000 +0130", "1790000000 -0700", "@1790000000", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00+01:00",
                      "2026-11-20 10:00:00 +0100", "2026-11-20T10:00:00.250-05:30", "2026-11-20 10:00", "2026-11-20T10:00:00",
                      "Fri, 20 Nov 2026 10:00:00 +0100", "20 Nov 2026 10:00:00 -0800", "Fri Nov 20 10:00:00 2026 +0100"])
    func datesAsGitReadsThem(text: String) throws {
        let fx = try FixtureRepo()
        try fx.write("a", "1\n")
        try fx.git("add", "-A")
        try fx.git("commit", "-q", "-m", "x", env: ["GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "A",
                                                  "GIT_COMMITTER_EMAIL": "a@x", "GIT_AUTHOR_DATE": text])
        let git = try fx.git("log", "-1", "--format=%at %ad", "--date=format:%z")
        let date = try #require(GitDate.parse(text))
        let sign = date.offsetMinutes < 0 ? "-" : "+"
        let zone = sign + String(format: "%02d%02d", abs(date.offsetMinutes) / 60, abs(date.offsetMinutes) % 60)
        #expect("\(date.seconds) \(zone)" == git)
    }

    @Test(arguments: ["yesterday", "2026-13-01T00:00:00Z", "2026-11-20T25:00:00Z", "@12 +99", "Fri, 20 Foo 2026 10:00:00 +0100", "12:00"])
    func datesGitRefuses(text: String) {
        #expect(GitDate.parse(text) == nil)
    }

    @Test func environmentFirstThenAuthorOrCommitterConfigThenUserConfigThenFallback() throws {
        var config: [String: String] = [:]
        func resolve(_ env: [String: String]) throws -> CommitIdentity {
            try CommitIdentity.resolve(environment: env, config: { config[$0] })
        }
        var id = try resolve([:])
        #expect(id.author == .init(name: "autoheal", email: "autoheal@localhost", date: nil))
        #expect(id.committer == id.author)
        id = try resolve(["EMAIL": "mail@x"])
        #expect(id.author.email == "mail@x")
        config = ["user.name": "User", "user.email": "user@x", "committer.name": "Committer"]
        id = try resolve(["EMAIL": "mail@x"])
        #expect(id.author == .init(name: "User", email: "user@x", date: nil))
        #expect(id.committer == .init(name: "Committer", email: "user@x", date: nil))
        id = try resolve(["GIT_AUTHOR_NAME": "Env", "GIT_AUTHOR_EMAIL": "env@x", "GIT_AUTHOR_DATE": "@1790000000 +0000",
                          "GIT_COMMITTER_NAME": "", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00Z"])
        #expect(id.author == .init(name: "Env", email: "env@x", date: GitDate(seconds: 1_790_000_000, offsetMinutes: 0)))
        #expect(id.committer == .init(name: "Committer", email: "user@x", date: GitDate(seconds: 1_795_168_800, offsetMinutes: 0)))
        #expect(throws: GitError.self) { try resolve(["GIT_COMMITTER_DATE": "next tuesday"]) }
    }
}
