import Foundation
import Testing

/// A repository with an incident recovered at `recovered`, built with real `git`.
final class FixRepo {
    let dir = TempDir()
    var repo: String { dir.path + "/repo" }
    /// 2026-11-10T03:08:00Z — the seed incident's SLI recovery, where MTTP starts.
    static let recovered: Int64 = 1_794_280_080
    var db: String { repo + "/.git/autoheal/autoheal.sqlite" }

    init(incident: String = "INC-7", hooks: Bool = false) {
        try! FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        Exec.git(["init", "-q", "-b", "main"], in: repo)
        write("app.py", "def handler(x):\n    return x\n")
        commit("initial", at: Self.recovered - 86_400 * 30)
        if hooks { #expect(autoheal(["hooks", "install"]).code == 0) }
        let events = """
        {"incident":"\(incident)","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}
        {"incident":"\(incident)","type":"page.acknowledged","at":"2026-11-10T02:17:00Z"}
        {"incident":"\(incident)","type":"incident.declared","at":"2026-11-10T02:47:00Z","severity":"SEV2"}
        {"incident":"\(incident)","type":"sli.recovered","at":"2026-11-10T03:08:00Z"}
        """
        #expect(autoheal(["import", "-"], stdin: events).code == 0)
    }

    func write(_ path: String, _ text: String) { dir.write("repo/" + path, text) }

    /// A bare repository beside this one, empty, with `branch` as its HEAD, added as `origin`; its path.
    @discardableResult
    func addServer(branch: String = "main") -> String {
        let server = dir.path + "/server.git"
        Exec.git(["init", "-q", "--bare", "-b", branch, server], in: dir.path)
        git(["remote", "add", "origin", server])
        return server
    }

    static func date(_ seconds: Int64) -> String { "@\(seconds) +0000" }

    /// Commits everything with author and committer dates set.
    @discardableResult
    func commit(_ message: String, at seconds: Int64, in dir: String? = nil, env: [String: String] = [:]) -> Run {
        Exec.git(["add", "-A"], in: dir ?? repo)
        var e = ["GIT_AUTHOR_DATE": Self.date(seconds), "GIT_COMMITTER_DATE": Self.date(seconds)]
        for (k, v) in env { e[k] = v }
        return Exec.git(["commit", "-q", "-m", message], in: dir ?? repo, env: e)
    }

    /// The id of the commit `HEAD` names.
    func head() -> String { git(["rev-parse", "HEAD"]).out.trimmingCharacters(in: .whitespacesAndNewlines) }

    @discardableResult
    func git(_ args: [String], at seconds: Int64? = nil, in dir: String? = nil) -> Run {
        var e: [String: String] = [:]
        if let seconds { e = ["GIT_AUTHOR_DATE": Self.date(seconds), "GIT_COMMITTER_DATE": Self.date(seconds)] }
        return Exec.git(args, in: dir ?? repo, env: e)
    }

    @discardableResult
    func autoheal(_ args: [String], stdin: String? = nil, cwd: String? = nil) -> Run {
        Exec.run(Exec.binary, args, cwd: cwd ?? repo, stdin: stdin, env: ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"])
    }

    func show(_ incident: String = "INC-7") -> [String: Any] {
        autoheal(["show", incident, "--json"]).json as! [String: Any]
    }

    func mttp(_ incident: String = "INC-7") -> Int? {
        ((show(incident)["clocks"] as! [String: Any])["prevention"] as! [String: Any])["seconds"] as? Int
    }

    func status(_ incident: String = "INC-7") -> String? {
        (show(incident)["prevention"] as! [String: Any])["status"] as? String
    }

    /// A fix branch with one commit carrying the trailer, `hours` after recovery.
    /// Records `commit` as INC-7's fix through the MCP `record_prevention` tool, as a coding agent does.
    @discardableResult
    func recordPrevention(_ commit: String) -> Run {
        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"record_prevention","arguments":{"incident":"INC-7","commit":"\#(commit)"}}}"#
        return autoheal(["mcp"], stdin: call + "\n")
    }

