import Foundation
import Testing

@Suite("Git hooks in real repositories")
struct HookTests {
    func trailers(_ r: FixRepo, _ rev: String = "HEAD", in dir: String? = nil) -> [String] {
        r.git(["log", "-1", "--format=%(trailers:key=Prevents,valueonly)", rev], in: dir).out
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func events(_ r: FixRepo, _ type: String) -> [[String: Any]] {
        ((r.show()["events"] as? [[String: Any]]) ?? []).filter { $0["type"] as? String == type }
    }

    /// Under a UTF-8 locale, the hooks' sed read nothing from a branch name holding a byte that is not
    /// UTF-8 (`.` matches no such byte), so a hand-made fix branch named in latin1 got no trailer.
    @Test("a fix branch whose name holds a latin1 byte gets its trailer and is recorded, under a UTF-8 locale")
    func latin1BranchName() {
        let r = FixRepo(hooks: true)
        let script = "b=$(printf 'autoheal/INC-7-caf\\351') && git switch -q -c \"$b\" && echo fix > fix.txt && git add fix.txt && git commit -q -m 'Guard the handler'"
        let at = FixRepo.date(FixRepo.recovered + 3600)
        let made = Exec.run("/bin/sh", ["-c", script], cwd: r.repo, env: ["LC_ALL": "C.UTF-8", "GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at,
                                                                        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                                                                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"])
        #expect(made.code == 0, "\(made.err)")
        #expect(trailers(r) == ["INC-7"], "\(r.git(["log", "-1", "--format=%B"]).out)")
        let committed = events(r, "prevention.committed").compactMap { ($0["attrs"] as? [String: Any])?["commit"] as? String }
        #expect(committed == [r.head()])
    }

    @Test("prepare-commit-msg adds the trailer once, also on --amend; post-commit records the commit")
    func trailerAndAmend() {
        let r = FixRepo(hooks: true)
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler", at: FixRepo.recovered + 3600)
        #expect(trailers(r) == ["INC-7"])
        r.git(["commit", "-q", "--amend", "--no-edit"], at: FixRepo.recovered + 7200)
        r.git(["commit", "-q", "--amend", "-m", "Guard the handler\n\nPrevents: INC-7"], at: FixRepo.recovered + 7300)
        #expect(trailers(r) == ["INC-7"])
        let head = r.head()
        let committed = events(r, "prevention.committed").compactMap { ($0["attrs"] as? [String: Any])?["commit"] as? String }
        #expect(committed.contains(head))
        #expect((r.show()["prevention"] as! [String: Any])["status"] as? String == "committed")
        #expect((r.show()["prevention"] as! [String: Any])["branch"] as? String == "autoheal/INC-7-bound-retries")
        // An ordinary branch gets no trailer and records nothing.
        r.git(["checkout", "-q", "-b", "feature/other"])
        r.write("b.txt", "b\n")
        r.commit("Ordinary work", at: FixRepo.recovered + 9000)
        #expect(trailers(r).isEmpty)
    }

    /// A commit written in the editor started from "\nPrevents: INC-7", so the subject typed on the first
    /// line ran into the trailer ("Guard the handler Prevents: INC-7", no trailer for git), and each
    /// `--amend` then added another.
    @Test("An editor commit keeps its subject apart from the trailer, and amending adds no second one")
    func editorCommitAndAmend() {
        let r = FixRepo(hooks: true)
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        Exec.git(["add", "-A"], in: r.repo)
        let editor = "sh -c 'sed -i \"1s/^/Guard the handler/\" \"$1\"' -"
        Exec.git(["commit", "-q"], in: r.repo, env: ["GIT_EDITOR": editor, "GIT_AUTHOR_DATE": FixRepo.date(FixRepo.recovered + 3600),
                                                    "GIT_COMMITTER_DATE": FixRepo.date(FixRepo.recovered + 3600)])
        #expect(r.git(["log", "-1", "--format=%s"]).out == "Guard the handler\n")
        #expect(trailers(r) == ["INC-7"])
        r.git(["commit", "-q", "--amend", "--no-edit"], at: FixRepo.recovered + 7200)
        #expect(r.git(["log", "-1", "--format=%B"]).out.components(separatedBy: "Prevents: INC-7").count == 2, "one trailer")
        // With `-v` (git adds the diff below a scissors line) and another comment character, likewise.
        for (n, config) in [["-c", "commit.verbose=true"], ["-c", "core.commentChar=;"]].enumerated() {
            r.write("v\(n).txt", "v\n")
            Exec.git(["add", "-A"], in: r.repo)
            Exec.git(config + ["commit", "-q"], in: r.repo, env: ["GIT_EDITOR": editor])
            #expect(r.git(["log", "-1", "--format=%s"]).out == "Guard the handler\n", "\(config)")
            #expect(trailers(r) == ["INC-7"], "\(config)")
        }
        r.git(["commit", "-q", "--amend", "-m", "Guard the handler\n\n* prevents: INC-7 (squashed)"], at: FixRepo.recovered + 7300)
        #expect(!r.git(["log", "-1", "--format=%B"]).out.contains("Prevents: INC-7"), "a Prevents line anywhere counts")
    }

    /// The trailer check matched the id as a substring: on `autoheal/INC-7-…`, a message naming INC-77
    /// kept the hook from adding `Prevents: INC-7`. A commit made while a rebase of the fix branch was
    /// stopped (HEAD detached) got no trailer at all.
    @Test("prepare-commit-msg compares ids whole, and tags a commit made during a stopped rebase")
    func trailerIdsWholeAndDuringRebase() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, [("app.py", "def handler(x):\n    return x or 0\n", "Fix both\n\nPrevents: INC-77")])
        #expect(trailers(r) == ["INC-77", "INC-7"])
        Exec.git(["rebase", "-q", "-i", "main"], in: r.repo, env: ["GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/edit/"])
        r.write("new.txt", "added while stopped\n")
        r.commit("Added during the stop", at: FixRepo.recovered + 3800)
        #expect(trailers(r) == ["INC-7"], "\(r.git(["log", "-1", "--format=%B"]).out)")
        Exec.git(["rebase", "--continue"], in: r.repo)
    }

    @Test("commit-msg refuses only a malformed Prevents trailer")
    func trailerForm() {
        let r = FixRepo(hooks: true)
        r.write("c.txt", "c\n")
        Exec.git(["add", "-A"], in: r.repo)
        let bad = Exec.run("/usr/bin/git", ["commit", "-q", "-m", "Fix\n\nPrevents: the outage"], cwd: r.repo,
                           env: ["GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@x"])
        #expect(bad.code != 0)
        #expect(bad.err.contains("malformed trailer"))
        r.commit("Fix\n\nPrevents: INC-7, INC-8", at: FixRepo.recovered)
        r.write("d.txt", "d\n")
        r.commit("Plain commit", at: FixRepo.recovered)
    }

    /// Incident ids are free text (PagerDuty's own ids, `OPS-2025-5`): the hooks take any id `prevent`
    /// takes. `prevent` records a branch's incident in the git configuration, where prepare-commit-msg
    /// reads it, since the branch name alone does not say where an id with dashes and digits ends.
    @Test("Hooks and sync take any incident id, not only LETTERS-DIGITS")
    func freeFormIDs() {
        let r = FixRepo(incident: "OPS-2025-5", hooks: true)
        let other = #"{"incident":"OPS-2025","type":"incident.declared","at":"2026-11-09T00:00:00Z","service":"checkout","severity":"SEV3"}"#
        #expect(r.autoheal(["import", "-"], stdin: other + "\n").code == 0)
        r.git(["checkout", "-q", "-b", "autoheal/OPS-2025-5-bound-retries"])
        r.git(["config", "branch.autoheal/OPS-2025-5-bound-retries.autohealIncident", "OPS-2025-5"])
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler", at: FixRepo.recovered + 3600)
        #expect(trailers(r) == ["OPS-2025-5"])
        #expect(r.status("OPS-2025-5") == "committed")
        #expect(r.status("OPS-2025") != "committed")

        r.write("q.txt", "q\n")
        let pagerDuty = r.commit("Fix\n\nPrevents: Q0RIJJZL24RC6W", at: FixRepo.recovered + 3700)
        #expect(pagerDuty.code == 0, "commit-msg accepts any id: \(pagerDuty.err)")

        r.git(["checkout", "-q", "main"])
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/OPS-2025-5-bound-retries'", "autoheal/OPS-2025-5-bound-retries"],
              at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status("OPS-2025-5") == "landed")
        #expect(r.status("OPS-2025") != "landed", "OPS-2025 is another incident")
    }

