import AutohealTestSupport
import Foundation
import Testing
import AutohealCore
import AutohealGit
@testable import AutohealLink

@Suite struct FrameAndOwnerTests {
    @Test(arguments: [
        ("goroutine 1 [running]:\nmain.(*Server).handle(0xc000)\n\t/home/ci/go/src/github.com/acme/app/server/handler.go:42 +0x1d\n",
         StackFrame(path: "/home/ci/go/src/github.com/acme/app/server/handler.go", line: 42, function: "handle", package: "main")),
        ("Exception in thread \"main\" java.lang.NullPointerException\n\tat com.acme.pay.Charge.run(Charge.java:17)\n",
         StackFrame(path: "com/acme/pay/Charge.java", line: 17, function: "run")),
        ("Traceback (most recent call last):\n  File \"/srv/app/acme/views.py\", line 8, in handle\n    x()\n",
         StackFrame(path: "/srv/app/acme/views.py", line: 8, function: "handle")),
        ("0 App 0x0001 $s3App7handleyyF + 12 at /build/Sources/App/Handler.swift:5\n",
         StackFrame(path: "/build/Sources/App/Handler.swift", line: 5, function: nil)),
        ("#0 0x00005 in Handler.handle() at /build/Sources/App/Handler.swift:5:9\n",
         StackFrame(path: "/build/Sources/App/Handler.swift", line: 5, function: "handle")),
        ("Fatal error: boom: file App/Handler.swift, line 5\n", StackFrame(path: "App/Handler.swift", line: 5)),
        // The Swift runtime's own line with a trap, often the only location a crash prints.
        ("App/main.swift:3: Fatal error: Unexpectedly found nil while unwrapping an Optional value\n", StackFrame(path: "App/main.swift", line: 3)),
        ("/build/Sources/App/Pay.swift:12: Precondition failed: amount > 0\n", StackFrame(path: "/build/Sources/App/Pay.swift", line: 12)),
        ("App/Pay.swift:7: Assertion failed\n", StackFrame(path: "App/Pay.swift", line: 7)),
        ("TypeError: x is undefined\n    at Server.handle (/app/dist/src/server.js:12:7)\n    at node:internal/x:1:1\n",
         StackFrame(path: "/app/dist/src/server.js", line: 12, function: "handle")),
        ("    at /app/src/server.js:3:1\n", StackFrame(path: "/app/src/server.js", line: 3)),
        // Logback's packaging data after the frame; an ESM file URL with escapes; a symbolicated crash
        // report; Swift's backtracer, whose " in App" names the image, not the function.
        ("\tat com.acme.Charge.run(Charge.java:4) ~[classes/:na]\n", StackFrame(path: "com/acme/Charge.java", line: 4, function: "run")),
        ("\tat com.acme.Charge.run(Charge.java:4) [app.jar:1.2]\n", StackFrame(path: "com/acme/Charge.java", line: 4, function: "run")),
        ("    at f (file:///srv/my%20dir/%C3%BCn%C3%AF.js:2:1)\n", StackFrame(path: "/srv/my dir/ünï.js", line: 2, function: "f")),
        ("0   App    0x0000000100003f2c handler() + 44 (Handler.swift:2)\n", StackFrame(path: "Handler.swift", line: 2, function: "handler")),
        ("0x000055d1 handler() + 52 in App at /build/Sources/App/Handler.swift:2:9\n",
         StackFrame(path: "/build/Sources/App/Handler.swift", line: 2, function: "handler")),
        // CRLF line ends (a trace saved on Windows); Go 1.21's `created by F in goroutine N`.
        ("Traceback (most recent call last):\r\n  File \"/srv/app/acme/views.py\", line 8, in handle\r\n    x()\r\n",
         StackFrame(path: "/srv/app/acme/views.py", line: 8, function: "handle")),
        ("goroutine 5 [running]:\r\nmain.(*Server).handle(0xc000)\r\n\t/app/server/handler.go:42 +0x1d\r\n",
         StackFrame(path: "/app/server/handler.go", line: 42, function: "handle", package: "main")),
        ("created by main.startWorkers in goroutine 1\n\t/app/main.go:20 +0x2b\n",
         StackFrame(path: "/app/main.go", line: 20, function: "startWorkers", package: "main")),
        ("created by main.(*Pool).start in goroutine 12\n\t/app/pool.go:9 +0x2b\n",
         StackFrame(path: "/app/pool.go", line: 9, function: "start", package: "main")),
    ])
    func parsesStackTraces(text: String, expected: StackFrame) {
        #expect(StackTrace.parse(text).first == expected)
    }

    /// Two files sharing a frame's longest suffix: the frame went to the first in the alphabet.
    @Test func tiesAreBrokenByPackageOrRefused() {
        let m = FrameMapper(files: ["a/util.go", "b/util.go", "x/y/util.go", "svc/a/h.go", "h.go"])
        #expect(m.mapping("/build/util.go") == .ambiguous(["a/util.go", "b/util.go", "x/y/util.go"]))
        #expect(m.mapping("/build/util.go", package: "example.com/b") == .file("b/util.go"))
        #expect(m.mapping("/build/util.go", package: "example.com/app/y") == .file("x/y/util.go"))
        #expect(m.mapping("/build/util.go", package: "main") == .ambiguous(["a/util.go", "b/util.go", "x/y/util.go"]))
        #expect(m.mapping("/src/b/util.go") == .file("b/util.go"), "a longer suffix still wins")
        #expect(m.mapping("/build/h.go") == .file("h.go"), "a file the suffix covers whole wins")
        #expect(StackTrace.parse("example.com/b.G(0x1)\n\t/build/util.go:4 +0x1\n").first?.package == "example.com/b")
        #expect(StackTrace.parse("net/http.(*Client).Do(0x1)\n\t/x/client.go:4 +0x1\n").first?.package == "net/http")
        #expect(StackTrace.parse("created by example.com/app/w.start in goroutine 1\n\t/x/w.go:4 +0x1\n").first?.package == "example.com/app/w")
    }