    func fixBranch(_ name: String = "autoheal/INC-7-bound-retries", hours: Int64 = 5, trailer: Bool = true) {
        git(["checkout", "-q", "-b", name])
        write("app.py", "def handler(x):\n    if x is None:\n        raise ValueError('x')\n    return x\n")
        commit("Guard the handler" + (trailer ? "\n\nPrevents: INC-7" : ""), at: Self.recovered + hours * 3600)
        git(["checkout", "-q", "main"])
    }
}

@Suite("Landings and MTTP per merge strategy, in real repositories")
struct LandingTests {
    /// sync reads only the commits after the last tip it walked, so a fix that landed before its incident
    /// was imported, or a commit recorded for an incident (MCP `record_prevention`) after it was already
    /// on the branch, never landed; the incident stayed open, and overdue, for good.
    @Test("A fix on the branch before its incident was imported, or before it was recorded, lands at the next sync")
    func landingsSyncCouldNotRecogniseYet() {
        let r = FixRepo()
        #expect(r.autoheal(["sync"]).code == 0)
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Bound the retries\n\nPrevents: INC-9", at: FixRepo.recovered + 3600)
        #expect(r.autoheal(["sync"]).code == 0)                 // INC-9 is not in the ledger yet
        let late = #"{"incident":"INC-9","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}"# + "\n"
            + #"{"incident":"INC-9","type":"sli.recovered","at":"2026-11-10T03:08:00Z"}"# + "\n"
        #expect(r.autoheal(["import", "-"], stdin: late).code == 0)
        let again = r.autoheal(["sync", "--json"]).json as? [String: Any]
        #expect(again?["rescanned"] as? Bool == true)
        #expect(r.mttp("INC-9") == 3600)
        let quiet = r.autoheal(["sync", "--json"]).json as? [String: Any]
        #expect(quiet?["rescanned"] as? Bool == false && quiet?["walked"] as? Int == 0, "nothing new: no second walk")

        // A commit already on main, recorded for INC-7 afterwards (as an agent's record_prevention does).
        r.write("app.py", "def handler(x):\n    return x or 1\n")
        r.commit("Guard the handler", at: FixRepo.recovered + 7200)
        let fix = r.head()
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.recordPrevention(fix).code == 0)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 7200)
    }

    /// A walk over history already seen (after importing an unrelated incident) met the revert of a
    /// recorded fix commit again and applied it to the landing in force — the fix landed anew after the
    /// revert — recording a false reopening for good.
    @Test("A walk over history already seen does not apply an old revert to a fix landed after it")
    func rescanKeepsALandingMadeAfterARevert() {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 3600)
        let fix = r.head()
        #expect(r.recordPrevention(fix).code == 0)
        #expect(r.autoheal(["sync"]).code == 0)
        r.git(["revert", "--no-edit", fix], at: FixRepo.recovered + 7200)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "reverted")
        r.write("app.py", "def handler(x):\n    return x or 1\n")
        r.commit("Guard the handler again\n\nPrevents: INC-7", at: FixRepo.recovered + 9000)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        let other = #"{"incident":"INC-9","type":"alert.fired","at":"2026-11-12T02:00:00Z","service":"checkout"}"#
        #expect(r.autoheal(["import", "-"], stdin: other).code == 0)
        let again = r.autoheal(["sync", "--json"]).json as? [String: Any]
        #expect(again?["rescanned"] as? Bool == true)
        #expect((again?["reverted"] as? [Any])?.isEmpty == true, "\(String(describing: again))")
        #expect(r.status() == "landed")
        let reverted = (r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "prevention.reverted" }
        #expect(reverted.count == 1)
    }

    /// A receipt for the merge of a fix whose fix commit had already landed (or the reverse) failed with
    /// "lands no known preventive fix" though the merge names the fix branch.
    @Test("land on the other commit of a fix already landed says the first landing stands")
    func receiptForTheOtherCommitOfALanding() {
        let r = FixRepo()
        r.fixBranch(hours: 5)
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-7-bound-retries'", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 6 * 3600)
        let first = r.autoheal(["land", "--commit", "autoheal/INC-7-bound-retries", "--at", "2026-11-10T09:08:00Z"])
        #expect(first.code == 0, "\(first.err)")
        let second = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-10T09:10:00Z"])
        #expect(second.code == 0, "\(second.err)")
        #expect(second.out.contains("INC-7: already landed in"), "\(second.out)")
        #expect(r.status() == "landed")
    }

    /// A recorded commit already on the branch calls for one walk over the history seen; when that walk
    /// finds it reverted (so the incident stays open), later syncs must not walk it all again each time.
    @Test("A recorded commit that the walk finds reverted calls for one walk over seen history, not one per sync")
    func rescanForARecordedCommitHappensOnce() {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler", at: FixRepo.recovered + 3600)
        let fix = r.head()
        r.git(["revert", "--no-edit", fix], at: FixRepo.recovered + 7200)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.recordPrevention(fix).code == 0)
        let first = r.autoheal(["sync", "--json"]).json as? [String: Any]
        #expect(first?["rescanned"] as? Bool == true)
        #expect(r.status() != "landed")
        let second = r.autoheal(["sync", "--json"]).json as? [String: Any]
        #expect(second?["rescanned"] as? Bool == false && second?["walked"] as? Int == 0, "\(String(describing: second))")
    }

    /// git reads `PREVENTS:` as the same trailer (and the commit-msg hook accepted it), but sync only
    /// looked for `revents:`; a message written with CRLF (servers, bots, plumbing) was one long line.
    @Test("An upper-case PREVENTS: trailer and a CRLF message land the fix")
    func trailerCaseAndCRLF() {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Bound the retries\n\nPREVENTS: INC-7", at: FixRepo.recovered + 3600)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 3600)

        let crlf = FixRepo(incident: "INC-8")
        crlf.write("app.py", "def handler(x):\n    return x or 1\n")
        crlf.git(["add", "-A"])
        let tree = crlf.git(["write-tree"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = crlf.head()
        let made = Exec.git(["commit-tree", tree, "-p", parent], in: crlf.repo,
                            env: ["GIT_AUTHOR_DATE": FixRepo.date(FixRepo.recovered + 7200), "GIT_COMMITTER_DATE": FixRepo.date(FixRepo.recovered + 7200)],
                            stdin: "Fix retries (#12)\r\n\r\nPrevents: INC-8\r\n")
        let commit = made.out.trimmingCharacters(in: .whitespacesAndNewlines)
        crlf.git(["update-ref", "refs/heads/main", commit])
        #expect(crlf.autoheal(["sync"]).code == 0)
        #expect(crlf.mttp("INC-8") == 7200)
    }

    @Test("Merge commit: MTTP ends at the merge commit's committer time")
    func mergeCommit() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-7-bound-retries'", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 3 * 86_400)
        let sync = r.autoheal(["sync", "--json"])
        #expect(sync.code == 0, "\(sync.err)")
        #expect(r.mttp() == 3 * 86_400)
        #expect(r.status() == "landed")
        let landed = (r.show()["prevention"] as! [String: Any])["landed"] as! [String: Any]
        #expect(landed["precision"] as? String == "committer")
        // Re-running changes nothing.
        let again = r.autoheal(["sync", "--json"]).json as! [String: Any]
        #expect(again["new"] as? Int == 0)
        #expect(again["walked"] as? Int == 0)
    }

    @Test("GitHub-style squash: the trailer sits in the body's bullet list")
    func squash() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--squash", "autoheal/INC-7-bound-retries"])
        r.commit("Guard the handler (#42)\n\n* Guard the handler\n\nPrevents: INC-7\n\n* Fix typo", at: FixRepo.recovered + 2 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 2 * 86_400)
    }

    @Test("Squash whose message names only the branch (GitLab style)")
    func squashByBranchName() {
        let r = FixRepo()
        r.fixBranch(trailer: false)
        r.git(["merge", "-q", "--squash", "autoheal/INC-7-bound-retries"])
        r.commit("Merge branch 'autoheal/INC-7-bound-retries' into 'main'\n\nSee merge request acme/shop!31", at: FixRepo.recovered + 4 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 4 * 86_400)
    }

    @Test("Rebase merge keeps the trailer on a new commit with the merge time as committer date")
    func rebaseMerge() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["cherry-pick", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 86_400)
    }

    @Test("Rebase merge without the trailer is matched by patch-id against the recorded fix commit")
    func rebaseByPatchID() throws {
        let r = FixRepo()
        r.fixBranch(trailer: false)
        let fix = r.git(["rev-parse", "autoheal/INC-7-bound-retries"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let committed = #"{"incident":"INC-7","type":"prevention.committed","at":"2026-11-10T08:08:00Z","attrs":{"commit":"\#(fix)"}}"#
        #expect(throws: Never.self) { try recordOwnEvents(db: r.db, committed) }
        r.git(["cherry-pick", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 6 * 86_400)
        r.git(["commit", "-q", "--amend", "-m", "Guard the handler against None"], at: FixRepo.recovered + 6 * 86_400)
        let sync = r.autoheal(["sync", "--json"]).json as! [String: Any]
        let landed = sync["landed"] as! [[String: Any]]
        #expect(landed.first?["via"] as? String == "patch-id")
        #expect(r.mttp() == 6 * 86_400)
        // The server's receipt for that same commit is taken after the sync too (patch-ids were looked up
        // only for open incidents, so land said the commit landed nothing).
        let receipt = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-16T04:08:00Z"])
        #expect(receipt.code == 0, "\(receipt.err)")
        #expect(r.mttp() == 6 * 86_400 + 3600)
        // A second receipt for the same commit at another time failed with the ledger's internal message.
        let second = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-16T05:08:00Z"])
        #expect(second.code == 0 && second.out.contains("already recorded; the first receipt stands"), "\(second.out) \(second.err)")
        #expect(r.mttp() == 6 * 86_400 + 3600)
        // It names the time that stands, not the refused one (it printed the refused time as the landing's).
        #expect(second.out.contains("at 2026-11-16T04:08:00Z (server)"), "\(second.out)")
        let again = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-16T05:08:00Z", "--json"]).json as? [String: Any]
        #expect(again?["at"] as? String == "2026-11-16T04:08:00Z" && again?["new"] as? Int == 0, "\(String(describing: again))")
    }

    @Test("Fast-forward: the fix commit's own committer time")
    func fastForward() {
        let r = FixRepo()
        r.fixBranch(hours: 5)
        r.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 5 * 3600)
    }

    @Test("A revert on the default branch reopens prevention; a later landing closes it again")
    func revertReopens() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--no-ff", "-m", "Merge fix", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        r.git(["revert", "--no-edit", "-m", "1", "HEAD"], at: FixRepo.recovered + 2 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "reverted")
        #expect(r.mttp() == nil)
        let open = (r.show()["clocks"] as! [String: Any])["prevention"] as! [String: Any]
        #expect(open["open"] as? Bool == true)
        r.write("app.py", "def handler(x):\n    if x is None:\n        return 0\n    return x\n")
        r.commit("Guard the handler, again\n\nPrevents: INC-7", at: FixRepo.recovered + 5 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 5 * 86_400)
    }

    /// Reverting the fix commit itself (not the merge) went unnoticed unless the hooks had recorded the
    /// commit: its own Prevents: line says whose fix it was.
    @Test("Reverting the fix commit inside a merge reopens prevention, without hooks")
    func revertOfTheFixCommit() {
        let r = FixRepo()
        r.fixBranch()
        let fix = r.git(["rev-parse", "autoheal/INC-7-bound-retries"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        r.git(["merge", "-q", "--no-ff", "-m", "Merge fix", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        r.git(["revert", "--no-edit", fix], at: FixRepo.recovered + 2 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "reverted")
    }

    /// `git revert` of the revert puts the fix back; sync stopped at any revert commit, so the fix
    /// never landed again.
    @Test("Reverting the revert lands the fix again")
    func revertOfRevert() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        #expect(r.autoheal(["sync"]).code == 0)
        r.git(["revert", "--no-edit", "HEAD"], at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "reverted")
        r.git(["revert", "--no-edit", "HEAD"], at: FixRepo.recovered + 3 * 86_400)
        let sync = r.autoheal(["sync", "--json"]).json as! [String: Any]
        #expect((sync["landed"] as? [[String: Any]])?.first?["via"] as? String == "reapplied")
        #expect(r.status() == "landed")
        #expect(r.mttp() == 3 * 86_400)
        // Idempotent: a second sync records nothing new.
        #expect((r.autoheal(["sync", "--json"]).json as! [String: Any])["new"] as? Int == 0)
    }

    /// A history rewrite that keeps the fix (an unrelated commit dropped by `rebase -i`, then a
    /// force-push) recorded both the copy's landing, dated by its commit, and a reopening, dated by the
    /// sync; the reopening came last, so a fix on the branch showed as reverted.
    @Test("A rewrite that keeps the fix under a new id does not reopen prevention")
    func rewriteKeepingTheFix() {
        let r = FixRepo()
        r.write("secret.txt", "s\n")
        r.commit("oops, a secret", at: FixRepo.recovered + 3600)
        r.write("app.py", "def handler(x):\n    if x is None:\n        return 0\n    return x\n")
        r.commit("Guard the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 2 * 3600)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 2 * 3600)
        // Rebuild main without the secret, keeping the fix's author and committer dates.
        r.git(["checkout", "-q", "-b", "clean", "HEAD~2"])
        r.git(["cherry-pick", "main"], at: FixRepo.recovered + 2 * 3600)
        r.git(["branch", "-q", "-f", "main", "clean"])
        r.git(["checkout", "-q", "main"])
        let sync = r.autoheal(["sync", "--json"])
        #expect(sync.code == 0, "\(sync.err)")
        #expect(r.status() == "landed")
        #expect(r.mttp() == 2 * 3600, "the first landing stands")
        #expect((r.autoheal(["sync", "--json"]).json as! [String: Any])["new"] as? Int == 0)
        // The rewritten copy is the landing in force: its receipt is taken, and reverting it reopens.
        let receipt = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-10T06:08:00Z"])
        #expect(receipt.code == 0, "\(receipt.err)")
        r.git(["revert", "--no-edit", "HEAD"], at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "reverted")
    }

    /// A second fix committed after the revert but with an older committer date (clock skew) was dated
    /// before the reopening it follows, so one sync over all three left prevention reopened.
    @Test("A fix after a revert, with an older committer date, lands no earlier than the reopening")
    func skewedFixAfterRevert() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        r.git(["revert", "--no-edit", "HEAD"], at: FixRepo.recovered + 86_400)
        r.write("app.py", "def handler(x):\n    return 0 if x is None else x\n")
        r.commit("Guard the handler, again\n\nPrevents: INC-7", at: FixRepo.recovered + 7200)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        #expect(r.mttp() == 86_400)
    }

    /// A forge's "Revert" pull request merged with a merge commit: the revert reaches the default branch
    /// inside the merge, which reopened nothing (and its message names the reverted fix branch).
    @Test("A revert merged in through a pull request reopens prevention")
    func revertPullRequest() {
        let r = FixRepo()
        r.fixBranch()
        let fix = r.git(["rev-parse", "autoheal/INC-7-bound-retries"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        r.git(["merge", "-q", "--no-ff", "-m", "Merge pull request #12 from org/autoheal/INC-7-bound-retries", "autoheal/INC-7-bound-retries"],
              at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        r.git(["checkout", "-q", "-b", "revert-12-autoheal/INC-7-bound-retries"])
        r.git(["revert", "--no-edit", fix], at: FixRepo.recovered + 2 * 86_400)
        r.git(["checkout", "-q", "main"])
        r.git(["merge", "-q", "--no-ff", "-m", "Merge pull request #13 from org/revert-12-autoheal/INC-7-bound-retries",
               "revert-12-autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 2 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "reverted")
    }

    /// A fix force-pushed away and back kept its first landing's id, so it never landed again. Then, found
    /// by re-probing: the same commit dropped a second time gave the reopening the first one's id with
    /// another time, so every later sync failed (exit 65); a second walk over a fix that was reverted
    /// (after a force-push of something unrelated, or from another ref) landed it again.
    @Test("Drop, restore, drop again; a full walk over a recorded revert changes nothing")
    func repeatedRewrites() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        let fix = r.head()
        #expect(r.autoheal(["sync"]).code == 0)
        for (target, status) in [("HEAD~1", "reverted"), (fix, "landed"), ("HEAD~1", "reverted"), (fix, "landed")] {
            r.git(["reset", "-q", "--hard", target])
            let sync = r.autoheal(["sync"])
            #expect(sync.code == 0, "\(sync.err)")
            #expect(r.status() == status)
        }
        #expect((r.autoheal(["sync", "--json"]).json as! [String: Any])["new"] as? Int == 0, "idempotent")

        let s = FixRepo()
        s.fixBranch()
        s.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        s.git(["revert", "--no-edit", "HEAD"], at: FixRepo.recovered + 86_400)
        s.write("other.txt", "x\n")
        s.commit("Unrelated", at: FixRepo.recovered + 2 * 86_400)
        #expect(s.autoheal(["sync"]).code == 0)
        #expect(s.status() == "reverted")
        s.git(["commit", "-q", "--amend", "-m", "Unrelated, reworded"], at: FixRepo.recovered + 2 * 86_400)
        let full = s.autoheal(["sync", "--json"])
        #expect(full.code == 0, "\(full.err)")
        #expect((full.json as? [String: Any])?["full_walk"] as? Bool == true)
        #expect(((full.json as? [String: Any])?["landed"] as? [Any])?.isEmpty == true, "nothing new is reported")
        #expect(s.status() == "reverted")
        let other = s.autoheal(["sync", "--branch", "refs/heads/main"])
        #expect(other.code == 0, "\(other.err)")
        #expect(s.status() == "reverted")
    }

    /// A fix branch's recorded incident comes before matching its name against known ids: OPS-2025-5's
    /// branch `autoheal/OPS-2025-5-2-replicas` (a slug starting with 2) landed OPS-2025-5-2 as well.
    @Test("A merged fix branch lands the incident recorded for it, not a longer id its name starts with")
    func branchClaimsComeFirst() {
        let r = FixRepo(incident: "OPS-2025-5")
        #expect(r.autoheal(["import", "-"], stdin: """
            {"incident":"OPS-2025-5-2","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"db"}
            {"incident":"OPS-2025-5-2","type":"sli.recovered","at":"2026-11-10T03:00:00Z"}
            """).code == 0)
        r.fixBranch("autoheal/OPS-2025-5-2-replicas", trailer: false)
        r.git(["config", "branch.autoheal/OPS-2025-5-2-replicas.autohealIncident", "OPS-2025-5"])
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/OPS-2025-5-2-replicas'", "autoheal/OPS-2025-5-2-replicas"], at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status("OPS-2025-5") == "landed")
        #expect(r.status("OPS-2025-5-2") == "none")
    }

    /// `git revert` of the change that caused the incident, with its own `Prevents:` trailer, is the
    /// preventive fix; any message holding "This reverts commit" was taken only as a revert.
    @Test("A revert carrying Prevents: lands")
    func revertAsTheFix() {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    return x * 2\n")
        r.commit("Introduce the retry storm", at: FixRepo.recovered - 3600)
        let bad = r.head()
        r.git(["revert", "--no-edit", bad], at: FixRepo.recovered + 3 * 3600)
        let message = r.git(["log", "-1", "--format=%B"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        r.git(["commit", "-q", "--amend", "-m", message + "\n\nPrevents: INC-7"], at: FixRepo.recovered + 3 * 3600)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        #expect(r.mttp() == 3 * 3600)
    }

    @Test("A force-push that drops the landing reopens prevention")
    func forcePush() {
        let r = FixRepo()
        r.fixBranch()
        r.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        r.git(["reset", "-q", "--hard", "HEAD~1"])
        r.write("other.txt", "x\n")
        r.commit("Unrelated", at: FixRepo.recovered + 86_400)
        let sync = r.autoheal(["sync", "--json"]).json as! [String: Any]
        #expect(sync["full_walk"] as? Bool == true)
        #expect(r.status() == "reverted")
    }

    /// With a remote, the default branch is the remote's as the last fetch or push saw it. Sync walked
    /// the local branch, so a fix merged on the server and fetched never landed (the local branch was
    /// behind), while a merge made only locally counted as landed before it was pushed.
    @Test("With a remote, a fix lands when it reaches the remote's default branch")
    func landsOnTheRemoteBranch() {
        let r = FixRepo()
        let server = r.addServer()
        r.git(["push", "-q", "origin", "main"])
        r.fixBranch()
        r.git(["checkout", "-q", "main"])
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-7-bound-retries'", "autoheal/INC-7-bound-retries"],
              at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).out.hasPrefix("synced refs/remotes/origin/main"))
        #expect(r.status() != "landed", "merged only locally")
        r.git(["push", "-q", "origin", "main"])
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")

        // A fix merged on the server by someone else lands once fetched, though local main is behind.
        let other = r.dir.path + "/other"
        Exec.git(["clone", "-q", server, other], in: r.dir.path)
        r.write("../other/b.py", "b = 1\n")
        r.commit("Guard b\n\nPrevents: INC-8", at: FixRepo.recovered + 2 * 86_400, in: other)
        Exec.git(["push", "-q", "origin", "main"], in: other)
        let eight = #"{"incident":"INC-8","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}"#
        #expect(r.autoheal(["import", "-"], stdin: eight + "\n").code == 0)
        r.git(["fetch", "-q", "origin"])
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status("INC-8") == "landed")
    }

    /// Without main, master or origin/HEAD, sync walked the current branch: on a fix branch, that
    /// landed the fix it was meant to find merged.
    @Test("Sync never takes the current branch for the default one")
    func noDefaultBranch() {
        let r = FixRepo()
        r.git(["branch", "-m", "main", "develop"])
        r.git(["checkout", "-q", "-b", "autoheal/INC-7-bound-retries"])
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Guard the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 3600)
        let sync = r.autoheal(["sync"])
        #expect(sync.code == 65, "\(sync.err)")  // as land: bad input, nothing written
        #expect(sync.err.contains("cannot tell the default branch"), "\(sync.err)")
        #expect(r.status() != "landed")
        #expect(r.autoheal(["sync", "--branch", "develop"]).code == 0)
    }

    @Test("land --commit records a server receipt that wins over the committer time")
    func serverReceipt() {
        let r = FixRepo()
        r.fixBranch(hours: 5)
        r.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.mttp() == 5 * 3600)
        let land = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-11T03:08:00Z"])
        #expect(land.code == 0, "\(land.err)")
        #expect(r.mttp() == 86_400)
        let landed = (r.show()["prevention"] as! [String: Any])["landed"] as! [String: Any]
        #expect(landed["precision"] as? String == "server")
        // Reports read the same landing as show.
        let report = r.autoheal(["report", "--json"]).json as! [String: Any]
        let mttp = (report["total"] as! [String: Any])["mttp"] as! [String: Any]
        #expect(mttp["median_landed"] as? Int == 86_400)
        #expect(r.autoheal(["land", "--commit", "HEAD~1"]).code == 1)
    }

    /// A receipt stays in the append-only ledger for good; land took one for a commit on no default
    /// branch, one from before the commit existed, one years ahead (which later took effect on its own),
    /// and a bare date as midnight.
    @Test("land refuses a commit off the branch, a receipt before its commit or in the future, and a bare date")
    func receiptChecks() {
        let r = FixRepo()
        r.fixBranch(hours: 5)
        let offBranch = r.autoheal(["land", "--commit", "autoheal/INC-7-bound-retries", "--at", "2026-11-11T03:08:00Z"])
        #expect(offBranch.code == 1)
        #expect(offBranch.err.contains("is not on refs/heads/main"), "\(offBranch.err)")
        // A mistyped --branch skipped the check; so did a default branch autoheal cannot tell (it
        // checked against HEAD, which on the fix branch is the fix itself).
        let typo = r.autoheal(["land", "--commit", "autoheal/INC-7-bound-retries", "--branch", "mian", "--at", "2026-11-11T03:08:00Z"])
        #expect(typo.code == 65 && typo.err.contains("mian"), "\(typo.err)")
        r.git(["checkout", "-q", "autoheal/INC-7-bound-retries"])
        r.git(["branch", "-q", "-m", "main", "trunk"])
        let unknown = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-11T03:08:00Z"])
        #expect(unknown.code == 65 && unknown.err.contains("cannot tell the default branch"), "\(unknown.err)")
        #expect(r.status() != "landed", "nothing was recorded")
        r.git(["branch", "-q", "-m", "trunk", "main"])
        r.git(["checkout", "-q", "main"])
        r.git(["merge", "-q", "--ff-only", "autoheal/INC-7-bound-retries"])
        let early = r.autoheal(["land", "--commit", "HEAD", "--at", "1970-01-01T00:00:00Z"])
        #expect(early.code == 64)
        #expect(early.err.contains("a receipt cannot precede its commit"), "\(early.err)")
        #expect(r.autoheal(["land", "--commit", "HEAD", "--at", "2099-01-01T00:00:00Z"]).err.contains("is in the future"))
        #expect(r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-15"]).code == 64)
        #expect(r.status() != "landed", "nothing was recorded")
        #expect(r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-10T08:30:00Z"]).code == 0)
        #expect(r.status() == "landed")
    }

    @Test("review lists open work overdue first; --fail-on-overdue exits 3; report counts MTTP")
    func reviewAndReport() {
        let r = FixRepo()
        #expect(r.autoheal(["import", "-"], stdin: """
        {"incident":"INC-8","type":"alert.fired","at":"2026-12-15T00:00:00Z","service":"search"}
        {"incident":"INC-8","type":"incident.declared","at":"2026-12-15T00:05:00Z","severity":"SEV1"}
        {"incident":"INC-8","type":"mitigation.applied","at":"2026-12-15T01:00:00Z"}
        """).code == 0)
        let review = r.autoheal(["review", "--json"])
        let items = (review.json as! [String: Any])["items"] as! [[String: Any]]
        #expect(items.map { $0["incident"] as! String } == ["INC-7", "INC-8"])
        #expect(items[0]["overdue"] as? Bool == true)
        #expect(items[0]["target_seconds"] as? Int == 14 * 86_400)
        #expect(items[1]["overdue"] as? Bool == false)
        #expect(r.autoheal(["review", "--fail-on-overdue"]).code == 3)
        #expect(((r.autoheal(["review", "--overdue", "--json"]).json as! [String: Any])["items"] as! [Any]).count == 1)
        // --service keeps only that service's work; --overdue then applies within it.
        let search = (r.autoheal(["review", "--service", "search", "--json"]).json as! [String: Any])["items"] as! [[String: Any]]
        #expect(search.map { $0["incident"] as! String } == ["INC-8"])
        #expect(((r.autoheal(["review", "--service", "search", "--overdue", "--json"]).json as! [String: Any])["items"] as! [Any]).isEmpty)
        #expect(r.autoheal(["review", "--service", "search"]).out.contains("INC-8"))
        #expect(!r.autoheal(["review", "--service", "search"]).out.contains("INC-7"))
        // The table says how late an item is (DUE) apart from its prevention status: an overdue row used to
        // read "overdue" in STATUS, hiding whether a fix was drafted or committed.
        func row(_ incident: String) -> String {
            r.autoheal(["review"]).out.split(separator: "\n").first { $0.hasPrefix(incident + " ") }.map(String.init) ?? ""
        }
        #expect(row("INC-7").contains(" late ") && row("INC-7").contains(" none "), "\(row("INC-7"))")
        #expect(row("INC-8").contains(" in ") && !row("INC-8").contains("late"), "\(row("INC-8"))")
        r.fixBranch()
        #expect(r.recordPrevention(r.git(["rev-parse", "autoheal/INC-7-bound-retries"]).out.trimmingCharacters(in: .whitespacesAndNewlines)).code == 0)
        #expect(row("INC-7").contains(" late ") && row("INC-7").contains(" committed "), "\(row("INC-7"))")
        r.git(["merge", "-q", "--no-ff", "-m", "Merge", "autoheal/INC-7-bound-retries"], at: FixRepo.recovered + 3 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.autoheal(["review", "--fail-on-overdue"]).code == 0)
        let report = r.autoheal(["report", "--by", "service", "--json"]).json as! [String: Any]
        let mttp = (report["total"] as! [String: Any])["mttp"] as! [String: Any]
        #expect(mttp["landed"] as? Int == 1)
        #expect(mttp["open"] as? Int == 1)
        #expect(mttp["median_landed"] as? Int == 3 * 86_400)
    }
}
