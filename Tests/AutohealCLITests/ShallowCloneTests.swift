import Foundation
import Testing

/// Clones that lack part of the repository: a shallow clone (`git clone --depth N`, what CI's checkout
/// makes by default) ends its history at commits whose parents were not fetched; a partial clone
/// (`--filter=blob:none`) leaves blobs on the remote. Both made `sync` (and `land`) fail every run.
@Suite("Landings in shallow and partial clones")
struct ShallowCloneTests {
    static let incidents = ["INC-7", "INC-8"].map { id in
        """
        {"incident":"\(id)","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}
        {"incident":"\(id)","type":"sli.recovered","at":"2026-11-10T03:08:00Z"}
        """
    }.joined(separator: "\n")

    /// Origin's main: initial; INC-8's fix branch merged (+1 h); a commit that also names INC-7 (+2 h,
    /// INC-7's first landing); INC-7's fix branch merged (+3 h, the tip: a merge).
    static func origin() -> FixRepo {
        let r = FixRepo(incident: "INC-1")
        r.git(["checkout", "-q", "-b", "autoheal/INC-8-cap-queue"])
        r.write("queue.py", "LIMIT = 10\n")
        r.commit("Cap the queue\n\nPrevents: INC-8", at: FixRepo.recovered + 1800)
        r.git(["checkout", "-q", "main"])
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-8-cap-queue'", "autoheal/INC-8-cap-queue"],
              at: FixRepo.recovered + 3600)
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Default the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 7200)
        r.fixBranch("autoheal/INC-7-guard", hours: 2)
        r.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'autoheal/INC-7-guard'", "autoheal/INC-7-guard"],
              at: FixRepo.recovered + 10800)
        return r
    }

    static func mttp(_ r: FixRepo, _ incident: String, in clone: String) -> Int? {
        let show = r.autoheal(["show", incident, "--json"], cwd: clone).json as? [String: Any]
        return ((show?["clocks"] as? [String: Any])?["prevention"] as? [String: Any])?["seconds"] as? Int
    }

    /// A clone of `r` made with `options` (`--depth 1`, `--filter=blob:none`) in `name`, with the
    /// incidents imported into its ledger; its path.
    static func clone(_ r: FixRepo, _ options: [String], into name: String = "ci") -> String {
        let clone = r.dir.path + "/" + name
        Exec.git(["clone", "-q"] + options + ["file://" + r.repo, clone], in: r.dir.path)
        #expect(r.autoheal(["import", "-"], stdin: incidents, cwd: clone).code == 0)
        return clone
    }

    @Test("A depth-1 clone whose tip is a merge records what it shows, says once that it is shallow, and the rest after --unshallow")
    func shallowCloneSync() {
        let r = Self.origin()
        let clone = Self.clone(r, ["--depth", "1"])
        #expect(FileManager.default.fileExists(atPath: clone + "/.git/shallow"))

        let first = r.autoheal(["sync"], cwd: clone)
        #expect(first.code == 0, "\(first.err)")
        #expect(first.err.contains("shallow") && first.err.contains("git fetch --unshallow"), "\(first.err)")
        #expect(first.err.components(separatedBy: "shallow:").count == 2, "said once: \(first.err)")
        #expect(Self.mttp(r, "INC-7", in: clone) == 10800, "the tip merges INC-7's branch")
        #expect(Self.mttp(r, "INC-8", in: clone) == nil, "landed before the shallow edge: not seen yet")
        let again = r.autoheal(["sync"], cwd: clone)
        #expect(again.code == 0 && !again.err.contains("shallow"), "\(again.err)")

        // Deeper, then the whole history: what the edge hid is recorded, the earlier landing first.
        Exec.git(["fetch", "-q", "--unshallow"], in: clone)
        let full = r.autoheal(["sync", "--json"], cwd: clone)
        #expect(full.code == 0, "\(full.err)")
        #expect((full.json as? [String: Any])?["rescanned"] as? Bool == true)
        #expect(Self.mttp(r, "INC-8", in: clone) == 3600)
        #expect(Self.mttp(r, "INC-7", in: clone) == 7200, "INC-7 first landed before the edge")
        #expect(r.autoheal(["sync"], cwd: clone).err.isEmpty)
    }

    @Test("land --commit HEAD in a depth-1 clone records the receipt of the merge at its tip")
    func shallowCloneLand() {
        let r = Self.origin()
        let clone = Self.clone(r, ["--depth", "1"])
        let land = r.autoheal(["land", "--commit", "HEAD", "--at", "2026-11-10T06:30:00Z"], cwd: clone)
        #expect(land.code == 0, "\(land.err)")
        #expect(Self.mttp(r, "INC-7", in: clone) == 12120, "03:08 to 06:30")
    }

    @Test("A depth-3 clone whose edge is a merge: it lands what its message names, and --unshallow adds nothing twice")
    func deeperShallowClone() {
        let r = Self.origin()
        // Depth 3 from the tip: the INC-8 merge is at the edge, its parents (and the fix it merged) missing.
        let clone = Self.clone(r, ["--depth", "3"])
        let sync = r.autoheal(["sync", "--json"], cwd: clone)
        #expect(sync.code == 0, "\(sync.err)")
        // The edge merge names INC-8's branch: it landed it. Nothing else is taken from it.
        #expect(Self.mttp(r, "INC-8", in: clone) == 3600)
        #expect(Self.mttp(r, "INC-7", in: clone) == 7200)
        Exec.git(["fetch", "-q", "--unshallow"], in: clone)
        let full = r.autoheal(["sync", "--json"], cwd: clone)
        #expect(full.code == 0, "\(full.err)")
        #expect((full.json as? [String: Any])?["rescanned"] as? Bool == true)
        #expect(((full.json as? [String: Any])?["landed"] as? [Any])?.isEmpty == true, "nothing new: \(full.out)")
        #expect(Self.mttp(r, "INC-8", in: clone) == 3600)
        #expect(Self.mttp(r, "INC-7", in: clone) == 7200)
    }

    @Test("A revert of a landing beyond the shallow edge records nothing until the history is fetched, then the landing and its reopening")
    func revertBeyondTheEdge() {
        let r = FixRepo(incident: "INC-1")
        r.write("guard.py", "GUARD = True\n")
        r.commit("Guard the handler\n\nPrevents: INC-7", at: FixRepo.recovered + 3600)
        let fix = r.head()
        r.write("app.py", "def handler(x):\n    return x or 0\n")
        r.commit("Default the handler", at: FixRepo.recovered + 7200)
        r.git(["rm", "-q", "guard.py"])
        r.commit("Revert \"Guard the handler\"\n\nThis reverts commit \(fix).", at: FixRepo.recovered + 10800)
        let clone = Self.clone(r, ["--depth", "2"])
        let sync = r.autoheal(["sync"], cwd: clone)
        #expect(sync.code == 0, "\(sync.err)")
        let show = { (r.autoheal(["show", "INC-7", "--json"], cwd: clone).json as? [String: Any])?["prevention"] as? [String: Any] }
        #expect(show()?["status"] as? String == "none", "the reverted commit is not visible: nothing to reopen")
        Exec.git(["fetch", "-q", "--unshallow"], in: clone)
        #expect(r.autoheal(["sync"], cwd: clone).code == 0)
        #expect(show()?["status"] as? String == "reverted")
    }

    @Test("A partial clone skips the patch-id comparison it cannot make, with a note, and records the rest")
    func partialCloneSync() {
        let r = FixRepo(incident: "INC-1")
        r.git(["config", "uploadpack.allowFilter", "true"])
        let clone = Self.clone(r, ["--filter=blob:none"], into: "dev")
        #expect(r.autoheal(["sync"], cwd: clone).code == 0)
        // A fix commit recorded without a trailer (found on main by patch-id only).
        Exec.git(["checkout", "-q", "-b", "autoheal/INC-7-guard"], in: clone)
        try? "GUARD = True\n".write(toFile: clone + "/guard.py", atomically: true, encoding: .utf8)
        r.commit("Guard the handler", at: FixRepo.recovered + 1800, in: clone)
        let fix = Exec.git(["rev-parse", "HEAD"], in: clone).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"record_prevention","arguments":{"incident":"INC-7","commit":"\#(fix)"}}}"#
        #expect(r.autoheal(["mcp"], stdin: call + "\n", cwd: clone).code == 0)
        // On main, after it: a change whose blobs the clone has never fetched, then a fix named by trailer.
        r.write("app.py", "def handler(x):\n    return x or 2\n")
        r.commit("Tune the handler", at: FixRepo.recovered + 3600)
        let unreadable = r.head()
        r.write("queue.py", "LIMIT = 10\n")
        r.commit("Cap the queue\n\nPrevents: INC-8", at: FixRepo.recovered + 7200)
        Exec.git(["fetch", "-q", "origin"], in: clone)

        let sync = r.autoheal(["sync"], cwd: clone)
        #expect(sync.code == 0, "\(sync.err)")
        #expect(sync.err.contains(String(unreadable.prefix(12))) && sync.err.contains("partial clone"), "\(sync.err)")
        #expect(!sync.err.contains("fetch the missing history"))
        #expect(Self.mttp(r, "INC-8", in: clone) == 7200)
        #expect(Self.mttp(r, "INC-7", in: clone) == nil)
        // Fetched since (git show fetches what it shows): compared again, no note.
        Exec.git(["show", unreadable], in: clone)
        let again = r.autoheal(["sync"], cwd: clone)
        #expect(again.code == 0 && again.err.isEmpty, "\(again.err)")
    }
}