    @Test func mapsFramesByLongestSuffix() {
        let m = FrameMapper(files: ["server/handler.go", "vendor/x/server/handler.go", "Sources/App/Handler.swift", "src/acme/pay/Charge.java"])
        #expect(m.map("/home/ci/go/src/github.com/acme/app/server/handler.go") == "server/handler.go")
        #expect(m.map("/go/vendor/x/server/handler.go") == "vendor/x/server/handler.go")
        #expect(m.map("com/acme/pay/Charge.java") == "src/acme/pay/Charge.java")
        #expect(m.map("/x/Other.swift") == nil)
        // A dependency's file of the same name is not the application's; vendored code in the repository is.
        let deps = FrameMapper(files: ["src/index.js", "app.py", "conn.go", "web/node_modules/left-pad/index.js"])
        #expect(deps.map("/srv/app/src/index.js") == "src/index.js")
        #expect(deps.map("/srv/app/node_modules/express/lib/router/index.js") == nil)
        #expect(deps.map("/srv/app/node_modules/left-pad/index.js") == "web/node_modules/left-pad/index.js")
        #expect(deps.map("/usr/lib/python3/dist-packages/flask/app.py") == nil)
        #expect(deps.map("/usr/local/lib/python3.11/json/app.py") == nil)
        #expect(deps.map("/srv/venv/lib/python3.11/site-packages/flask/app.py") == nil)
        #expect(deps.map("/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go") == nil)
        #expect(deps.map("/srv/app/app.py") == "app.py")
        // Go's own standard library (GOROOT: /usr/local/go, Debian's go-1.21, Homebrew's libexec) is not the
        // application's; GOPATH's `go/src/github.com/…` is.
        let goroot = FrameMapper(files: ["server/client.go", "panic.go", "internal/proc.go", "server/handler.go", "sort/sort.go"])
        #expect(goroot.map("/usr/local/go/src/net/http/client.go") == nil)
        #expect(goroot.map("/usr/lib/go-1.21/src/runtime/panic.go") == nil)
        #expect(goroot.map("/opt/homebrew/Cellar/go/1.22.0/libexec/src/runtime/proc.go") == nil)
        #expect(goroot.map("/root/sdk/goroot/src/internal/proc.go") == nil)
        #expect(goroot.map("/usr/local/go/src/sort/sort.go") == nil)
        // Tool caches (setup-go's, `go install golang.org/dl/…`'s ~/sdk) hold GOROOTs too.
        let cached = FrameMapper(files: ["net/http/client.go", "runtime/panic.go"])
        #expect(cached.map("/opt/hostedtoolcache/go/1.22.1/x64/src/net/http/client.go") == nil)
        #expect(cached.map("/home/runner/sdk/go1.22.0/src/net/http/client.go") == nil)
        #expect(cached.map("/opt/toolcache/go/1.21.5/src/runtime/panic.go") == nil)
        #expect(cached.map("/home/ci/go/src/example.com/app/net/http/client.go") == "net/http/client.go", "GOPATH")
        #expect(goroot.map("/home/ci/go/src/github.com/acme/app/server/handler.go") == "server/handler.go")
        #expect(goroot.map("/home/ci/go/src/acme/sort/sort.go") == "sort/sort.go", "GOPATH: not a standard-library package")
        #expect(goroot.map("/build/src/runtime/panic.go") == "panic.go", "a src/ that is not GOROOT's")
        #expect(FrameMapper(files: ["src/runtime/proc.go", "proc.go"]).map("/usr/local/go/src/runtime/proc.go") == "src/runtime/proc.go",
                "Go's own repository")
        // A package pip installed from this repository maps to its own files (flat or `src/` layout),
        // by its whole path inside site-packages; another package's file of the same name does not.
        let installed = FrameMapper(files: ["shop/cart.py", "src/billing/invoice.py", "tools/requests/api.py", "flask/app.py"])
        #expect(installed.map("/srv/venv/lib/python3.11/site-packages/shop/cart.py") == "shop/cart.py")
        #expect(installed.map("/usr/lib/python3/dist-packages/billing/invoice.py") == "src/billing/invoice.py")
        #expect(installed.map("/srv/venv/lib/python3.11/site-packages/requests/api.py") == nil)
        #expect(installed.map("/srv/venv/lib/python3.11/site-packages/other/shop/cart.py") == nil)
        #expect(installed.map("/srv/venv/lib/python3.11/site-packages/flask/app.py") == "flask/app.py", "the repository is flask")
        #expect(StackFrame(spec: "a/b.c:12") == StackFrame(path: "a/b.c", line: 12))
        #expect(StackFrame(spec: "a/b.c:12:3") == StackFrame(path: "a/b.c", line: 12))
        #expect(StackFrame(spec: "a/b.c") == nil)
    }

    @Test func linksFramesInAllFiveLanguages() throws {
        let fx = try FixtureRepo()
        let files = [
            "server/handler.go": "package server\n\nfunc Handle() {\n\tpanic(1)\n}\n",
            "src/main/java/com/acme/Charge.java": "package com.acme;\nclass Charge {\n    void run() {\n        boom();\n    }\n}\n",
            "acme/views.py": "def handle():\n    x()\n",
            "Sources/App/Handler.swift": "struct Handler {\n    func handle() {\n        fatalError()\n    }\n}\n",
            "src/server.js": "function handle(req) {\n  return req.x.y\n}\n",
        ]
        let c = try fx.commit("app", files: files, author: "Grace")
        let trace = """
        \t/home/ci/app/server/handler.go:4 +0x1d
        \tat com.acme.Charge.run(Charge.java:4)
          File "/srv/app/acme/views.py", line 2, in handle
        #0 0x1 in Handler.handle() at /build/Sources/App/Handler.swift:3:9
            at handle (/app/src/server.js:2:14)
            at node:internal/main:1:1
        """
        let l = Linker(repository: try Repository(at: fx.path))
        let r = try l.stack(trace)
        #expect(r.method == "stack")
        #expect(r.introducing.map(\.commit) == [c] && r.introducing[0].lines == 5)
        let byPath = Dictionary(uniqueKeysWithValues: r.paths.map { ($0.path, $0) })
        #expect(byPath["server/handler.go"]?.functions.first == "Handle")
        #expect(byPath["src/main/java/com/acme/Charge.java"]?.functions.first == "run")
        #expect(byPath["acme/views.py"]?.functions.first == "handle")
        #expect(byPath["Sources/App/Handler.swift"]?.functions.first == "handle")
        #expect(byPath["src/server.js"]?.functions.first == "handle")
        #expect(r.owners.first == LinkResult.Owner(owner: "Grace <ada@example.com>", source: .blame, lines: 5))

        let crlf = try l.stack("Traceback (most recent call last):\r\n  File \"/srv/app/acme/views.py\", line 2, in handle\r\n    x()\r\n")
        #expect(crlf.paths.map(\.path) == ["acme/views.py"] && crlf.paths.first?.functions == ["handle"])
        let created = try l.stack("goroutine 7 [running]:\ncreated by server.Handle in goroutine 1\n\t/home/ci/app/server/handler.go:4 +0x1d\n")
        #expect(created.paths.first?.functions == ["Handle"])
        #expect(try l.stack("goroutine 1 [running]:\nnet/http.(*Client).do(0xc0)\n\t/usr/local/go/src/server/handler.go:4 +0x1\n").paths.count == 1,
                "GOROOT has no server package: the application's file")

        let f = try l.frames(["/build/app/acme/views.py:2"])
        #expect(f.paths.map(\.path) == ["acme/views.py"])
        #expect(throws: LinkError.frameMapsToNothing("/x/missing.py:3")) { try l.frames(["/x/missing.py:3"]) }
        #expect(throws: LinkError.lineOutOfRange(path: "acme/views.py", line: 99, lineCount: 2)) { try l.frames(["acme/views.py:99"]) }
        #expect(LinkError.lineOutOfRange(path: "a.py", line: 9, lineCount: 1).description == "a.py:9: the file has only 1 line")
        #expect(LinkError.lineOutOfRange(path: "a.py", line: 9, lineCount: 2).description == "a.py:9: the file has only 2 lines")
        #expect(throws: LinkError.noFrames("the stack trace")) { try l.stack("nothing here") }
    }

    @Test func deployRankedByOverlapWithFramesAndPaths() throws {
        let fx = try FixtureRepo()
        let base = try fx.commit("base", files: ["a.go": (1...20).map { "l\($0)\n" }.joined(), "b.go": "x\n", "docs.md": "d\n"])
        let near = try fx.commit("near the frame", files: ["a.go": (1...20).map { $0 == 10 ? "changed\n" : "l\($0)\n" }.joined()])
        let far = try fx.commit("same file far away", files: ["a.go": (1...20).map { $0 == 10 ? "changed\n" : $0 == 19 ? "x\n" : "l\($0)\n" }.joined()])
        try fx.commit("docs", files: ["docs.md": "e\n"])
        let other = try fx.commit("other file", files: ["b.go": "y\n"])
        let l = Linker(repository: try Repository(at: fx.path))
        let r = try l.deploy("\(base)..HEAD", paths: ["b.go"], frames: ["/src/a.go:11"])
        #expect(r.method == "deploy")
        #expect(r.introducing.map(\.commit) == [near, other, far])  // ties: newest first
        let all = try l.deploy("\(base)..HEAD")
        #expect(all.introducing.count == 4)
        // With no known code every commit ties: the paths were the newest commit's alone, while the
        // owners counted every commit's author. Both now cover the tied commits.
        #expect(Set(all.paths.map(\.path)) == ["a.go", "b.go", "docs.md"], "\(all.paths)")
        let blameLines = all.owners.filter { $0.source == .blame }.compactMap(\.lines).reduce(0, +)
        #expect(blameLines == all.introducing.map(\.lines).reduce(0, +))
        let viaHints = try l.link(hints: LinkHints(attrs: ["deploy": ["from": .string(base), "to": "HEAD"], "frames": ["a.go:10"]]))
        #expect(viaHints.introducing.first?.commit == near)
    }

    /// A reversed or empty range deployed nothing, and the empty result overwrote a good link; a merge in
    /// the range counted the lines of the commits it brought in a second time.
    @Test func deployRangesThatHoldNothingAreRefusedAndMergesAreNotCountedTwice() throws {
        let fx = try FixtureRepo()
        let base = try fx.commit("base", files: ["a.go": "a\n", "b.go": "b\n"])
        try fx.git("checkout", "-q", "-b", "side")
        let onSide = try fx.commit("on side", files: ["b.go": "b2\n"])
        try fx.git("checkout", "-q", "main")
        try fx.commit("on main", files: ["a.go": "a2\n"])
        try fx.git("merge", "-q", "--no-ff", "-m", "merge side", "side", env: fx.nextDateEnv())
        let l = Linker(repository: try Repository(at: fx.path))
        #expect(throws: LinkError.emptyRange("HEAD..\(base)")) { try l.deploy("HEAD..\(base)") }
        #expect(throws: LinkError.emptyRange("HEAD..HEAD")) { try l.deploy("HEAD..HEAD") }
        let r = try l.deploy("\(base)..HEAD", paths: ["b.go"])
        #expect(r.introducing.map(\.commit) == [onSide], "the merge is not a second candidate")
        #expect(r.introducing.first?.lines == 1)
    }

    /// A deployed commit that only deleted lines (a guard removed) scored nothing, and ranked last; a
    /// frame given with `--deploy` that mapped to nothing was dropped without a word; known code no
    /// deployed commit touched gave an empty link, stored over a good one.
    @Test func deployCountsDeletionsAndRefusesWhatItCannotUse() throws {
        let fx = try FixtureRepo()
        let base = try fx.commit("base", files: ["pool.go": "func Acquire(n, max int) bool {\n\tif n > max {\n\t\treturn false\n\t}\n\treturn true\n}\n", "notes.txt": "a\n"])
        let removed = try fx.commit("remove the bound check", files: ["pool.go": "func Acquire(n, max int) bool {\n\treturn true\n}\n"])
        try fx.commit("unrelated", files: ["notes.txt": "b\n"])
        let l = Linker(repository: try Repository(at: fx.path))
        let r = try l.deploy("\(base)..HEAD", frames: ["pool.go:2"], strictFrames: true)
        #expect(r.introducing.map(\.commit) == [removed])
        #expect(r.paths.map(\.path) == ["pool.go"])
        #expect(try l.deploy("\(base)..HEAD").introducing.map(\.summary) == ["unrelated", "remove the bound check"])
        #expect(throws: LinkError.frameMapsToNothing("nosuch.go:3")) { try l.deploy("\(base)..HEAD", frames: ["nosuch.go:3"], strictFrames: true) }
        #expect(throws: LinkError.lineOutOfRange(path: "pool.go", line: 500, lineCount: 3)) {
            try l.deploy("\(base)..HEAD", frames: ["pool.go:500"], strictFrames: true)
        }
        #expect(try l.deploy("\(base)..HEAD", paths: ["pool.go"], frames: ["nosuch.go:3"]).introducing.map(\.commit) == [removed],
                "frames from hints may be stale: skipped")
        #expect(throws: LinkError.nothingDeployedTouches("\(base)..HEAD")) { try l.deploy("\(base)..HEAD", paths: ["other.go"]) }
    }

    /// A deployed commit's lines were compared with the frames as that commit numbers them, though the
    /// frames are numbered at the deploy's end: five lines added at the top by a later commit put a
    /// frame on exactly the changed line 15 off by five, and the later commit ranked first. The lines
    /// are carried to B through what came after (also through a rename and a merge).
    @Test func deployComparesLinesNumberedAtTheDeploysEnd() throws {
        let fx = try FixtureRepo()
        let lines = (1...20).map { "v\($0) = \($0)\n" }
        let base = try fx.commit("init", files: ["a.py": lines.joined()])
        var wrong = lines; wrong[14] = "v15 = 150\n"
        let a = try fx.commit("A: wrong v15", files: ["a.py": wrong.joined()])
        let header = (1...5).map { "h\($0) = 0\n" }.joined()
        let b = try fx.commit("B: add 5 lines at top", files: ["a.py": header + wrong.joined()])
        let l = Linker(repository: try Repository(at: fx.path))
        let r = try l.deploy("\(base)..HEAD", frames: ["a.py:20"], strictFrames: true)
        #expect(r.introducing.map(\.commit) == [a, b])
        #expect(r.at == b)
        #expect(r.paths == [LinkResult.CodePath(path: "a.py", lines: [20...20])], "A's line, numbered at B")

        // Renamed after both: the frame names the new path.
        try fx.git("mv", "a.py", "b.py")
        try fx.commit("rename")
        #expect(try l.deploy("\(base)..HEAD", frames: ["b.py:20"], strictFrames: true).introducing.first?.commit == a)
        #expect(try l.deploy("\(base)..HEAD", frames: ["b.py:20"], strictFrames: true).paths.map(\.path) == ["b.py"])

        // A commit on a merged branch, while the mainline added the lines at the top.
        let fx2 = try FixtureRepo()
        let base2 = try fx2.commit("init", files: ["a.py": lines.joined()])
        try fx2.git("checkout", "-q", "-b", "side")
        let side = try fx2.commit("wrong v15 on a branch", files: ["a.py": wrong.joined()])
        try fx2.git("checkout", "-q", "main")
        let top = try fx2.commit("add 5 lines at top", files: ["a.py": header + lines.joined()])
        try fx2.git("merge", "-q", "--no-ff", "-m", "merge side", "side", env: fx2.nextDateEnv())
        let l2 = Linker(repository: try Repository(at: fx2.path))
        let r2 = try l2.deploy("\(base2)..HEAD", frames: ["a.py:20"], strictFrames: true)
        #expect(r2.introducing.map(\.commit) == [side, top])
        #expect(r2.paths.first?.lines == [20...20])
    }

    @Test func linesCarriedThroughADiff() {
        // As `git diff -U0`: lines 3-4 changed into one, two lines inserted after line 7, line 10 deleted.
        let hunks = [DiffHunk(oldStart: 10, oldCount: 1, newStart: 10, newCount: 0),
                     DiffHunk(oldStart: 3, oldCount: 2, newStart: 3, newCount: 1),
                     DiffHunk(oldStart: 7, oldCount: 0, newStart: 7, newCount: 2)]
        #expect(LineForwarder.map([1, 2, 3, 4, 5, 7, 8, 10, 11], through: hunks) == [1, 2, 4, 6, 9, 11])
        #expect(LineForwarder.map([1, 20], through: [DiffHunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 5)]) == [6, 25])
        #expect(LineForwarder.map([4], through: []) == [4])
    }

    /// A range past the walk's limit lost its oldest commits without a word.
    @Test func aDeployRangeTooLongToWalkIsRefused() throws {
        let fx = try FixtureRepo()
        var stream = ""
        for n in 0...(Linker.maxDeployedCommits + 1) {
            stream += "commit refs/heads/main\nmark :\(n + 1)\ncommitter Ada <ada@example.com> \(1_700_000_000 + n) +0000\ndata 2\nc\n"
            stream += "M 100644 inline f.txt\ndata <<END\n\(n)\nEND\n\n"
        }
        let input = fx.path + "-stream"
        defer { try? FileManager.default.removeItem(atPath: input) }
        try stream.write(toFile: input, atomically: true, encoding: .utf8)
        try fx.run(["fast-import", "--quiet", "--force"], stdinFile: input)
        let l = Linker(repository: try Repository(at: fx.path))
        let root = try fx.git("rev-list", "--max-parents=0", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(throws: LinkError.rangeTooLarge("\(root)..main", limit: Linker.maxDeployedCommits)) { try l.deploy("\(root)..main") }
        #expect(try l.deploy("main~3..main").introducing.count == 3)
    }

    @Test func codeOwnersPrecedence() throws {
        let rules = CodeOwners(text: """
        # comment
        *           @org/everyone
        *.go        @gophers
        /docs/      @writers
        apps/       @apps-team
        /build/logs @ops
        src/**/pay  @payments   # trailing comment
        /src/internal/ 
        """)
        #expect(rules.owners(of: "README.md") == ["@org/everyone"])
        #expect(rules.owners(of: "cmd/main.go") == ["@gophers"])
        #expect(rules.owners(of: "docs/x/y.md") == ["@writers"])
        #expect(rules.owners(of: "x/docs/y.md") == ["@org/everyone"])
        #expect(rules.owners(of: "deep/apps/z.go") == ["@apps-team"])
        #expect(rules.owners(of: "build/logs/today.txt") == ["@ops"])
        #expect(rules.owners(of: "src/a/b/pay/x.go") == ["@payments"])
        #expect(rules.owners(of: "src/pay/x.go") == ["@payments"])
        #expect(rules.owners(of: "src/internal/x.go") == [])

        // GitHub's documented examples: `docs/*` is not recursive, `/apps/github` without owners
        // overrides `/apps/`, `**/logs` and `a/**/d.go`, emails as owners.
        let github = CodeOwners(text: """
        docs/*           docs@example.com
        **/logs          @octocat
        /apps/           @octocat @org/apps
        /apps/github
        a/**/d.go        @deep
        """)
        #expect(github.owners(of: "docs/getting-started.md") == ["docs@example.com"])
        #expect(github.owners(of: "docs/build-app/troubleshooting.md") == [])
        #expect(github.owners(of: "build/logs/x.log") == ["@octocat"])
        #expect(github.owners(of: "deeply/nested/logs/y/z.log") == ["@octocat"])
        #expect(github.owners(of: "apps/web/a.js") == ["@octocat", "@org/apps"])
        #expect(github.owners(of: "apps/github/a.js") == [])
        #expect(github.owners(of: "a/d.go") == ["@deep"] && github.owners(of: "a/b/c/d.go") == ["@deep"])
        #expect(CodeOwners(text: "/* @root-only\n").owners(of: "Makefile") == ["@root-only"])
        #expect(CodeOwners(text: "/* @root-only\n").owners(of: "src/a.c") == [])

        // Backslash escapes: a space in a directory name, a literal star, a pattern that starts with `#`.
        let escaped = CodeOwners(text: """
        my\\ dir/          @spaces   # a comment
        lit/star\\*.txt    @star
        \\#notes.md        @hash
        """)
        #expect(escaped.rules.map(\.owners) == [["@spaces"], ["@star"], ["@hash"]])
        #expect(escaped.owners(of: "my dir/a.txt") == ["@spaces"])
        #expect(escaped.owners(of: "x/my dir/a.txt") == ["@spaces"])
        #expect(escaped.owners(of: "my/a.txt") == [])
        #expect(escaped.owners(of: "lit/star*.txt") == ["@star"])
        #expect(escaped.owners(of: "lit/starry.txt") == [])
        #expect(escaped.owners(of: "#notes.md") == ["@hash"])

        // A file written with CRLF line ends is read line by line.
        let crlf = CodeOwners(text: "# owners\r\n*  @all\r\n*.go  @gophers\r\n/docs/  @writers\r\n")
        #expect(crlf.rules.count == 3)
        #expect(crlf.owners(of: "main.go") == ["@gophers"])
        #expect(crlf.owners(of: "docs/a.md") == ["@writers"])
        #expect(crlf.owners(of: "README") == ["@all"])

        let fx = try FixtureRepo()
        try fx.commit("base", files: ["CODEOWNERS": "* @root-file\n", ".github/CODEOWNERS": "*.c @github-file\nsrc/ @src-team\n",
                                      "src/a.c": "int a;\n"])
        let l = Linker(repository: try Repository(at: fx.path))
        let r = try l.paths(["src/a.c"])
        #expect(r.owners == [LinkResult.Owner(owner: "@src-team", source: .codeowners, lines: 1)])
    }

    /// The glob matcher backtracked without memo: `*a` twelve times then `*b` against a 105-byte name
    /// ran for minutes, and 400,000 stars overflowed the stack (SIGSEGV).
    @Test func codeOwnersGlobsThatBacktrackedForeverAreAnswered() {
        let name = String(repeating: "a", count: 105) + ".go"
        let groups = String(repeating: "*a", count: 12)
        #expect(!CodeOwners.glob(groups + "*b", name))
        #expect(CodeOwners.glob(groups + "*.go", name))
        #expect(!CodeOwners.glob(String(repeating: "**a", count: 12) + "**b", "x/" + name + "/" + name))
        let rules = CodeOwners(text: "* @all\n\(groups)*b @evil\n/**/\(groups)*.go @deep\n")
        #expect(rules.owners(of: name) == ["@deep"])
        #expect(rules.owners(of: "src/" + name + "/x.c") == ["@deep"])
        #expect(rules.owners(of: "src/" + name.dropLast(3) + "ab") == ["@evil"])
        #expect(rules.owners(of: "src/" + name.dropLast(3) + "c") == ["@all"])

        // A pattern past the bound is skipped as a rule; the matcher itself needs no stack for it.
        let stars = String(repeating: "*", count: 400_000) + "x"
        #expect(CodeOwners.glob(stars, "a/b/x") && !CodeOwners.glob(stars, "aaay"))
        let singles = String(repeating: "*a", count: 200_000) + "*"
        #expect(!CodeOwners.glob(singles, String(repeating: "a", count: 20)) && CodeOwners.glob(String(singles.suffix(41)), String(repeating: "ba", count: 30)))
        let long = CodeOwners(text: "* @all\n\(stars) @evil\n")
        #expect(long.rules.map(\.pattern) == ["*"])
        #expect(long.owners(of: "ax") == ["@all"])
        #expect(!CodeOwners.matches(pattern: stars, path: "ax"))
        let atBound = String(repeating: "?", count: CodeOwners.maxPatternBytes)
        #expect(CodeOwners(text: "\(atBound) @bound\n\(atBound)? @over\n").rules.map(\.owners) == [["@bound"]])
    }

    /// The automaton answers as the backtracking matcher it replaced did, on every pattern and path
    /// built from a small alphabet (the reference below is that matcher, kept to small inputs).
    @Test func codeOwnersGlobAgreesWithTheBacktrackingReference() {
        let patternAtoms = ["a", "b", "/", "*", "**", "**/", "?", "\\*", "\\", "/*"]
        let pathAtoms = ["a", "b", "/", "*", "ab", "\\"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        var checked = 0
        for _ in 0..<6000 {
            let pattern = (0..<(1 + next(6))).map { _ in patternAtoms[next(patternAtoms.count)] }.joined()
            let path = (0..<(1 + next(7))).map { _ in pathAtoms[next(pathAtoms.count)] }.joined()
            #expect(CodeOwners.glob(pattern, path) == Self.referenceGlob(pattern, path), "glob \(pattern) \(path)")
            #expect(CodeOwners.matches(pattern: pattern, path: path) == Self.referenceMatches(pattern: pattern, path: path),
                    "matches \(pattern) \(path)")
            checked += 1
        }
        #expect(checked == 6000)
    }

    static func referenceMatches(pattern raw: String, path: String) -> Bool {
        var pattern = raw
        let filesOnly = pattern.hasSuffix("/*")
        let dirOnly = pattern.hasSuffix("/")
        if dirOnly { pattern.removeLast() }
        let anchored = pattern.hasPrefix("/") || pattern.dropLast().contains("/")
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        if pattern.isEmpty { return true }
        let comps = path.split(separator: "/").map(String.init)
        if anchored {
            for end in stride(from: comps.count, through: 1, by: -1) {
                let prefix = comps[0..<end].joined(separator: "/")
                let isWhole = end == comps.count
                if !isWhole, filesOnly { continue }
                if referenceGlob(pattern, prefix), !(dirOnly && isWhole) { return true }
            }
            return false
        }
        for (i, c) in comps.enumerated() where referenceGlob(pattern, c) {
            if !(dirOnly && i == comps.count - 1) { return true }
        }
        if pattern.contains("**") { return referenceGlob(pattern, path) }
        return false
    }

    static func referenceGlob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == UInt8(ascii: "*") {
                let double = i + 1 < p.count && p[i + 1] == UInt8(ascii: "*")
                var next = double ? i + 2 : i + 1
                if double, next < p.count, p[next] == UInt8(ascii: "/") {
                    if match(next + 1, j) { return true }
                    next = i + 2
                }
                var k = j
                while true {
                    if match(next, k) { return true }
                    if k == t.count || (!double && t[k] == UInt8(ascii: "/")) { return false }
                    k += 1
                }
            }
            guard j < t.count else { return false }
            if p[i] == UInt8(ascii: "\\"), i + 1 < p.count { return p[i + 1] == t[j] && match(i + 2, j + 1) }
            if p[i] == UInt8(ascii: "?") { return t[j] != UInt8(ascii: "/") && match(i + 1, j + 1) }
            return p[i] == t[j] && match(i + 1, j + 1)
        }
        return match(0, 0)
    }

    @Test func relatedIncidentsOverlapOrTouch() {
        let mine = [LinkResult.CodePath(path: "a.c", lines: [10...12]), LinkResult.CodePath(path: "b.c", lines: [1...1])]
        let earlier: [(id: String, paths: [LinkResult.CodePath])] = [
            ("INC-1", [LinkResult.CodePath(path: "a.c", lines: [13...20])]),   // adjacent
            ("INC-2", [LinkResult.CodePath(path: "a.c", lines: [14...20])]),   // gap
            ("INC-3", [LinkResult.CodePath(path: "c.c", lines: [10...12])]),   // other file
            ("INC-4", [LinkResult.CodePath(path: "b.c", lines: [])]),          // whole file
            ("INC-5", [LinkResult.CodePath(path: "a.c", lines: [1...11])]),    // overlap
        ]
        #expect(RelatedIncidents.find(paths: mine, earlier: earlier) == ["INC-1", "INC-4", "INC-5"])
        #expect(RelatedIncidents.find(paths: mine, earlier: earlier, excluding: "INC-1") == ["INC-4", "INC-5"])
    }

    @Test func resultJSONRoundTrips() throws {
        let r = LinkResult(incident: "INC-7", method: "fix", at: "abc",
                           introducing: [.init(commit: "c1", summary: "s", author: "A <a@b>", authoredAt: "2026-01-01T00:00:00Z", lines: 2)],
                           paths: [.init(path: "a.c", lines: [1...3, 7...7], functions: ["f"])],
                           owners: [.init(owner: "@t", source: .codeowners, lines: 4), .init(owner: "A <a@b>", source: .blame)],
                           relatedIncidents: ["INC-1"])
        let json = r.json
        for key in ["incident", "method", "introducing", "paths", "owners", "related_incidents"] { #expect(json[key] != nil) }
        #expect(json["introducing"]?.arrayValue?.first?["authored_at"]?.stringValue == "2026-01-01T00:00:00Z")
        #expect(json["paths"]?.arrayValue?.first?["lines"] == [[1, 3], [7, 7]])
        #expect(json["owners"]?.arrayValue?.first?["source"] == "CODEOWNERS")
        #expect(try LinkResult(json: json) == r)
        #expect(throws: LinkError.self) { try LinkResult(json: ["paths": []]) }
    }

    @Test func commentAndFunctionHeuristics() {
        #expect(SourceLanguage(path: "a.c").isNoise("   /* x */ "))
        #expect(!SourceLanguage(path: "a.c").isNoise("/* x */ y = 1;"))
        #expect(SourceLanguage(path: "a.c").isNoise(" * continued"))
        #expect(!SourceLanguage(path: "a.c").isNoise("*p = 0;"))
        #expect(SourceLanguage(path: "a.py").isNoise("  # hi"))
        #expect(SourceLanguage(path: "x.yaml").isNoise("# c"))
        #expect(SourceLanguage(path: "x.sh").isNoise("# c"))
        #expect(SourceLanguage(path: "x.ts").isNoise("// c"))
        #expect(SourceLanguage(path: "x.kt").isNoise("// c"))
        #expect(SourceLanguage(path: "x.rb").isNoise("# c"))
        #expect(!SourceLanguage(path: "x.go").isNoise("x := 1 // c"))
        #expect(SourceLanguage(path: "a.c").functionName("static int parse_opts(int argc, char **argv)") == "parse_opts")
        #expect(SourceLanguage(path: "a.c").functionName("\tif (x) {") == nil)
        #expect(SourceLanguage(path: "a.swift").functionName("    public static func make(x: Int) -> Y {") == "make")
        #expect(SourceLanguage(path: "a.go").functionName("func (s *Server) Serve(ctx context.Context) error {") == "Serve")
        #expect(SourceLanguage(path: "A.kt").functionName("    private fun compute(a: Int): Int {") == "compute")
        #expect(SourceLanguage(path: "A.java").functionName("    public void run(String x) {") == "run")
        #expect(SourceLanguage(path: "A.java").functionName("        foo(x);") == nil)
        #expect(SourceLanguage(path: "a.py").functionName("    async def fetch(self):") == "fetch")
        #expect(SourceLanguage(path: "a.rb").functionName("  def self.build(x)") == "build")
        #expect(SourceLanguage(path: "a.ts").functionName("export const load = async (id: string) => {") == "load")
        #expect(SourceLanguage(path: "a.js").functionName("  async save(doc) {") == "save")
        #expect(SourceLanguage(path: "a.sh").functionName("deploy_all() {") == "deploy_all")
        #expect(SourceLanguage(path: "a.yml").functionName("jobs:") == "jobs")
        #expect(SourceLanguage(path: "a.c").functionName("_init_ctx(void)") == "_init_ctx")
        #expect(SourceLanguage(path: "a.py").isNoise(" \u{0B}\u{0C}\r\n\t"))
        #expect(!SourceLanguage(path: "a.py").isNoise(" \u{00A0}x = \"é\"  "))
    }

    /// Comment lines told with the whole file's text, per language: block comments, strings that hide
    /// comment markers, docstrings, here-documents, `=begin`, and the `#!` line.
    @Test func commentLinesFromTheWholeFile() {
        func code(_ path: String, _ text: String) -> [Bool] { SourceLanguage(path: path).codeLines(in: TextLines(text)) ?? [] }
        #expect(code("a.c", "int t = price\n\t\t* qty * 2;\n/* note\n   more text\n */\nint x; /* a\n b */ int y;\nc = '\"'; // \"\n"
                     + "#define M(x) \\\n\t/* note */ \\\n\t(x)\n")
                == [true, true, false, false, false, true, true, true, true, false, true])
        #expect(code("a.js", "const s = \"/* not\";\nlet t = `a\n// inside\n`;\nx = s.replace(/\\/*$/, '');\n// c\n")
                == [true, true, true, true, true, false])
        #expect(code("a.swift", "/* a /* b */ c */\nlet s = \"\"\"\n  // text\n  \"\"\"\n * x\n") == [false, true, true, true, true])
        #expect(code("a.go", "s := `\n/* x\n`\n// c\n") == [true, true, true, false])
        #expect(code("A.java", "/* never closed\nint x = 1;\n// c\n") == [false, true, false], "a misread: line by line")
        let py = "#!/usr/bin/env python2\n\"\"\"Module doc.\n\nMore.\n\"\"\"\ndef f(x):\n    '''one line'''\n    s = \"\"\"\n    text\n    \"\"\"\n"
            + "    return x  # c\n    r'''raw\n    doc'''\n    y = (\n        'a'\n    )\n    \"\"\"a\n    b\"\"\".strip()\n    # \"\"\"\n"
        #expect(code("a.py", py) == [true, false, false, false, false, true, false, true, true, true,
                                      true, false, false, true, true, true, true, true, false])
        #expect(code("a.sh", "#!/bin/sh\n# c\necho a#b ${#x} $#\ncat <<'EOF'\n# data, don't\nEOF\necho 'x # y' # c\n# end\n"
                     + "test_expect_success 'it works' '\n\t# set up\n\tgit init\n\t# done'\n")
                == [true, false, true, true, true, true, true, false, true, false, true, true])
        #expect(code("a.rb", "#!/usr/bin/env ruby\nx = 1 # c\n=begin\ncode? no\n=end\ns = \"#{x}\"\n# c\nq = <<~SQL\n  # data\nSQL\n")
                == [true, true, false, false, false, true, false, true, true, true])
        #expect(code("a.yml", "a: don't # c\n# c\nb: 'x # y'\n") == [true, false, true])
        #expect(SourceLanguage(path: "a.txt").codeLines(in: TextLines("x\n")) == nil)
        // Line by line, where no text is at hand: an interpreter line is code.
        #expect(!SourceLanguage(path: "a.py").isNoise("#!/usr/bin/env python2"))
        #expect(!SourceLanguage(path: "a.rb").isNoise("#!/usr/bin/env ruby"))
    }

    /// A Java `} else if (…) {` or `} catch (E e) {` line was named as the function `if` or `catch`, and a
    /// JavaScript member call `res.json({` as a method `json`: a frame inside them got the wrong name.
    @Test func controlStatementsAndCallsAreNotDefinitions() {
        let java = SourceLanguage(path: "Pay.java")
        for line in ["        } else if (a > 100) {", "        } catch (RuntimeException e) {", "        else if (a > 100)",
                     "        catch (RuntimeException e)", "        synchronized (lock) {", "        switch (kind) {",
                     "        for (int i = 0; i < n; i++) {", "        while (x) {", "        if (a < 0) {", "        do {",
                     "        try (var r = open()) {", "        } finally {", "    outer: for (String s : names) {"] {
            #expect(java.functionName(line) == nil, "\(line)")
            #expect(SourceLanguage(path: "Pay.kt").functionName(line) == nil, "\(line)")
        }
        #expect(java.functionName("    public int charge(int a) {") == "charge")
        let source = """
        class Pay {
            public int charge(int a) {
                if (a < 0) {
                    return 0;
                } else if (a > 100) {
                    return refuse(a);
                }
                try {
                    return bill(a);
                } catch (RuntimeException e) {
                    return retry(a);
                }
            }
        }
        """
        let javaLines = source.split(separator: "\n").map { Substring($0) }
        #expect(java.enclosingFunctions(lines: javaLines, at: [6, 11]) == ["charge", "charge"])

        let c = SourceLanguage(path: "a.cpp")
        for line in ["catch (const std::exception &e) {", "try {", "synchronized (x) {", "switch (kind) {", "else if (x)",
                     "foreach (var x in xs) {"] {
            #expect(c.functionName(line) == nil, "\(line)")
        }
        #expect(c.functionName("int charge(int a) {") == "charge")

        let js = SourceLanguage(path: "h.js")
        #expect(js.functionName("  res.json({") == nil)
        #expect(js.functionName("  foo.bar(x, {") == nil)
        #expect(js.functionName("  this.emit('x', {") == nil)
        #expect(js.functionName("  async save(doc) {") == "save")
        let handler = "function handler(req, res) {\n  res.json({\n    count: req.n + 1,\n  });\n}\n"
        #expect(js.enclosingFunction(lines: TextLines(handler), line: 3) == "handler")
        #expect(SourceLanguage(path: "h.ts").enclosingFunction(lines: TextLines(handler.replacingOccurrences(of: "\n", with: "\r\n")), line: 3) == "handler")
    }

    /// Several lines at once give what one line at a time gives: nearest definition at or above, none
    /// above the first, any order and repeats, lines past the end clamped; a language without a
    /// heuristic gives none.
    @Test func enclosingFunctionsOfManyLines() {
        let text = "#include <x.h>\nint a;\nstatic int first(void)\n{\n\treturn 1;\n}\n\nvoid second(int x)\n{\n\tx++;\n}\n"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { Substring($0) }
        let c = SourceLanguage(path: "a.c")
        let wanted = [10, 1, 5, 3, 10, 2, 8, 99, 6]
        let expected: [String?] = ["second", nil, "first", "first", "second", nil, "second", "second", "first"]
        #expect(c.enclosingFunctions(lines: lines, at: wanted) == expected)
        #expect(wanted.map { c.enclosingFunction(lines: lines, line: $0) } == expected)
        #expect(SourceLanguage(path: "a.xml").enclosingFunctions(lines: lines, at: [5, 10]) == [nil, nil])
        #expect(c.enclosingFunctions(lines: TextLines(text), at: wanted) == expected)
    }

    /// A file's lines as `link` reads them: split at newline bytes only, a final newline ends the last
    /// line, carriage returns and empty lines kept, multi-byte characters intact.
    @Test func textLinesSplitAtNewlines() {
        let cases: [(String, [Substring])] = [
            ("", []),
            ("\n", [""]),
            ("a", ["a"]),
            ("a\n", ["a"]),
            ("a\n\nb", ["a", "", "b"]),
            ("a\r\nb\r\n", ["a\r", "b\r"]),
            ("é\n\u{1F600} x\n\n", ["é", "\u{1F600} x", ""]),
        ]
        for (text, expected) in cases {
            let lines = TextLines(text)
            #expect(Array(lines) == expected, "\(text.debugDescription)")
            #expect(lines.count == expected.count)
        }
        let big = (1...5_000).map { "line \($0)" }.joined(separator: "\n")
        let lines = TextLines(big)
        #expect(lines.count == 5_000)
        #expect(lines[0] == "line 1" && lines[2_499] == "line 2500" && lines[4_999] == "line 5000")
    }
}
