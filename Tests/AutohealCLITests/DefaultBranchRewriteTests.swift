import Foundation
import Testing

/// post-rewrite recorded rewrites on fix branches only: a fix committed straight onto the default branch
/// (which post-commit records for its `Prevents:` line) and then amended, or rebased by
/// `git pull --rebase`, stayed listed under its old id in `show`'s commits.
extension HookTests {
    /// INC-7's fix commits once the hooks' work (a record waiting out a background sync's hold on the
    /// ledger) has made them `wanted`, or as they are after 5 s.
    func commits(_ r: FixRepo, settlingOn wanted: [String]) async throws -> [String] {
        for _ in 0..<50 {
            if commits(r) == wanted { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return commits(r)
    }

    @Test("A fix on the default branch, amended and then rebased by pull --rebase, is listed under its new id")
    func rewriteOnDefaultBranch() async throws {
        let r = FixRepo(hooks: true)
        let server = r.addServer()
        r.git(["push", "-q", "-u", "origin", "main"])

        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 3600)
        let first = r.head()
        #expect(try await commits(r, settlingOn: [first]) == [first])

        r.git(["commit", "-q", "--amend", "-m", "Guard the handler, reworded\n\nPrevents: INC-7"], at: FixRepo.recovered + 7200)
        let amended = r.head()
        #expect(amended != first)
        #expect(try await commits(r, settlingOn: [amended]) == [amended])

        // Someone else pushes first: `git pull --rebase` rewrites the fix onto their commit.
        let other = r.dir.path + "/other"
        Exec.git(["clone", "-q", server, other], in: r.dir.path)
        r.dir.write("other/o.txt", "o\n")
        Exec.git(["add", "-A"], in: other)
        Exec.git(["commit", "-q", "-m", "Other work"], in: other)
        Exec.git(["push", "-q", "origin", "main"], in: other)
        r.git(["pull", "-q", "--rebase"], at: FixRepo.recovered + 9000)
        let rebased = r.head()
        #expect(rebased != amended && r.git(["log", "-1", "--format=%s", "HEAD~1"]).out == "Other work\n")
        #expect(try await commits(r, settlingOn: [rebased]) == [rebased])

        // An ordinary amend on the default branch (no Prevents line) records nothing.
        r.write("b.txt", "b\n")
        r.commit("Ordinary work", at: FixRepo.recovered + 9600)
        r.git(["commit", "-q", "--amend", "-m", "Ordinary work, reworded"], at: FixRepo.recovered + 9700)
        #expect(try await commits(r, settlingOn: [rebased]) == [rebased])
        #expect(events(r, "prevention.committed").count == 4, "first, amended (post-commit and post-rewrite), rebased")
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
    }
}