    /// `hooks install --db PATH` wrote nothing of PATH for the hooks, which then wrote to the default
    /// ledger in `.git/autoheal` (creating it) while the named one never saw the commit.
    @Test("Hooks write to the ledger named at install")
    func ledgerNamedAtInstall() {
        let r = FixRepo()
        let ledger = r.dir.path + "/elsewhere/ledger.sqlite"
        #expect(r.autoheal(["--db", ledger, "import", "-"], stdin: #"{"incident":"INC-7","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}"# + "\n").code == 0)
        #expect(r.autoheal(["--db", ledger, "hooks", "install"]).code == 0)
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler", at: FixRepo.recovered + 3600)
        let show = r.autoheal(["--db", ledger, "show", "INC-7", "--json"]).json as? [String: Any]
        #expect((show?["prevention"] as? [String: Any])?["status"] as? String == "committed")
        // The default ledger in .git/autoheal (where FixRepo imported the incident too) saw nothing of it.
        #expect(r.status() != "committed")
    }

    @Test("An existing hook is kept, still runs, and is restored byte for byte")
    func chained() throws {
        let r = FixRepo()
        let hook = r.repo + "/.git/hooks/post-commit"
        let original = "#!/bin/sh\n# team hook\necho ran >> \"$(git rev-parse --git-dir)/team-hook-ran\"\n"
        try original.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o751], ofItemAtPath: hook)
        let install = r.autoheal(["hooks", "install", "--json"])
        #expect(install.code == 0, "\(install.err)")
        let status = (install.json as! [String: Any])["hooks"] as! [[String: Any]]
        #expect(status.first { $0["name"] as? String == "post-commit" }?["chained"] as? Bool == true)
        #expect(r.autoheal(["hooks", "install"]).code == 0) // idempotent
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-x"])
        r.write("e.txt", "e\n")
        r.commit("Fix", at: FixRepo.recovered + 60)
        #expect(FileManager.default.fileExists(atPath: r.repo + "/.git/team-hook-ran"))
        #expect(events(r, "prevention.committed").count == 1)
        #expect(r.autoheal(["hooks", "uninstall"]).code == 0)
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == original)
        let mode = try FileManager.default.attributesOfItem(atPath: hook)[.posixPermissions] as? Int
        #expect(mode == 0o751)
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/hooks/prepare-commit-msg"))
        let after = (r.autoheal(["hooks", "status", "--json"]).json as! [String: Any])["hooks"] as! [[String: Any]]
        #expect(after.allSatisfy { $0["installed"] as? Bool == false })

        // A hook that is a dangling symbolic link was overwritten, not kept, and gone after uninstall.
        let link = r.repo + "/.git/hooks/reference-transaction"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nonexistent/rt")
        #expect(r.autoheal(["hooks", "install"]).code == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link + ".autoheal-orig") == "/nonexistent/rt")
        #expect(r.autoheal(["hooks", "uninstall"]).code == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/nonexistent/rt")
    }

    @Test("core.hooksPath is honoured")
    func hooksPath() {
        let r = FixRepo()
        r.git(["config", "core.hooksPath", ".githooks"])
        let s = r.autoheal(["hooks", "install", "--json"])
        #expect((s.json as! [String: Any])["hooks_path"] as? String == r.repo + "/.githooks")
        // Relative, it is read from each worktree's own root: prevent's worktrees would run no hooks.
        #expect(s.err.contains("core.hooksPath is relative (.githooks)"), "\(s.err)")
        #expect(FileManager.default.isExecutableFile(atPath: r.repo + "/.githooks/prepare-commit-msg"))
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-y"])
        r.write("f.txt", "f\n")
        r.commit("Fix", at: FixRepo.recovered + 60)
        #expect(trailers(r) == ["INC-7"])
    }

    @Test("A commit in a worktree is recorded in the shared ledger")
    func worktree() {
        let r = FixRepo(hooks: true)
        let wt = r.dir.path + "/wt"
        r.git(["worktree", "add", "-q", "-b", "autoheal/INC-7-wt", wt])
        r.dir.write("wt/g.txt", "g\n")
        r.commit("Fix in a worktree", at: FixRepo.recovered + 60, in: wt)
        #expect(trailers(r, "HEAD", in: wt) == ["INC-7"])
        #expect(events(r, "prevention.committed").count == 1)
    }

    @Test("A hook that cannot reach the database leaves the commit intact and logs why")
    func unreachableDatabase() throws {
        let r = FixRepo(hooks: true)
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-z"])
        r.write("h.txt", "h\n")
        r.commit("Fix", at: FixRepo.recovered + 60, env: ["AUTOHEAL_DB": "/dev/null/nope/ledger.sqlite"])
        #expect(trailers(r) == ["INC-7"])
        #expect(r.git(["log", "-1", "--format=%s"]).out == "Fix\n")
        var log = try String(contentsOfFile: r.repo + "/.git/autoheal/hooks.log", encoding: .utf8)
        #expect(log.contains("post-commit") && log.contains("failed"))
        // The background retry fails too, and says why (it logged only "failed").
        for _ in 0..<50 where !log.contains("--wait 600000 failed: autoheal:") {
            usleep(100_000)
            log = (try? String(contentsOfFile: r.repo + "/.git/autoheal/hooks.log", encoding: .utf8)) ?? log
        }
        #expect(log.contains("--wait 600000 failed: autoheal:"), "\(log)")
    }

    /// The post-commit hook waited up to a minute (SQLite's busy timeout) for a ledger another process
    /// held, and then lost the event. It waits briefly, lets git go on, and records in the background.
    @Test("A ledger held by another process neither stalls the commit nor loses the event", .timeLimit(.minutes(1)))
    func lockedLedger() throws {
        let r = FixRepo(hooks: true)
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        let holder = try holdLedger(r, seconds: 6)
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.git(["add", "-A"])
        let (code, took) = timedGit(r, ["commit", "-q", "-m", "Guard the handler"])
        #expect(code == 0)
        #expect(took < 4, "git commit took \(took) s")
        holder.waitUntilExit()
        let head = r.head()
        var recorded = false
        for _ in 0..<100 where !recorded {
            recorded = events(r, "prevention.committed").contains { ($0["attrs"] as? [String: Any])?["commit"] as? String == head }
            if !recorded { usleep(100_000) }
        }
        #expect(recorded, "recorded in the background once the ledger was free")
    }

    /// Holds the ledger's write lock from another process for `seconds` (a long import, say).
    func holdLedger(_ r: FixRepo, seconds: Int) throws -> Process {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(\(seconds)); c.execute('COMMIT')
            """, r.db]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        _ = out.fileHandleForReading.availableData   // "locked"
        return holder
    }

    /// Runs git in the repository and times it, in a process of its own: Foundation's waitUntilExit here
    /// returned only once a lock holder (another child of this process) had exited too.
    func timedGit(_ r: FixRepo, _ args: [String], env: [String: String] = [:]) -> (code: Int, seconds: Double) {
        var e = ["GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                 "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"]
        for (k, v) in env { e[k] = v }
        let timed = Exec.run("/usr/bin/env", ["python3", "-c", "import subprocess, sys, time; t = time.time(); "
                             + "r = subprocess.run(sys.argv[1:]); print(r.returncode, time.time() - t)",
                             "git", "-C", r.repo] + args, cwd: r.repo, stdin: nil, env: e)
        let fields = timed.out.split(separator: " ")
        guard fields.count == 2, let code = Int(fields[0]), let took = Double(fields[1].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return (-1, 99)
        }
        return (code, took)
    }

    @Test("8 committers in 8 worktrees at once lose no prevention.committed")
    func concurrentCommitters() async {
        let r = FixRepo(hooks: true)
        var events = ""
        for k in 0..<8 {
            events += #"{"incident":"INC-\#(100 + k)","type":"sli.recovered","at":"2026-11-10T03:08:00Z","service":"s"}"# + "\n"
        }
        #expect(r.autoheal(["import", "-"], stdin: events).code == 0)
        var trees: [String] = []
        for k in 0..<8 {
            let wt = r.dir.path + "/wt\(k)"
            r.git(["worktree", "add", "-q", "-b", "autoheal/INC-\(100 + k)-fix", wt])
            r.dir.write("wt\(k)/fix\(k).txt", "\(k)\n")
            Exec.git(["add", "-A"], in: wt)
            trees.append(wt)
        }
        let env = ["GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@x", "AUTOHEAL_DB": ""]
        let codes = await withTaskGroup(of: Int32.self) { group in
            for wt in trees {
                group.addTask { Exec.run("/usr/bin/git", ["commit", "-q", "-m", "Fix"], cwd: wt, env: env).code }
            }
            var all: [Int32] = []
            for await c in group { all.append(c) }
            return all
        }
        #expect(codes.allSatisfy { $0 == 0 })
        for k in 0..<8 {
            let doc = r.autoheal(["show", "INC-\(100 + k)", "--json"]).json as! [String: Any]
            #expect((doc["prevention"] as! [String: Any])["status"] as? String == "committed", "INC-\(100 + k)")
        }
    }

    @Test("post-merge on the default branch syncs in the background")
    func postMergeSync() async throws {
        let r = FixRepo(hooks: true)
        r.fixBranch()
        r.git(["merge", "-q", "--no-ff", "-m", "Merge fix", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 86_400)
        var status: String?
        for _ in 0..<50 {
            status = r.status()
            if status == "landed" { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        #expect(status == "landed")
        #expect(r.mttp() == 86_400)
    }
}

@Suite("Server-side hook")
struct ServerHookTests {
    /// A fix repository and a bare server beside it with autoheal's hooks and INC-7 in its ledger; the
    /// environment fixes the server's "now".
    static func serverWithHooks() -> (FixRepo, String, [String: String]) {
        let r = FixRepo()
        let server = r.dir.path + "/server.git"
        Exec.git(["init", "-q", "--bare", "-b", "main", server], in: r.dir.path)
        let env = ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-11-12T03:08:00Z"]
        #expect(Exec.run(Exec.binary, ["-C", server, "hooks", "install"], env: env).code == 0)
        let incident = #"{"incident":"INC-7","type":"sli.recovered","at":"2026-11-10T03:08:00Z","service":"checkout"}"#
        #expect(Exec.run(Exec.binary, ["-C", server, "import", "-"], stdin: incident, env: env).code == 0)
        return (r, server, env)
    }

    @Test("post-receive records the push time as the landing time, precision server")
    func postReceive() throws {
        let (r, server, env) = Self.serverWithHooks()
        r.git(["push", "-q", server, "main"])
        r.fixBranch(hours: 5)
        r.git(["merge", "-q", "--no-ff", "-m", "Merge fix", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 3600 * 6)
        // The push happens "now" for the server (AUTOHEAL_NOW reaches the hook through git's environment).
        Exec.git(["push", "-q", server, "main"], in: r.repo, env: env)
        let show = Exec.run(Exec.binary, ["-C", server, "show", "INC-7", "--json"], env: env).json as! [String: Any]
        let landed = (show["prevention"] as! [String: Any])["landed"] as? [String: Any]
        #expect(landed?["precision"] as? String == "server")
        #expect(landed?["at"] as? String == "2026-11-12T03:08:00Z")
        #expect(((show["clocks"] as! [String: Any])["prevention"] as! [String: Any])["seconds"] as? Int == 2 * 86_400)
    }
}

extension HookTests {
    /// With a bare repository and a separate work tree (`GIT_DIR=…/dot.git GIT_WORK_TREE=…/wt`, the
    /// dotfiles layout), autoheal looked for a repository around the working directory only: `sync` said
    /// "not inside a git repository", every hook failed, and `incidents` read the $XDG_DATA_HOME ledger.
    @Test("GIT_DIR and GIT_WORK_TREE name the repository, as for git")
    func gitDirEnvironment() throws {
        let dir = TempDir()
        let bare = dir.path + "/dot.git", tree = dir.path + "/wt"
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        Exec.git(["init", "-q", "--bare", "-b", "main", bare], in: dir.path)
        let env = ["GIT_DIR": bare, "GIT_WORK_TREE": tree, "AUTOHEAL_DB": "", "XDG_DATA_HOME": dir.path + "/xdg"]
        dir.write("wt/a.txt", "a\n")
        Exec.git(["add", "a.txt"], in: tree, env: env)
        Exec.git(["commit", "-q", "-m", "init"], in: tree, env: env)
        let sync = Exec.run(Exec.binary, ["sync"], cwd: tree, env: env)
        #expect(sync.code == 0, "\(sync.err)")
        #expect(Exec.run(Exec.binary, ["hooks", "install"], cwd: tree, env: env).code == 0)
        #expect(FileManager.default.isExecutableFile(atPath: bare + "/hooks/post-commit"))
        let incident = #"{"incident":"INC-7","type":"sli.recovered","at":"2026-11-10T03:08:00Z","service":"checkout"}"#
        #expect(Exec.run(Exec.binary, ["import", "-"], cwd: tree, stdin: incident + "\n", env: env).code == 0)
        #expect(FileManager.default.fileExists(atPath: bare + "/autoheal/autoheal.sqlite"), "the repository's ledger")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/xdg/autoheal/autoheal.sqlite"))
        Exec.git(["checkout", "-q", "-b", "autoheal/INC-7-x"], in: tree, env: env)
        dir.write("wt/b.txt", "b\n")
        Exec.git(["add", "b.txt"], in: tree, env: env)
        Exec.git(["commit", "-q", "-m", "Fix"], in: tree, env: env)
        let show = Exec.run(Exec.binary, ["show", "INC-7", "--json"], cwd: tree, env: env).json as? [String: Any]
        #expect((show?["prevention"] as? [String: Any])?["status"] as? String == "committed")
        let log = (try? String(contentsOfFile: bare + "/autoheal/hooks.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("failed"), "\(log)")
        // A GIT_DIR that is no repository is said, not passed over for another ledger.
        let wrong = Exec.run(Exec.binary, ["incidents"], cwd: tree, env: env.merging(["GIT_DIR": dir.path + "/nothing"]) { $1 })
        #expect(wrong.code == 64 && wrong.err.contains("is not a git repository"), "\(wrong.err)")
    }
}

extension HookTests {
    func commits(_ r: FixRepo) -> [String] {
        ((r.show()["prevention"] as? [String: Any])?["commits"] as? [String]) ?? []
    }

    func hooksLog(_ r: FixRepo) -> String {
        (try? String(contentsOfFile: r.repo + "/.git/autoheal/hooks.log", encoding: .utf8)) ?? ""
    }

    /// post-commit recorded each commit a rebase made (HEAD detached, no branch), and post-rewrite's
    /// record of the same commit on the branch then failed ("already in the ledger with different
    /// content"), logged on every rebase; `show` listed every rewritten commit (6 after squashing 3).
    @Test("A rebase logs no failure, and the fix commits listed are the rewritten ones")
    func rebaseAndSquash() {
        let r = FixRepo(hooks: true)
        fixBranchBehindMain(r, [("app.py", "def handler(x):\n    return x or 0\n", "Guard the handler")])
        r.git(["rebase", "-q", "main"], at: FixRepo.recovered + 3800)
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
        #expect(commits(r) == [r.head()])

        // Three more commits squashed into one with rebase -i: only the squashed commit is listed.
        for k in 1...3 {
            r.write("s\(k).txt", "\(k)\n")
            r.commit("Step \(k)", at: FixRepo.recovered + 4000 + Int64(k))
        }
        let squash = "sed -i '2,$s/^pick/squash/'"
        Exec.git(["rebase", "-q", "-i", "HEAD~3"], in: r.repo, env: ["GIT_SEQUENCE_EDITOR": squash, "GIT_EDITOR": "true"])
        #expect(r.git(["rev-list", "--count", "main..HEAD"]).out == "2\n")
        #expect(!hooksLog(r).contains("failed"), "\(hooksLog(r))")
        let first = r.git(["rev-parse", "HEAD~1"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commits(r) == [first, r.head()])
        // An amend replaces the commit too.
        r.git(["commit", "-q", "--amend", "-m", "Steps\n\nPrevents: INC-7"], at: FixRepo.recovered + 5000)
        #expect(commits(r) == [first, r.head()])
        // A commit added at an `edit` stop: git's rewritten list maps the edited commit to the new HEAD,
        // but the edited commit is still on the branch, so it stays listed.
        let edited = first
        Exec.git(["rebase", "-q", "-i", "HEAD~2"], in: r.repo, env: ["GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/edit/"])
        r.write("during.txt", "added at the stop\n")
        r.commit("Added at the stop", at: FixRepo.recovered + 6000)
        Exec.git(["rebase", "--continue"], in: r.repo)
        #expect(commits(r).contains(edited), "\(commits(r))")
        #expect(commits(r).contains(r.head()))
    }
}

extension HookTests {
    /// A refused install had already moved aside and wrapped the hooks it reached before the check that
    /// failed (`commit-msg.autoheal-orig already exists`), leaving them half installed.
    @Test("A refused hooks install changes nothing")
    func refusedInstallChangesNothing() throws {
        let r = FixRepo()
        let hooks = r.repo + "/.git/hooks"
        func put(_ name: String, _ text: String) throws {
            try text.write(toFile: hooks + "/" + name, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hooks + "/" + name)
        }
        try put("commit-msg", "#!/bin/sh\necho user-cm\n")
        #expect(r.autoheal(["hooks", "install"]).code == 0)
        // Another tool rewrites two hooks afterwards.
        try put("commit-msg", "#!/bin/sh\necho tool-cm\n")
        try put("prepare-commit-msg", "#!/bin/sh\necho tool-pcm\n")
        let before = try FileManager.default.contentsOfDirectory(atPath: hooks).sorted()
        let again = r.autoheal(["hooks", "install"])
        #expect(again.code != 0)
        #expect(again.err.contains("commit-msg.autoheal-orig already exists"), "\(again.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: hooks).sorted() == before)
        #expect(try String(contentsOfFile: hooks + "/prepare-commit-msg", encoding: .utf8) == "#!/bin/sh\necho tool-pcm\n")
        #expect(try String(contentsOfFile: hooks + "/commit-msg", encoding: .utf8) == "#!/bin/sh\necho tool-cm\n")
        #expect(try String(contentsOfFile: hooks + "/commit-msg.autoheal-orig", encoding: .utf8) == "#!/bin/sh\necho user-cm\n")
    }
}

extension HookTests {
    func waitForStatus(_ r: FixRepo, _ wanted: String) async throws -> String? {
        var status: String?
        for _ in 0..<50 {
            status = r.status()
            if status == wanted { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return status
    }

    /// post-commit synced only after a commit carrying `Prevents:`, so a local `git revert` of a fix
    /// that had landed on the default branch (no remote) went unnoticed until someone ran `sync`.
    @Test("A revert committed on the default branch reopens prevention at once")
    func revertOnDefaultBranch() async throws {
        let r = FixRepo(hooks: true)
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 3600)
        #expect(try await waitForStatus(r, "landed") == "landed")
        r.git(["revert", "--no-edit", "HEAD"], at: FixRepo.recovered + 7200)
        #expect(try await waitForStatus(r, "reverted") == "reverted")
    }
}

extension ServerHookTests {
    /// post-receive only looked at the commits a push brought, so a force-push that took a landed fix
    /// away left the server's ledger saying `landed` (sync reopens such landings; the receive path did not).
    @Test("post-receive reopens prevention when a force-push takes the landed fix away, and lands it again when it comes back")
    func forcePush() throws {
        let (r, server, env) = Self.serverWithHooks()
        func prevention() -> [String: Any] {
            let show = Exec.run(Exec.binary, ["-C", server, "show", "INC-7", "--json"], env: env).json as! [String: Any]
            return show["prevention"] as! [String: Any]
        }
        r.git(["push", "-q", server, "main"])
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 3600)
        Exec.git(["push", "-q", server, "main"], in: r.repo, env: env)
        #expect(prevention()["status"] as? String == "landed")
        Exec.git(["push", "-q", "-f", server, "HEAD~1:main"], in: r.repo, env: env)
        #expect(prevention()["status"] as? String == "reverted")
        Exec.git(["push", "-q", server, "main"], in: r.repo, env: env)
        #expect(prevention()["status"] as? String == "landed")
        #expect((prevention()["landed"] as? [String: Any])?["commit"] as? String == r.head())
        // A force-push that keeps the fix under another id (an amend) reopens nothing.
        r.git(["commit", "-q", "--amend", "-m", "Guard the handler, reworded\n\nPrevents: INC-7"], at: FixRepo.recovered + 7200)
        Exec.git(["push", "-q", "-f", server, "main"], in: r.repo, env: env)
        #expect(prevention()["status"] as? String == "landed")
        let events = (Exec.run(Exec.binary, ["-C", server, "show", "INC-7", "--json"], env: env).json as! [String: Any])["events"] as! [[String: Any]]
        #expect(events.filter { $0["type"] as? String == "prevention.reverted" }.count == 1)
        let log = (try? String(contentsOfFile: server + "/autoheal/hooks.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("failed"), "\(log)")
    }
}

/// Repositories under one `core.hooksPath` from the global configuration, with a HOME (and global git
/// configuration) of their own, so the shared hooks path never reaches another test or the user.
final class SharedHooks {
    let dir = TempDir()
    var home: String { dir.path + "/home" }
    var hooks: String { dir.path + "/shared-hooks" }
    var env: [String: String] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/.config", "GIT_CONFIG_GLOBAL": home + "/.gitconfig",
         "AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"]
    }
    /// The user's own global post-commit hook, there before autoheal: it notes each repository it runs in.
    static let userHook = "#!/bin/sh\nbasename \"$PWD\" >> \"${0%/*}/../user-hook-ran\"\n"

    init() throws {
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Self.userHook.write(toFile: hooks + "/post-commit", atomically: true, encoding: .utf8)
        chmod(hooks + "/post-commit", 0o755)
        Exec.git(["config", "--global", "core.hooksPath", hooks], in: dir.path, env: env)
    }

    /// A new repository whose default branch is `branch`, with one commit; returns its path.
    @discardableResult
    func repository(_ name: String, branch: String = "main") -> String {
        let path = dir.path + "/" + name
        Exec.git(["init", "-q", "-b", branch, path], in: dir.path, env: env)
        dir.write(name + "/app.py", "def handler(x):\n    return x\n")
        commit("initial", in: path)
        return path
    }

    @discardableResult
    func git(_ args: [String], in path: String) -> Run { Exec.git(args, in: path, env: env) }

    func commit(_ message: String, in path: String, file: String = "app.py") {
        try? (UUID().uuidString + "\n").write(toFile: path + "/" + file, atomically: true, encoding: .utf8)
        git(["add", "-A"], in: path)
        git(["commit", "-q", "-m", message], in: path)
    }

    func autoheal(_ args: [String], in path: String, stdin: String? = nil) -> Run {
        Exec.run(Exec.binary, args, cwd: path, stdin: stdin, env: env)
    }

    func head(_ path: String) -> String { git(["rev-parse", "HEAD"], in: path).out.trimmingCharacters(in: .whitespacesAndNewlines) }

    func trailers(_ path: String) -> [String] {
        git(["log", "-1", "--format=%(trailers:key=Prevents,valueonly)"], in: path).out
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// INC-7's prevention in the ledger `args` name (`--db PATH`, or none for the repository's own).
    func prevention(_ path: String, _ args: [String] = [], _ incident: String = "INC-7") -> [String: Any] {
        ((autoheal(args + ["show", incident, "--json"], in: path).json as? [String: Any])?["prevention"] as? [String: Any]) ?? [:]
    }

    /// Waits for a background sync to land INC-7; returns its landing commit.
    func landed(_ path: String, _ args: [String] = []) async throws -> String? {
        for _ in 0..<50 {
            if prevention(path, args)["status"] as? String == "landed" { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return (prevention(path, args)["landed"] as? [String: Any])?["commit"] as? String
    }

    func importIncident(_ path: String, _ args: [String] = [], _ incident: String = "INC-7") {
        let events = #"{"incident":"\#(incident)","type":"sli.recovered","at":"2026-11-10T03:08:00Z","service":"checkout"}"# + "\n"
        #expect(autoheal(args + ["import", "-"], in: path, stdin: events).code == 0)
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

extension HookTests {
    /// With `core.hooksPath` in the global configuration, `hooks install` wrote one env.sh holding one
    /// repository's default branch and ledger into the directory every repository runs hooks from, so
    /// every other repository landed its fixes by that branch, into that ledger.
    @Test("Repositories sharing a global hooks path land by their own default branch into their own ledger")
    func sharedHooksPath() async throws {
        let s = try SharedHooks()
        let a = s.repository("a", branch: "main"), b = s.repository("b", branch: "master")
        let bLedger = s.dir.path + "/b-ledger.sqlite"
        let installA = s.autoheal(["hooks", "install"], in: a)
        #expect(installA.code == 0, "\(installA.err)")
        #expect(installA.err.contains("every repository runs the hooks in"), "\(installA.err)")
        #expect(s.autoheal(["--db", bLedger, "hooks", "install"], in: b).code == 0)
        s.importIncident(a)
        s.importIncident(b, ["--db", bLedger])

        // The shared env.sh holds nothing of either repository; each one's settings are in its git dir.
        let env = s.read(s.hooks + "/autoheal-hooks/env.sh")
        #expect(env.contains("AUTOHEAL_SHARED=1") && env.contains("AUTOHEAL_BIN="), "\(env)")
        #expect(!env.contains("AUTOHEAL_DEFAULT_BRANCH") && !env.contains("AUTOHEAL_PREFIX") && !env.contains("AUTOHEAL_DB"), "\(env)")
        #expect(s.read(a + "/.git/autoheal/hooks-env.sh").contains("AUTOHEAL_DEFAULT_BRANCH='main'"))
        let bEnv = s.read(b + "/.git/autoheal/hooks-env.sh")
        #expect(bEnv.contains("AUTOHEAL_DEFAULT_BRANCH='master'") && bEnv.contains(bLedger), "\(bEnv)")
        #expect(s.read(s.hooks + "/post-commit.autoheal-orig") == SharedHooks.userHook, "the user's hook is kept")

        // A fix committed on each default branch lands, by that branch, in that repository's ledger.
        s.commit("Guard the handler\n\nPrevents: INC-7", in: a)
        #expect(try await s.landed(a) == s.head(a))
        s.commit("Guard the handler\n\nPrevents: INC-7", in: b)
        #expect(try await s.landed(b, ["--db", bLedger]) == s.head(b))
        #expect(!s.exists(b + "/.git/autoheal/autoheal.sqlite"), "b's hooks wrote to b's named ledger only")
        // A linked worktree finds its repository's settings too (through its git dir's `commondir`).
        s.git(["worktree", "add", "-q", "-b", "autoheal/INC-7-retries", s.dir.path + "/a-wt"], in: a)
        s.commit("Bound the retries", in: s.dir.path + "/a-wt")
        #expect(s.trailers(s.dir.path + "/a-wt") == ["INC-7"])
        #expect((s.prevention(a)["commits"] as? [String])?.contains(s.head(s.dir.path + "/a-wt")) == true)

        let status = s.autoheal(["hooks", "status", "--json"], in: a).json as? [String: Any]
        #expect(status?["shared"] as? Bool == true && status?["installed"] as? Bool == true)
        #expect(status?["settings"] as? String == a + "/.git/autoheal/hooks-env.sh")
        for path in [a, b] {
            let log = s.read(path + "/.git/autoheal/hooks.log")
            #expect(!log.contains("failed"), "\(log)")
        }
    }

    /// A repository where autoheal was never installed ran autoheal's hooks with another repository's
    /// settings; now autoheal does nothing there, and the user's own global hook runs as before.
    @Test("A repository without autoheal under a shared hooks path runs only the user's hook")
    func sharedHooksPathElsewhere() throws {
        let s = try SharedHooks()
        let a = s.repository("a")
        #expect(s.autoheal(["hooks", "install"], in: a).code == 0)
        s.importIncident(a)
        let c = s.repository("c")
        s.commit("Guard the handler\n\nPrevents: INC-7", in: c)
        s.git(["checkout", "-q", "-b", "autoheal/INC-7-retries"], in: c)
        s.commit("Bound the retries", in: c)
        #expect(s.trailers(c).isEmpty, "no trailer added")
        s.git(["worktree", "add", "-q", "-b", "autoheal/INC-7-more", s.dir.path + "/c-wt"], in: c)
        s.commit("More", in: s.dir.path + "/c-wt")
        s.git(["checkout", "-q", "main"], in: c)
        s.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-7-retries'", "autoheal/INC-7-retries"], in: c)
        #expect(s.trailers(s.dir.path + "/c-wt").isEmpty)
        #expect(!s.exists(c + "/.git/autoheal"), "no ledger, no hooks.log, no settings")
        // The user's hook ran for every commit in c (initial, two, the worktree's; a merge runs post-merge) as before.
        let ran = s.read(s.hooks + "/../user-hook-ran").split(separator: "\n")
        #expect(ran.filter { $0 == "c" }.count == 3 && ran.filter { $0 == "c-wt" }.count == 1, "\(ran)")
        #expect(s.prevention(a)["status"] as? String != "landed", "c's commits reached a's ledger")
        let status = s.autoheal(["hooks", "status", "--json"], in: c)
        #expect((status.json as? [String: Any])?["installed"] as? Bool == false)
        #expect(s.autoheal(["hooks", "status"], in: c).out.contains("not installed in this repository"))
    }

    @Test("Uninstalling in one repository of a shared hooks path leaves the others working; --all removes the hooks")
    func sharedHooksPathUninstall() throws {
        let s = try SharedHooks()
        let a = s.repository("a"), b = s.repository("b", branch: "master")
        #expect(s.autoheal(["hooks", "install"], in: a).code == 0)
        #expect(s.autoheal(["hooks", "install"], in: b).code == 0)
        s.importIncident(a)
        s.importIncident(b)
        let off = s.autoheal(["hooks", "uninstall"], in: b)
        #expect(off.code == 0, "\(off.err)")
        #expect(off.err.contains("stay for the other repositories") && off.err.contains("--all"), "\(off.err)")
        #expect(!s.exists(b + "/.git/autoheal/hooks-env.sh"))
        #expect(s.exists(s.hooks + "/autoheal-hooks/post-commit") && s.exists(s.hooks + "/post-commit.autoheal-orig"))
        s.git(["checkout", "-q", "-b", "autoheal/INC-7-retries"], in: b)
        s.commit("Bound the retries", in: b)
        #expect(s.trailers(b).isEmpty)
        #expect(s.prevention(b)["status"] as? String != "committed")
        s.git(["checkout", "-q", "-b", "autoheal/INC-7-retries"], in: a)
        s.commit("Bound the retries", in: a)
        #expect(s.trailers(a) == ["INC-7"])
        #expect(s.prevention(a)["status"] as? String == "committed")

        // Hooks installed there before settings were kept per repository (env.sh holding one repository's
        // settings) are still every repository's: uninstall without --all removed them for all.
        try "AUTOHEAL_BIN='autoheal'\nAUTOHEAL_PREFIX='autoheal/'\nAUTOHEAL_DEFAULT_BRANCH='main'\n"
            .write(toFile: s.hooks + "/autoheal-hooks/env.sh", atomically: true, encoding: .utf8)
        #expect(s.autoheal(["hooks", "uninstall"], in: b).code == 0)
        #expect(s.exists(s.hooks + "/autoheal-hooks/post-commit") && s.exists(s.hooks + "/post-commit.autoheal-orig"))
        #expect(s.autoheal(["hooks", "install"], in: a).code == 0)

        // --all takes autoheal's hooks away for every repository and gives the user's hook back.
        #expect(s.autoheal(["hooks", "uninstall", "--all"], in: a).code == 0)
        #expect(s.read(s.hooks + "/post-commit") == SharedHooks.userHook)
        #expect(!s.exists(s.hooks + "/autoheal-hooks") && !s.exists(s.hooks + "/prepare-commit-msg"))
        #expect(!s.exists(a + "/.git/autoheal/hooks-env.sh"))
    }

    /// The refusal this replaced kept one repository's settings out of the hooks every repository runs;
    /// so does a shared install, also over an env.sh an install from before shared hooks left there.
    @Test("One repository's settings never reach the shared hooks; a repository's own hooks path is installed as before")
    func sharedHooksPathSettingsStayHome() throws {
        let s = try SharedHooks()
        let a = s.repository("a")
        try FileManager.default.createDirectory(atPath: s.hooks + "/autoheal-hooks", withIntermediateDirectories: true)
        try "AUTOHEAL_BIN='autoheal'\nAUTOHEAL_PREFIX='autoheal/'\nAUTOHEAL_DEFAULT_BRANCH='trunk'\n"
            .write(toFile: s.hooks + "/autoheal-hooks/env.sh", atomically: true, encoding: .utf8)
        let install = s.autoheal(["hooks", "install"], in: a)
        #expect(install.code == 0, "\(install.err)")
        #expect(install.err.contains("held one repository's settings"), "\(install.err)")
        #expect(!s.read(s.hooks + "/autoheal-hooks/env.sh").contains("trunk"))
        // A repository's own core.hooksPath overrides the global one: its env.sh holds its settings, as always.
        let own = s.repository("own")
        s.git(["config", "core.hooksPath", own + "/.git/hooks"], in: own)
        let local = s.autoheal(["hooks", "install", "--json"], in: own)
        #expect(local.code == 0, "\(local.err)")
        #expect((local.json as? [String: Any])?["shared"] as? Bool == false)
        #expect(s.read(own + "/.git/hooks/autoheal-hooks/env.sh").contains("AUTOHEAL_DEFAULT_BRANCH='main'"))
        #expect(!s.exists(own + "/.git/autoheal/hooks-env.sh"))
        // And a repository's setting never reaches the others: a's hooks-env.sh is a's alone.
        #expect(!s.read(s.hooks + "/autoheal-hooks/env.sh").contains("AUTOHEAL_PREFIX"))
    }
}

extension HookTests {
    /// git reads `$GIT_CONFIG_GLOBAL` in place of `~/.gitconfig`; libgit2 does not, so with the shared
    /// hooks path only there, `hooks install` put the hooks into `.git/hooks`, which git never runs,
    /// and said they were installed.
    @Test("GIT_CONFIG_GLOBAL is read as git reads it")
    func gitConfigGlobalIsHonoured() throws {
        let s = try SharedHooks()
        let repo = s.repository("a")
        // The global configuration moves to another file; ~/.gitconfig no longer names the hooks path.
        let alt = s.dir.path + "/alt.gitconfig"
        try FileManager.default.moveItem(atPath: s.home + "/.gitconfig", toPath: alt)
        try "[user]\n\tname = Nobody\n".write(toFile: s.home + "/.gitconfig", atomically: true, encoding: .utf8)
        let install = Exec.run(Exec.binary, ["hooks", "install"], cwd: repo, env: s.env.merging(["GIT_CONFIG_GLOBAL": alt]) { _, b in b })
        #expect(install.code == 0, "\(install.err)")
        #expect(install.out.contains("hooks path: \(s.hooks)"), "\(install.out)")
        #expect(!s.exists(repo + "/.git/hooks/post-commit") || !s.read(repo + "/.git/hooks/post-commit").contains("autoheal"))
    }
}
