import Foundation
import Testing

/// Squash merges made on a forge, where no hook runs: what their messages name lands.
@Suite("Forge squash merges")
struct ForgeSquashTests {
    /// A fix branch of two commits: squashed, its patch matches neither, so only the message can land it.
    static func twoCommitBranch(_ r: FixRepo, _ name: String) -> String {
        r.git(["checkout", "-q", "-b", name])
        r.write("app.py", "def handler(x):\n    if x is None:\n        raise ValueError('x')\n    return x\n")
        r.commit("Guard the handler", at: FixRepo.recovered + 3600)
        r.write("app.py", "def handler(x):\n    if x is None:\n        raise ValueError('x')\n    return x or 0\n")
        r.commit("Default to zero", at: FixRepo.recovered + 7200)
        let tip = r.head()
        r.git(["checkout", "-q", "main"])
        return tip
    }

    static func recordPrevention(_ r: FixRepo, _ arguments: String) -> [String: Any] {
        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"record_prevention","arguments":"# + arguments + "}}"
        let run = r.autoheal(["mcp"], stdin: call + "\n")
        let line = run.out.split(separator: "\n").first.map(String.init) ?? ""
        let response = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        return response?["result"] as? [String: Any] ?? [:]
    }

    /// GitHub squashes with the pull request's title and description ("Guard the handler (#12)") when
    /// so set: the message names neither the incident nor its branch. sync matched pull request numbers
    /// recorded on prevention events, but nothing recorded one, so such a landing was never seen. An
    /// agent now records it with record_prevention's `pr`.
    @Test("A pull request number recorded by the agent lands the forge's squash of it")
    func pullRequestNumberLandsTheSquash() {
        let r = FixRepo()
        let tip = Self.twoCommitBranch(r, "fix/pool")
        let recorded = Self.recordPrevention(r, #"{"incident":"INC-7","commit":"\#(tip)","pr":12}"#)
        #expect(recorded["isError"] as? Bool == false, "\(recorded)")
        #expect((recorded["structuredContent"] as? [String: Any])?["pr"] as? Int == 12, "\(recorded)")
        for bad in ["0", "1.5", "\"12\"", "-3"] {
            let refused = Self.recordPrevention(r, #"{"incident":"INC-7","commit":"\#(tip)","pr":\#(bad)}"#)
            #expect(refused["isError"] as? Bool == true, "pr \(bad): \(refused)")
        }

        // Another pull request's squash lands nothing.
        r.write("README.md", "docs\n")
        r.commit("Document the handler (#13)", at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "committed")

        r.git(["merge", "--squash", "-q", "fix/pool"])
        r.commit("Guard the handler (#12)\n\nRetries no longer pile up under load.", at: FixRepo.recovered + 2 * 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status() == "landed")
        #expect(r.mttp() == 2 * 86_400)
    }

    /// `Prevents: INC-7 INC-9` — ids separated by a space, as a pull request's description may hold
    /// them (the commit-msg hook asks for commas, but no hook runs on a forge) — landed INC-7 alone.
    /// Both are landed now that both are known incidents; prose after an id still names only the id.
    @Test("A Prevents line listing known incidents with spaces lands each; prose after an id does not")
    func spaceSeparatedKnownIncidentsLandEach() {
        let r = FixRepo()
        let more = """
        {"incident":"INC-9","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}
        {"incident":"INC-9","type":"sli.recovered","at":"2026-11-10T03:08:00Z"}
        {"incident":"INC-11","type":"alert.fired","at":"2026-11-10T02:00:00Z","service":"checkout"}
        {"incident":"INC-11","type":"sli.recovered","at":"2026-11-10T03:08:00Z"}
        """
        #expect(r.autoheal(["import", "-"], stdin: more).code == 0)
        _ = Self.twoCommitBranch(r, "fix/pool")
        r.git(["merge", "--squash", "-q", "fix/pool"])
        r.commit("Guard the handler (#12)\n\nPrevents: INC-7 INC-9\nPrevents: INC-4 after INC-11 was seen", at: FixRepo.recovered + 86_400)
        #expect(r.autoheal(["sync"]).code == 0)
        #expect(r.status("INC-7") == "landed")
        #expect(r.status("INC-9") == "landed")
        #expect(r.status("INC-11") == "none", "named in prose after an id that is not an incident")
    }
}
