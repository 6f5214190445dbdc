import Foundation
import Testing

/// `autoheal link` with input that must be refused or read carefully: text echoed in errors, frames at
/// line 0, malformed hints, odd revisions, reverts of missing commits, ambiguous frames.
@Suite("autoheal link: input read carefully")
struct LinkInputTests {
    /// The repository of ``FixRepo`` with a second incident whose rootcause.identified names `attrs`.
    static func withHints(_ attrs: String, in r: FixRepo, at: String = "2026-11-10T04:00:00Z") -> Run {
        r.autoheal(["import", "-"], stdin: #"{"incident":"INC-7","type":"rootcause.identified","at":"\#(at)","attrs":\#(attrs)}"#)
    }

    /// An error is one line: a newline in an incident's hint or in an argument was printed raw, so the
    /// incident's data could forge a line that reads like autoheal's output (`INC-7 linked by fix`).
    @Test("A newline in echoed input is written as \\u{A}: every error is one line")
    func newlineInErrorsIsEscaped() {
        let r = FixRepo()
        #expect(Self.withHints(#"{"fix_commit":"x\nINC-7 linked by fix"}"#, in: r).code == 0)
        let hinted = r.autoheal(["link", "INC-7"])
        #expect(hinted.code == 65)
        #expect(hinted.err.split(separator: "\n").count == 1, "\(hinted.err)")
        #expect(hinted.err.contains(#"x\u{A}INC-7 linked by fix"#), "\(hinted.err)")
        let frame = r.autoheal(["link", "INC-7", "--frame", "app.py\n:3"])
        #expect(frame.code == 65)
        #expect(frame.err.split(separator: "\n").count == 1 && frame.err.contains(#"app.py\u{A}:3"#), "\(frame.err)")
        let id = r.autoheal(["link", "INC-7\nINC-8 linked by fix", "--fix", "HEAD"])
        #expect(id.code == 1 && id.err.split(separator: "\n").count == 1, "\(id.err)")
    }

    /// `--frame app.py:0` is refused, but `--stack` took line-0 frames, blamed nothing and stored an
    /// empty link over a good one (exit 0).
    @Test("--stack skips frames at line 0; with no other frame it stores nothing (exit 65)")
    func stackLineZero() {
        let r = FixRepo()
        r.write("app.js", "function pay() {\n  charge()\n}\n")
        r.write("main.go", "package main\n\nfunc main() {\n}\n")
        r.commit("code", at: FixRepo.recovered - 86_400)
        #expect(r.autoheal(["link", "INC-7", "--frame", "app.py:2"]).code == 0)
        #expect(r.autoheal(["link", "INC-7", "--frame", "app.py:0"]).code == 65)
        let traces = [
            "Traceback (most recent call last):\n  File \"/srv/app.py\", line 0, in pay\nValueError: x\n",
            "Error: x\n    at pay (/srv/app.js:0:1)\n",
            "goroutine 1 [running]:\nmain.main()\n\t/build/main.go:0 +0x1d\n",
        ]
        for trace in traces {
            let run = r.autoheal(["link", "INC-7", "--stack", "-"], stdin: trace)
            #expect(run.code == 65, "\(trace): \(run.out) \(run.err)")
            #expect(run.err.contains("no stack frame"), "\(run.err)")
        }
        let link = r.show()["links"] as? [String: Any]
        #expect(link?["method"] as? String == "frame", "the good link stands")
        // A line-0 frame beside a good one is skipped; the good one is linked.
        let mixed = r.autoheal(["link", "INC-7", "--stack", "-", "--json"],
                               stdin: "  File \"/srv/app.py\", line 0, in pay\n  File \"/srv/app.py\", line 2, in pay\n")
        #expect(mixed.code == 0, "\(mixed.err)")
        #expect(mixed.linkedPaths == ["app.py"], "\(mixed.out)")
    }

    /// `deploy` as a string or `fix_commit` as an array were imported, then the event was picked as the
    /// one with hints but read as naming nothing: "no rootcause.identified hints" although an earlier
    /// event had a good `fix_commit`.
    @Test("Hints of the wrong shape are refused at import, naming the line and the field")
    func malformedHintsRefused() {
        let r = FixRepo()
        let cases = [
            (#"{"deploy":"v1..v2"}"#, "attrs.deploy must be an object"),
            (#"{"fix_commit":["abc"]}"#, "attrs.fix_commit must be a string"),
            (#"{"frames":[1]}"#, "attrs.frames must be an array"),
            (#"{"deploy":{"from":"HEAD"},"paths":["app.py"]}"#, "attrs.deploy needs \"to\""),
        ]
        for (attrs, reason) in cases {
            let run = Self.withHints(attrs, in: r)
            #expect(run.code == 65, "\(attrs): \(run.err)")
            #expect(run.err.contains("-:1:") && run.err.contains(reason), "\(attrs): \(run.err)")
            #expect(run.err.split(separator: "\n").count == 1)
        }
        #expect(r.autoheal(["link", "INC-7"]).err.contains("no rootcause.identified hints"), "nothing was stored")
    }

    /// A deploy hint with no `from` on a root commit said "unknown revision '<sha>~1'", a revision the
    /// incident never named; over MCP, the no-hints error named the command line's flags.
    @Test("A deploy hint from a root commit names the field; over MCP no-hints names the tool's arguments")
    func deployHintMessages() {
        let r = FixRepo()
        let root = r.git(["rev-list", "--max-parents=0", "HEAD"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let mcp = r.autoheal(["mcp"], stdin: #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"link_incident","arguments":{"incident":"INC-7"}}}"# + "\n")
        #expect(mcp.out.contains("no rootcause.identified hints") && !mcp.out.contains("--fix"), "\(mcp.out)")
        #expect(mcp.out.contains("fix, revert, commits, frames or deploy"), "\(mcp.out)")
        #expect(Self.withHints(#"{"deploy":{"to":"\#(root)"}}"#, in: r).code == 0)
        let run = r.autoheal(["link", "INC-7"])
        #expect(run.code == 65)
        #expect(!run.err.contains("~1") && run.err.contains("root commit") && run.err.contains("deploy.from"), "\(run.err)")
    }

    /// libgit2 answers `:` (its index syntax, unimplemented) with "unimplemented", which was exit 1.
    @Test("Revisions ':' and ':?x' are unknown revisions (exit 65) in link, --batch and land")
    func colonRevisions() {
        let r = FixRepo()
        for args in [["link", "INC-7", "--fix", ":"], ["link", "INC-7", "--fix", ":?x"], ["link", "INC-7", "--revert", ":app.py"],
                     ["link", "INC-7", "--frame", "app.py:1", "--at", ":"], ["land", "--commit", ":"], ["land", "--commit", "0badc0de"]] {
            let run = r.autoheal(args)
            #expect(run.code == 65, "\(args): \(run.err)")
            #expect(run.err.contains("unknown revision '\(args[args.count - 1])'") && !run.err.contains("unimplemented"), "\(args): \(run.err)")
        }
        let batch = r.autoheal(["link", "--batch", "-"], stdin: #"{"incident":"INC-7","fix":":"}"# + "\n")
        #expect(batch.code == 65 && batch.err.contains("unknown revision ':'"), "\(batch.err)")
    }

    /// "This reverts commit X." was trusted when X is not in the revert's history: the original clone
    /// linked the orphaned pre-rebase X, a fresh clone failed "unknown revision" (exit 65).
    @Test("--revert falls back to the tree when the message names a commit missing from its history")
    func revertOfRewrittenCommit() {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    return x + 1\n")
        r.commit("Add one", at: FixRepo.recovered - 86_400)
        let orphan = r.head()
        r.git(["commit", "-q", "--amend", "-m", "Add one (reworded by a rebase)"], at: FixRepo.recovered - 86_000)
        let rewritten = r.head()
        r.git(["revert", "--no-edit", "HEAD"], at: FixRepo.recovered + 3600)
        r.git(["commit", "-q", "--amend", "-m", "Revert \"Add one\"\n\nThis reverts commit \(orphan)."], at: FixRepo.recovered + 3600)
        func introducer(_ run: Run) -> String? {
            ((run.json as? [String: Any])?["introducing"] as? [[String: Any]])?.first?["commit"] as? String
        }
        let here = r.autoheal(["link", "INC-7", "--revert", "HEAD", "--json"])
        #expect(here.code == 0, "\(here.err)")
        #expect(introducer(here) == rewritten, "not the orphan \(orphan)")
        // A fresh clone has no orphan at all.
        let clone = r.dir.path + "/clone"
        Exec.git(["clone", "-q", "--no-local", r.repo, clone], in: r.dir.path)
        let fresh = Exec.run(Exec.binary, ["link", "INC-7", "--revert", "HEAD", "--json", "--db", r.db], cwd: clone,
                             env: ["AUTOHEAL_DB": "", "AUTOHEAL_NOW": "2026-12-20T00:00:00Z"])
        #expect(fresh.code == 0, "\(fresh.err)")
        #expect(introducer(fresh) == rewritten)
        // A message naming a tree falls back too.
        let tree = r.git(["rev-parse", "HEAD~1^{tree}"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        r.git(["commit", "-q", "--amend", "-m", "Revert\n\nThis reverts commit \(tree)."], at: FixRepo.recovered + 3600)
        let named = r.autoheal(["link", "INC-7", "--revert", "HEAD", "--json"])
        #expect(named.code == 0 && introducer(named) == rewritten, "\(named.err)")
    }

    /// `App/main.swift:3: Fatal error: …` is the location a Swift crash prints; it was no frame.
    @Test("--stack reads the Swift runtime's fatal-error line as a frame")
    func swiftFatalErrorLine() {
        let r = FixRepo()
        r.write("App/main.swift", "let env: [String: String] = [:]\nlet key = \"PORT\"\nlet port = env[key]!\nprint(port)\n")
        r.commit("Read the port", at: FixRepo.recovered - 86_400)
        let trace = "App/main.swift:3: Fatal error: Unexpectedly found nil while unwrapping an Optional value\nCurrent stack trace:\n"
        let run = r.autoheal(["link", "INC-7", "--stack", "-", "--json"], stdin: trace)
        #expect(run.code == 0, "\(run.err)")
        #expect(run.linkedPaths == ["App/main.swift"], "\(run.out)")
    }

    /// setup-go's GOROOT (`/opt/hostedtoolcache/go/VERSION/ARCH/src/`) and `~/sdk/goVERSION/src/` mapped
    /// the standard library's `net/http/client.go` onto the application's file of that path.
    @Test("Go standard-library frames under a tool cache or ~/sdk are not the application's")
    func goToolCacheIsStandardLibrary() {
        let r = FixRepo()
        r.write("net/http/client.go", "package http\n\nfunc Do() {\n}\n")
        r.commit("Own http package", at: FixRepo.recovered - 86_400)
        for root in ["/opt/hostedtoolcache/go/1.22.1/x64/src", "/home/runner/sdk/go1.22.0/src", "/usr/local/go/src"] {
            let trace = "goroutine 1 [running]:\nnet/http.(*Client).Do(0xc000)\n\t\(root)/net/http/client.go:4 +0x1d\n"
            let run = r.autoheal(["link", "INC-7", "--stack", "-"], stdin: trace)
            #expect(run.code == 65 && run.err.contains("no stack frame"), "\(root): \(run.out)\(run.err)")
        }
    }

    /// `/build/util.go:4` with `a/util.go` and `b/util.go` in the tree went to `a/util.go`, silently.
    @Test("A frame two files match equally: the Go package decides, else it is refused naming both")
    func ambiguousFrames() {
        let r = FixRepo()
        r.write("a/util.go", "package a\n\nfunc F() int {\n\treturn 1\n}\n")
        r.write("b/util.go", "package b\n\nfunc G() int {\n\treturn 2\n}\n")
        r.commit("util", at: FixRepo.recovered - 86_400)
        let go = r.autoheal(["link", "INC-7", "--stack", "-", "--json"], stdin: "goroutine 1 [running]:\nexample.com/b.G()\n\t/build/util.go:4 +0x1d\n")
        #expect(go.code == 0, "\(go.err)")
        #expect(go.linkedPaths == ["b/util.go"], "\(go.out)")
        let frame = r.autoheal(["link", "INC-7", "--frame", "/build/util.go:4"])
        #expect(frame.code == 65)
        #expect(frame.err.contains("a/util.go") && frame.err.contains("b/util.go") && frame.err.split(separator: "\n").count == 1, "\(frame.err)")
        let stack = r.autoheal(["link", "INC-7", "--stack", "-"], stdin: "goroutine 1 [running]:\n\t/build/util.go:4 +0x1d\n")
        #expect(stack.code == 65 && stack.err.contains("matches 2 files equally"), "\(stack.err)")
        #expect((r.show()["links"] as? [String: Any])?["paths"] as? [[String: Any]] != nil)
    }

    /// Related incidents compared raw line numbers of links stated at different revisions: after lines
    /// moved, the same code was unrelated and other code at the old numbers related.
    @Test("Related incidents compare lines at one revision: moved lines still relate, other code at old numbers does not")
    func relatedAcrossRevisions() {
        let r = FixRepo()
        #expect(r.autoheal(["import", "-"], stdin: #"{"incident":"INC-8","type":"alert.fired","at":"2026-11-12T02:00:00Z","service":"checkout"}"#).code == 0)
        let handler = "def handler(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n"
        r.write("app.py", handler)
        r.commit("Sum", at: FixRepo.recovered - 86_400)
        #expect(r.autoheal(["link", "INC-7", "--frame", "app.py:4"]).code == 0)
        r.write("app.py", "def other(y):\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n    return y\n" + handler)
        r.commit("Add other", at: FixRepo.recovered + 3600)
        func related(_ run: Run) -> [String]? { (run.json as? [String: Any])?["related_incidents"] as? [String] }
        let moved = r.autoheal(["link", "INC-8", "--frame", "app.py:10", "--json"])
        #expect(moved.code == 0, "\(moved.err)")
        #expect(related(moved) == ["INC-7"], "the same line, moved from 4 to 10")
        #expect((r.show("INC-8")["links"] as? [String: Any])?["related_incidents"] as? [String] == ["INC-7"])
        let other = r.autoheal(["link", "INC-8", "--frame", "app.py:4", "--json"])
        #expect(other.code == 0, "\(other.err)")
        #expect(related(other) == [], "line 4 is other code now")
        #expect((r.show("INC-8")["links"] as? [String: Any])?["related_incidents"] as? [String] == [])
    }

    /// `--fix A --fix B` linked B without a word; over MCP, `commits: []` was told it "must be a string or
    /// a non-empty array", though the tool's schema refuses a string.
    @Test("A one-value option given twice is a usage error; MCP list arguments are described as the schema has them")
    func repeatedOptionsAndMCPLists() {
        let r = FixRepo()
        for args in [["link", "INC-7", "--fix", "HEAD", "--fix", "HEAD~1"], ["link", "INC-7", "--frame", "app.py:1", "--at=HEAD", "--at", "HEAD"]] {
            let run = r.autoheal(args)
            #expect(run.code == 64, "\(args): \(run.err)")
            #expect(run.err.contains("given twice") && run.err.split(separator: "\n").count == 1, "\(run.err)")
        }
        #expect(r.autoheal(["link", "INC-7", "--frame", "app.py:1", "--frame", "app.py:2"]).code == 0, "--frame repeats")
        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"link_incident","arguments":{"incident":"INC-7","commits":[]}}}"#
        let mcp = r.autoheal(["mcp"], stdin: call + "\n")
        #expect(mcp.out.contains("must be a non-empty array") && !mcp.out.contains("a string or"), "\(mcp.out)")
    }
}
