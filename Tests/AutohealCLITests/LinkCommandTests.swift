import Foundation
import Testing

@Suite("autoheal link through the real binary")
struct LinkCommandTests {
    @Test("--fix finds the introducer, is shown by show, re-running records nothing new, bad input stores nothing")
    func linkFix() {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n")
        r.commit("Sum the range", at: FixRepo.recovered - 5 * 86_400)
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x + 1):\n        total += i\n    return total\n")
        r.commit("Include the upper bound", at: FixRepo.recovered - 2 * 86_400)
        let introducer = r.head()
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n")
        r.commit("Fix the off-by-one", at: FixRepo.recovered + 3600)
        let link = r.autoheal(["link", "INC-7", "--fix", "HEAD", "--json"])
        #expect(link.code == 0, "\(link.err)")
        let doc = link.json as! [String: Any]
        #expect(((doc["introducing"] as! [[String: Any]]).first?["commit"] as? String) == introducer)
        #expect(((doc["paths"] as! [[String: Any]]).first?["path"] as? String) == "app.py")
        let links = r.show()["links"] as? [String: Any]
        #expect(links?["method"] as? String == "fix")
        #expect(r.autoheal(["link", "INC-7", "--fix", "HEAD"]).code == 0)
        let linkedEvents = (r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }
        #expect(linkedEvents.count == 1)
        let bad = r.autoheal(["link", "INC-7", "--fix", "0123456789abcdef0123456789abcdef01234567"])
        #expect(bad.code == 65, "\(bad.err)")
        #expect((r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }.count == 1)
        #expect(r.autoheal(["link", "INC-404", "--fix", "HEAD"]).code == 1)
    }

    /// An inclusive range (the introducer) made exclusive again (the fix), in `app.py`.
    static func offByOne(in r: FixRepo) -> (introducer: String, fix: String) {
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x + 1):\n        total += i\n    return total\n")
        r.commit("Sum the range, inclusive", at: FixRepo.recovered - 5 * 86_400)
        let introducer = r.head()
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n")
        r.commit("Fix the off-by-one", at: FixRepo.recovered + 3600)
        return (introducer, r.head())
    }

    /// Related incidents were stored in the link: linking the later incident first left `show` without
    /// the earlier one, and re-running that link stored a new event. They are worked out when shown.
    @Test("Related incidents do not depend on the order of linking; re-linking stores nothing new")
    func relatedInAnyOrder() {
        let r = FixRepo()
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-8","type":"alert.fired","at":"2026-11-12T02:00:00Z","service":"checkout"}"#).code == 0)
        _ = Self.offByOne(in: r)
        #expect(r.autoheal(["link", "INC-8", "--fix", "HEAD"]).code == 0)      // the later incident first
        #expect(r.autoheal(["link", "INC-7", "--fix", "HEAD"]).code == 0)
        #expect((r.show("INC-8")["links"] as? [String: Any])?["related_incidents"] as? [String] == ["INC-7"])
        #expect(r.autoheal(["show", "INC-8"]).out.contains("related incidents: INC-7"))
        #expect((r.show("INC-7")["links"] as? [String: Any])?["related_incidents"] as? [String] == [])
        let again = r.autoheal(["link", "INC-8", "--fix", "HEAD", "--json"])
        #expect((again.json as? [String: Any])?["related_incidents"] as? [String] == ["INC-7"])
        let linked = (r.show("INC-8")["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }
        #expect(linked.count == 1)
    }

    /// `link --batch` printed each line's related incidents as they stood when that line was linked, so
    /// a later incident on the first line missed an earlier one linked on the second (`show` had them).
    @Test("A batch prints related incidents as they stand after its last line")
    func batchRelatedCountsLaterLines() throws {
        let r = FixRepo()
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-8","type":"alert.fired","at":"2026-11-12T02:00:00Z","service":"checkout"}"#).code == 0)
        let (_, fix) = Self.offByOne(in: r)
        let batch = "{\"incident\":\"INC-8\",\"fix\":\"\(fix)\"}\n{\"incident\":\"INC-7\",\"fix\":\"\(fix)\"}\n"
        let run = r.autoheal(["link", "--batch", "-", "--json"], stdin: batch)
        #expect(run.code == 0, "\(run.err)")
        let results = run.out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(results.map { $0["incident"] as? String } == ["INC-8", "INC-7"])
        #expect(results[0]["related_incidents"] as? [String] == ["INC-7"], "INC-7 started earlier and shares the code")
        #expect(results[1]["related_incidents"] as? [String] == [])
        #expect((r.show("INC-8")["links"] as? [String: Any])?["related_incidents"] as? [String] == ["INC-7"])
        let text = r.autoheal(["link", "--batch", "-"], stdin: batch)
        #expect(text.code == 0 && text.out.contains("INC-7"), "\(text.out)")
    }

    /// An incident's start is its earliest event that says when it began: an `x-` event (stored and
    /// ignored) dated before it made a later incident the "earlier" one.
    @Test("An x- event does not move an incident's start for related incidents")
    func extensionEventsDoNotMoveTheStart() {
        let r = FixRepo()
        #expect(r.autoheal(["import", "-"], stdin: """
            {"incident":"INC-8","type":"alert.fired","at":"2026-12-01T02:00:00Z","service":"checkout"}
            {"incident":"INC-8","type":"x-deploy","at":"2026-01-15T00:00:00Z"}
            """).code == 0)
        _ = Self.offByOne(in: r)
        #expect(r.autoheal(["link", "INC-7", "--fix", "HEAD"]).code == 0)
        #expect(r.autoheal(["link", "INC-8", "--fix", "HEAD"]).code == 0)
        #expect((r.show("INC-8")["links"] as? [String: Any])?["related_incidents"] as? [String] == ["INC-7"])
        #expect((r.show("INC-7")["links"] as? [String: Any])?["related_incidents"] as? [String] == [])
    }

    /// Hints come from the latest identification by time (one backfilled later but dated earlier does
    /// not win), empty strings name nothing, and a `file://` frame is decoded as in a stack trace.
    @Test("Hints: latest by time, empty strings ignored; --frame takes encoded file URLs")
    func hintsByTimeAndEncodedFrames() {
        let r = FixRepo()
        let (introducer, fix) = Self.offByOne(in: r)
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-7","type":"rootcause.identified","at":"2026-11-10T05:00:00Z","attrs":{"fix_commit":"\#(fix)"}}"#).code == 0)
        #expect(r.autoheal(["import", "-"], stdin: """
            {"incident":"INC-7","type":"rootcause.identified","at":"2026-11-10T04:00:00Z","attrs":{"commits":["\(fix)"]}}
            {"incident":"INC-7","type":"rootcause.identified","at":"2026-11-10T06:00:00Z","attrs":{"summary":"x","fix_commit":"","frames":[""]}}
            """).code == 0)
        let run = r.autoheal(["link", "INC-7", "--json"])
        #expect(run.code == 0, "\(run.err)")
        #expect((run.json as? [String: Any])?["method"] as? String == "fix")
        #expect((((run.json as? [String: Any])?["introducing"] as? [[String: Any]])?.first?["commit"] as? String) == introducer)
        r.write("my file.py", "def f():\n    return 1\n")
        r.commit("Add a file with a space", at: FixRepo.recovered + 7200)
        let frame = r.autoheal(["link", "INC-7", "--frame", "file:///srv/app/my%20file.py:2", "--json"])
        #expect(frame.code == 0, "\(frame.err)")
        #expect((((frame.json as? [String: Any])?["paths"] as? [[String: Any]])?.first?["path"] as? String) == "my file.py")
    }

    /// A batch naming one incident on two lines stored both results on every run.
    @Test("A batch that links one incident twice keeps the last result, and re-running stores nothing")
    func batchLinkingAnIncidentTwice() {
        let r = FixRepo()
        let (_, fix) = Self.offByOne(in: r)
        r.dir.write("twice.ndjson", "{\"incident\":\"INC-7\",\"frames\":[\"app.py:3\"]}\n{\"incident\":\"INC-7\",\"fix\":\"\(fix)\"}\n")
        let linked = { (r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }.count }
        for _ in 0..<3 { #expect(r.autoheal(["link", "--batch", r.dir.path + "/twice.ndjson"]).code == 0) }
        #expect(linked() == 1)
        #expect((r.show()["links"] as? [String: Any])?["method"] as? String == "fix")
    }

    /// A link that went back to an earlier result within the same second had that event's identity and
    /// was dropped as a duplicate: `show` kept the link in between.
    @Test("Going back to an earlier link in the same second is stored")
    func backToAnEarlierLink() {
        let r = FixRepo()
        _ = Self.offByOne(in: r)
        for args in [["--fix", "HEAD"], ["--frame", "app.py:3"], ["--fix", "HEAD"]] {
            #expect(r.autoheal(["link", "INC-7"] + args).code == 0)
        }
        #expect((r.show()["links"] as? [String: Any])?["method"] as? String == "fix")
        #expect((r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }.count == 3)
    }

    @Test("With no method, link follows the incident's latest rootcause.identified hints")
    func linkFromHints() {
        let r = FixRepo()
        let (introducer, fix) = Self.offByOne(in: r)
        let hints = """
        {"incident":"INC-7","type":"rootcause.identified","at":"2026-11-10T03:00:00Z","attrs":{"commits":["\(fix)"]}}
        {"incident":"INC-7","type":"rootcause.identified","at":"2026-11-10T04:00:00Z","attrs":{"fix_commit":"\(fix)"}}
        """
        #expect(r.autoheal(["import", "-"], stdin: hints).code == 0)
        let run = r.autoheal(["link", "INC-7", "--json"])
        #expect(run.code == 0, "\(run.err)")
        let doc = run.json as? [String: Any]
        #expect(doc?["method"] as? String == "fix")
        #expect(((doc?["introducing"] as? [[String: Any]])?.first?["commit"] as? String) == introducer)
        // A later identification that only refines the summary does not hide the hints before it.
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-7","type":"rootcause.identified","at":"2026-11-10T05:00:00Z","attrs":{"summary":"off-by-one"}}"#).code == 0)
        let again = r.autoheal(["link", "INC-7", "--json"])
        #expect(again.code == 0, "\(again.err)")
        #expect((again.json as? [String: Any])?["method"] as? String == "fix")
        // --at was silently unused when the hints name a fix (with --fix it is a usage error).
        let at = r.autoheal(["link", "INC-7", "--at", "HEAD~1"])
        #expect(at.code == 65 && at.err.contains("--at HEAD~1 applies to frames and paths"), "\(at.err)")
    }

    @Test("--batch links many incidents in one run: related within the batch, idempotent, all or nothing")
    func linkBatch() throws {
        let r = FixRepo()
        let more = """
        {"incident":"INC-8","type":"alert.fired","at":"2026-11-12T02:00:00Z","service":"checkout"}
        {"incident":"INC-9","type":"alert.fired","at":"2026-11-13T02:00:00Z","service":"checkout"}
        """
        #expect(r.autoheal(["import", "-"], stdin: more).code == 0)
        let (introducer, fix1) = Self.offByOne(in: r)
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(max(x, 0)):\n        total += i\n    return total\n")
        r.commit("Guard negative input", at: FixRepo.recovered + 7200)
        r.dir.write("batch.ndjson", """
            {"incident":"INC-7","fix":"\(fix1)"}

            {"incident":"INC-8","fix":"HEAD"}
            """)
        let batch = r.dir.path + "/batch.ndjson"
        let run = r.autoheal(["link", "--batch", batch, "--json"])
        #expect(run.code == 0, "\(run.err)")
        let results = run.out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(results.map { $0["incident"] as? String } == ["INC-7", "INC-8"])
        #expect(((results[0]["introducing"] as! [[String: Any]]).first?["commit"] as? String) == introducer)
        #expect(((results[1]["introducing"] as! [[String: Any]]).first?["commit"] as? String) == fix1)
        // INC-8's code is INC-7's code, and INC-7 was linked earlier in the same batch.
        #expect(results[1]["related_incidents"] as? [String] == ["INC-7"])
        #expect((r.show("INC-8")["links"] as? [String: Any])?["method"] as? String == "fix")
        let linked = { (id: String) in (r.show(id)["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }.count }
        #expect(r.autoheal(["link", "--batch", batch]).code == 0)
        #expect(linked("INC-7") == 1 && linked("INC-8") == 1)

        // A bad line stops the run with its line number and stores nothing, not even the good lines before it.
        r.dir.write("bad.ndjson", "{\"incident\":\"INC-9\",\"fix\":\"HEAD\"}\n{\"incident\":\"INC-8\",\"fix\":\"0123456789abcdef0123456789abcdef01234567\"}\n")
        let bad = r.autoheal(["link", "--batch", r.dir.path + "/bad.ndjson"])
        #expect(bad.code == 65)
        #expect(bad.err.contains("bad.ndjson:2: link INC-8: unknown revision"), "\(bad.err)")
        #expect(linked("INC-9") == 0)
        r.dir.write("syntax.ndjson", "{\"incident\":\"INC-9\",\"fix\":\"HEAD\"}\n{\"incident\":\"INC-9\",\"fixx\":\"HEAD\"}\n[1,\n")
        let syntax = r.autoheal(["link", "--batch", r.dir.path + "/syntax.ndjson"])
        #expect(syntax.code == 65)
        #expect(syntax.err.contains("syntax.ndjson:2: unknown key \"fixx\""), "\(syntax.err)")
        r.dir.write("missing.ndjson", "{\"incident\":\"INC-404\",\"fix\":\"HEAD\"}\n")
        #expect(r.autoheal(["link", "--batch", r.dir.path + "/missing.ndjson"]).code == 1)
        #expect(linked("INC-9") == 0)

        // One link in its own process reads only the stored links near its code, and finds both.
        let alone = r.autoheal(["link", "INC-9", "--fix", "HEAD", "--json"])
        #expect(alone.code == 0, "\(alone.err)")
        #expect((alone.json as? [String: Any])?["related_incidents"] as? [String] == ["INC-7", "INC-8"])

        // The same rules as the flags, read from standard input.
        let twoMethods = r.autoheal(["link", "--batch", "-"], stdin: "{\"incident\":\"INC-9\",\"fix\":\"HEAD\",\"revert\":\"HEAD\"}\n")
        #expect(twoMethods.code == 65 && twoMethods.err.contains("<stdin>:1: give one of"), "\(twoMethods.err)")
        let atWithFix = r.autoheal(["link", "--batch", "-"], stdin: "{\"incident\":\"INC-9\",\"fix\":\"HEAD\",\"at\":\"HEAD~1\"}\n")
        #expect(atWithFix.code == 65 && atWithFix.err.contains("<stdin>:1: \"at\" applies to"), "\(atWithFix.err)")
        let fromStdin = r.autoheal(["link", "--batch", "-", "--json"], stdin: "{\"incident\":\"INC-9\",\"fix\":\"HEAD\"}\n")
        // A pipe named as a file (process substitution, /dev/stdin) reads like any file.
        let fromPipe = Exec.run("/bin/sh", ["-c", #"printf '{"incident":"INC-9","fix":"HEAD"}\n' | "$0" link --batch /dev/stdin --json"#, Exec.binary],
                                cwd: r.repo, env: ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"])
        #expect(fromPipe.code == 0, "\(fromPipe.err)")
        #expect(fromStdin.code == 0, "\(fromStdin.err)")
        #expect(linked("INC-9") == 1)

        // Usage errors.
        #expect(r.autoheal(["link", "INC-9", "--batch", batch]).code == 64)
        #expect(r.autoheal(["link", "--batch", batch, "--fix", "HEAD"]).code == 64)
        #expect(r.autoheal(["link"]).code == 64)
        let at = r.autoheal(["link", "INC-9", "--fix", "HEAD", "--at", "HEAD~1"])
        #expect(at.code == 64 && at.err.contains("--at applies to"), "\(at.err)")
    }
}
