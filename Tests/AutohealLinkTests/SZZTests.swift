import AutohealTestSupport
import Foundation
import Testing
import AutohealGit
@testable import AutohealLink

@Suite struct SZZTests {
    func linker(_ fx: FixtureRepo, policy: RankingPolicy = RankingPolicy()) throws -> Linker {
        Linker(repository: try Repository(at: fx.path), policy: policy)
    }

    @Test func blamesChangedLinesIgnoringWhitespaceAndComments() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["src/pay.c": "int charge(int n)\n{\n\tint x = n;\n\t/* note */\n\treturn x;\n}\n"])
        let bug = try fx.commit("introduce bug", files: ["src/pay.c": "int charge(int n)\n{\n\tint x = n * 2;\n\t/* note */\n\treturn x;\n}\n"], author: "Bob")
        try fx.commit("reindent and reword", files: ["src/pay.c": "int charge(int n)\n{\n    int x = n * 2;\n\t/* better note */\n\treturn x;\n}\n"])
        let fix = try fx.commit("fix", files: ["src/pay.c": "int charge(int n)\n{\n    int x = n;\n\t/* fixed note */\n\treturn x;\n}\n"])
        let r = try linker(fx).fix(fix)
        #expect(r.method == "fix")
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.introducing.first?.lines == 1)
        #expect(r.introducing.first?.author == "Bob <ada@example.com>")
        #expect(r.paths == [LinkResult.CodePath(path: "src/pay.c", lines: [3...3], functions: ["charge"])])
        #expect(r.owners.contains(LinkResult.Owner(owner: "Bob <ada@example.com>", source: .blame, lines: 1)))
    }

    /// The contract ignores comment-only changes: a fix that only corrects a comment has nothing to
    /// blame, and is refused rather than stored as an empty link.
    @Test func aCommentOnlyFixHasNothingToBlame() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["src/pay.c": "int charge(int n)\n{\n\treturn n;\n}\n"])
        try fx.commit("document", files: ["src/pay.c": "/* Returns the fee in cents. */\nint charge(int n)\n{\n\treturn n;\n}\n"], author: "Bob")
        let fix = try fx.commit("fix the doc", files: ["src/pay.c": "/* Returns the fee in dollars. */\nint charge(int n)\n{\n\treturn n;\n}\n"])
        #expect(throws: LinkError.nothingToBlame(String(fix.prefix(12)))) { try linker(fx).fix(fix) }
    }

    /// A later commit that changed another part of the line than the fix does (a rename three tokens
    /// away from the fixed comparison) is seen through to the commit that wrote the comparison; one
    /// whose change sits next to the fixed tokens is not.
    @Test func aChangeElsewhereInTheLineIsSeenThrough() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["q.c": "int admit(int buffer_length, int max_size, int enabled)\n{\n\treturn 1;\n}\n"])
        let bug = try fx.commit("limit", files: ["q.c": "int admit(int buffer_length, int max_size, int enabled)\n{\n\tif (buffer_length > max_size && enabled)\n\t\treturn 0;\n\treturn 1;\n}\n"], author: "Bob")
        let rename = try fx.commit("rename enabled", files: ["q.c": "int admit(int buffer_length, int max_size, int is_enabled)\n{\n\tif (buffer_length > max_size && is_enabled)\n\t\treturn 0;\n\treturn 1;\n}\n"])
        let fix = try fx.commit("fix", files: ["q.c": "int admit(int buffer_length, int max_size, int is_enabled)\n{\n\tif (buffer_length >= max_size && is_enabled)\n\t\treturn 0;\n\treturn 1;\n}\n"])
        let r = try linker(fx, policy: .all).fix(fix)
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.introducing.first?.author == "Bob <ada@example.com>")
        #expect(!r.candidates.map(\.commit).contains(rename))

        // The same fix after a rename of the operand right next to the comparison: the rename is blamed.
        let fx2 = try FixtureRepo()
        try fx2.commit("base", files: ["q.c": "int admit(int buffer_length, int max_size)\n{\n\treturn 1;\n}\n"])
        try fx2.commit("limit", files: ["q.c": "int admit(int buffer_length, int max_size)\n{\n\tif (buffer_length > max_size)\n\t\treturn 0;\n\treturn 1;\n}\n"])
        let near = try fx2.commit("rename max_size", files: ["q.c": "int admit(int buffer_length, int cap)\n{\n\tif (buffer_length > cap)\n\t\treturn 0;\n\treturn 1;\n}\n"])
        let fix2 = try fx2.commit("fix", files: ["q.c": "int admit(int buffer_length, int cap)\n{\n\tif (buffer_length >= cap)\n\t\treturn 0;\n\treturn 1;\n}\n"])
        #expect(try linker(fx2, policy: .all).fix(fix2).introducing.map(\.commit) == [near])
    }

    /// Further back the line's tokens have moved, so changes are compared by the tokens they touched;
    /// at most three changes are seen through per line.
    @Test func seeingThroughGoesBackThreeChanges() throws {
        let names = ["alpha", "beta", "gamma", "delta"]
        func source(_ renamed: Int, fixed: Bool = false) -> String {
            let args = names.enumerated().map { $0.offset < renamed ? "new_" + $0.element : $0.element }
            return "int f(int size, int limit, int \(args.joined(separator: ", int ")))\n{\n"
                + "\tif (size \(fixed ? ">=" : ">") limit && \(args.joined(separator: " && ")))\n\t\treturn 0;\n\treturn 1;\n}\n"
        }
        func history(renames: Int) throws -> (FixtureRepo, [String], String) {
            let fx = try FixtureRepo()
            try fx.commit("base", files: ["f.c": "int f(void)\n{\n\treturn 1;\n}\n"])
            var commits = [try fx.commit("limit", files: ["f.c": source(0)])]
            for k in 1...renames { commits.append(try fx.commit("rename \(k)", files: ["f.c": source(k)])) }
            return (fx, commits, try fx.commit("fix", files: ["f.c": source(renames, fixed: true)]))
        }
        // Two renames: the newer is compared by position, the older by tokens; both are seen through.
        let (two, twoCommits, twoFix) = try history(renames: 2)
        #expect(try linker(two, policy: .all).fix(twoFix).introducing.map(\.commit) == [twoCommits[0]])
        // Four renames: three are seen through, and the fourth change back (the first rename) is blamed.
        let (four, fourCommits, fourFix) = try history(renames: 4)
        #expect(try linker(four, policy: .all).fix(fourFix).introducing.map(\.commit) == [fourCommits[1]])
    }

    /// Minified or generated lines are not compared (the comparison is quadratic): a 200 KB line
    /// renamed and then fixed links at once, blaming the commit that changed it last.
    @Test func longLinesAreNotCompared() throws {
        let fx = try FixtureRepo()
        let words = (0..<20_000).map { "v\($0)" }
        let line = { (w: [String]) in "var x = [" + w.joined(separator: ",") + "];\n" }
        try fx.commit("base", files: ["min.js": "a();\n" + line(words) + "b();\n"])
        var renamed = words; renamed[10] = "renamed"
        let last = try fx.commit("rename", files: ["min.js": "a();\n" + line(renamed) + "b();\n"])
        var fixed = renamed; fixed[19_990] = "fixed"
        let fix = try fx.commit("fix", files: ["min.js": "a();\n" + line(fixed) + "b();\n"])
        let started = Date()
        #expect(try linker(fx, policy: .all).fix(fix).introducing.map(\.commit) == [last])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(lineSimilarity(Array(line(words).utf8), Array(line(renamed).utf8)) == 0)
        #expect(lineSimilarity(Array(String(repeating: "x", count: maxComparedLineLength).utf8),
                               Array(String(repeating: "x", count: maxComparedLineLength).utf8)) == 1)
    }

    /// A line the fix deletes outright has no partner to compare with: whoever changed it last is blamed.
    @Test func aDeletedLineIsNotSeenThrough() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["q.c": "void f(void)\n{\n\tprepare(ctx);\n\tfinish();\n}\n"])
        try fx.commit("add call", files: ["q.c": "void f(void)\n{\n\tprepare(ctx);\n\tflush_all_pending_buffers(ctx, 0);\n\tfinish();\n}\n"])
        let last = try fx.commit("rename ctx", files: ["q.c": "void f(void)\n{\n\tprepare(ctx);\n\tflush_all_pending_buffers(context, 0);\n\tfinish();\n}\n"])
        let fix = try fx.commit("fix", files: ["q.c": "void f(void)\n{\n\tprepare(ctx);\n\tfinish();\n}\n"])
        #expect(try linker(fx, policy: .all).fix(fix).introducing.map(\.commit) == [last])
    }

    @Test func tokensAndTheirChanges() {
        func tokens(_ s: String) -> [String] { CodeTokens(Array(s.utf8)).tokens.map { String(decoding: $0, as: UTF8.self) } }
        #expect(tokens("\tif (p->len <<= 2 && x != y) i++;") == ["if", "(", "p", "->", "len", "<<=", "2", "&&", "x", "!=", "y", ")", "i", "++", ";"])
        #expect(tokens("a>=b||c--") == ["a", ">=", "b", "||", "c", "--"])
        #expect(tokens("  ") == [])

        let change = TokenChange(from: CodeTokens(Array("if (a > b && c)".utf8)), to: CodeTokens(Array("if (a >= b && c)".utf8)))
        #expect(change.changed.map { String(decoding: $0, as: UTF8.self) }.sorted() == [">", ">="])
        #expect(change.oldMarks == [3] && change.newMarks == [3])
        // An insertion marks the tokens either side of it on the side that lacks it.
        let insert = TokenChange(from: CodeTokens(Array("f(a, b)".utf8)), to: CodeTokens(Array("f(a, c, b)".utf8)))
        #expect(insert.oldMarks == [3, 4] && insert.newMarks == [4, 5])

        #expect(lineSimilarity(Array("  return x;".utf8), Array("return x;\t".utf8)) == 1)
        #expect(lineSimilarity(Array("abcd".utf8), Array("wxyz".utf8)) == 0)
        #expect(lineSimilarity(Array("abcd".utf8), Array("abXY".utf8)) == 0.5)
        #expect(lineSimilarity(Array("a".utf8), Array("abcdefghij".utf8), atLeast: 0.5) == 0)
    }

    @Test func severalIntroducersRankedNewestFirst() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a.py": "def f():\n    a = 1\n    b = 2\n    return a + b\n"])
        let one = try fx.commit("one", files: ["a.py": "def f():\n    a = 10\n    b = 2\n    return a + b\n"])
        let two = try fx.commit("two", files: ["a.py": "def f():\n    a = 10\n    b = 20\n    return a + b\n"])
        let fix = try fx.commit("fix", files: ["a.py": "def f():\n    a = 1\n    b = 2\n    return a + b\n"])
        let r = try linker(fx).fix(fix)
        #expect(r.introducing.map(\.commit) == [two, one])
        #expect(r.paths.first?.functions == ["f"])
        #expect(r.candidates.map(\.commit) == [two, one])
    }

    /// A fix that corrects code and adjusts its tests was made for the code: the commit that wrote the
    /// code line is ranked first though another wrote more of the test lines, which still count (a
    /// quarter each), and both keep their real line counts. A fix of tests alone counts lines as usual.
    @Test func codeLinesOutweighTestLinesInAFixOfBoth() throws {
        let fx = try FixtureRepo()
        let base = try fx.commit("base", files: ["src/limit.c": "int limit(void)\n{\n\treturn 10;\n}\n",
                                      "tests/test-limit.c": "check(limit() == 10);\ncheck(1);\ncheck(2);\n"])
        let code = try fx.commit("lower the limit", files: ["src/limit.c": "int limit(void)\n{\n\treturn 5;\n}\n"])
        let tests = try fx.commit("more checks", files: ["tests/test-limit.c": "check(limit() == 10);\ncheck(3);\ncheck(4);\ncheck(5);\n"])
        let fix = try fx.commit("fix the limit", files: ["src/limit.c": "int limit(void)\n{\n\treturn 8;\n}\n",
                                                         "tests/test-limit.c": "check(limit() == 8);\ncheck(6);\ncheck(7);\ncheck(8);\n"])
        let r = try linker(fx).fix(fix)
        #expect(r.introducing.map(\.commit) == [code])
        #expect(Dictionary(uniqueKeysWithValues: r.candidates.map { ($0.commit, $0.lines) }) == [tests: 3, code: 1, base: 1])
        let testsOnly = try fx.commit("tests again", files: ["tests/test-limit.c": "check(limit() == 8);\ncheck(9);\ncheck(10);\ncheck(11);\n"])
        #expect(try linker(fx).fix(testsOnly).introducing.map(\.commit) == [fix])
        #expect(try linker(fx).fix(testsOnly).candidates.map(\.lines) == [3])
    }

    @Test func fileRoles() {
        for path in ["src/limit.c", "ip/ipaddress.c", "lib/ofp-actions.c", "Sources/App/Main.swift", "cmd/serve.go",
                     "include/uapi/linux/if.h", "latest.c", "contest/score.py", "Makefile"] {
            #expect(FileRole(path: path) == .code, "\(path)")
        }
        for path in ["tests/test-classifier.c", "tests/ofproto.at", "testsuite/tests/ip/route.t", "man/man8/ip.8",
                     "Documentation/intro.rst", "README.md", "NEWS", "debian/control", "rhel/openvswitch.spec",
                     "Tests/AppTests/LimitTests.swift", "pkg/limit_test.go", "src/LimitTest.java", "test_limit.py",
                     "web/limit.spec.ts", "docs/guide.txt", "vswitchd/vswitch.xml"] {
            #expect(FileRole(path: path) == .supporting, "\(path)")
        }
    }

    @Test func followsARenameBeforeTheFix() throws {
        let fx = try FixtureRepo()
        let body = (1...12).map { "line \($0);\n" }.joined()
        try fx.commit("base", files: ["old/name.go": "package x\n" + body])
        let bug = try fx.commit("bug", files: ["old/name.go": "package x\n" + body.replacingOccurrences(of: "line 5;", with: "line 5 bug;")])
        try fx.git("mv", "old/name.go", "new.go")
        try fx.commit("move")
        let fixed = try String(contentsOfFile: fx.path + "/new.go", encoding: .utf8).replacingOccurrences(of: "line 5 bug;", with: "line 5;")
        let fix = try fx.commit("fix", files: ["new.go": fixed])
        let r = try linker(fx).fix(fix)
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.paths.map(\.path) == ["new.go"])
    }

    @Test func skipsRevisionsInBlameIgnoreRevs() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["app.js": "function go(a) {\n  return a\n}\n"])
        let bug = try fx.commit("bug", files: ["app.js": "function go(a) {\n  return a - 1\n}\n"])
        let style = try fx.commit("prettier", files: ["app.js": "function go(a) {\n  return a - 1;\n}\n"])
        try fx.commit("ignore style", files: [".git-blame-ignore-revs": "# formatting\n\(style)\n"])
        let fix = try fx.commit("fix", files: ["app.js": "function go(a) {\n  return a;\n}\n"])
        let r = try linker(fx).fix(fix)
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.paths.first?.functions == ["go"])
    }

    /// A `.git-blame-ignore-revs` written with CRLF line ends was read as one line, a comment: its
    /// revisions were blamed.
    @Test func skipsRevisionsInABlameIgnoreRevsWithCRLFLineEnds() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["app.js": "function go(a) {\n  return a\n}\n"])
        let bug = try fx.commit("bug", files: ["app.js": "function go(a) {\n  return a - 1\n}\n"])
        let style = try fx.commit("prettier", files: ["app.js": "function go(a) {\n  return a - 1;\n}\n"])
        try fx.commit("ignore style", files: [".git-blame-ignore-revs": "# formatting\r\n\(style)\r\n"])
        let fix = try fx.commit("fix", files: ["app.js": "function go(a) {\n  return a;\n}\n"])
        let l = try linker(fx)
        #expect(try l.ignoredRevisions(at: ObjectID(hex: fix)!).map(\.hex) == [style])
        #expect(try l.fix(fix).introducing.map(\.commit) == [bug])
    }

    /// Git's `blame.ignoreRevsFile` takes full object names only (git stops on `HEAD~1` or an
    /// abbreviated id with "invalid object name"); every line used to be resolved as a revision
    /// expression, and 2,000 `:/no-such-text` lines searched a 3,000-commit history for 2 minutes.
    @Test func blameIgnoreRevsTakesFullObjectNamesOnly() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["app.js": "function go(a) {\n  return a\n}\n"])
        let bug = try fx.commit("bug", files: ["app.js": "function go(a) {\n  return a - 1\n}\n"])
        let style = try fx.commit("prettier", files: ["app.js": "function go(a) {\n  return a - 1;\n}\n"])
        try fx.git("tag", "-a", "-m", "formatting", "style", style)
        let tag = try fx.git("rev-parse", "style").trimmingCharacters(in: .whitespacesAndNewlines)
        let expressions = [String(style.prefix(12)), ":/prettier", "HEAD~1", "style", "\(style)x", "\(style) \(bug)"]
        try fx.commit("ignore by expression", files: [".git-blame-ignore-revs": expressions.joined(separator: "\n") + "\n"])
        let skipped = try fx.commit("fix", files: ["app.js": "function go(a) {\n  return a;\n}\n"])
        let l = try linker(fx)
        #expect(try l.ignoredRevisions(at: ObjectID(hex: skipped)!).isEmpty)
        #expect(try l.fix(skipped).introducing.map(\.commit) == [style])

        // Full names in either case, after blanks and before a comment; a tag's name stands for its commit.
        try fx.commit("ignore by name", files: [".git-blame-ignore-revs": "\n  \(style.uppercased())  # prettier\n\(tag)\n"])
        let fix = try fx.commit("fix again", files: ["app.js": "function go(a) {\n  return a - 2;\n}\n"])
        #expect(try l.ignoredRevisions(at: ObjectID(hex: fix)!).map(\.hex) == [style])
        try fx.commit("ignore by tag", files: [".git-blame-ignore-revs": "\(tag) # the tag of prettier\n"])
        let byTag = try fx.commit("fix once more", files: ["app.js": "function go(a) {\n  return a - 3;\n}\n"])
        #expect(try l.ignoredRevisions(at: ObjectID(hex: byTag)!).map(\.hex) == [style])
    }

    @Test func addOnlyFixBlamesTheLinesAroundTheInsertion() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["h.rb": "def handle(x)\n  prep(x)\nend\n"])
        let bug = try fx.commit("bug", files: ["h.rb": "def handle(x)\n  prep(x)\n\n  # process\n  run(x)\nend\n"])
        let fix = try fx.commit("guard", files: ["h.rb": "def handle(x)\n  prep(x)\n\n  return if x.nil?\n  # process\n  run(x)\nend\n"])
        let r = try linker(fx, policy: .all).fix(fix)
        #expect(Set(r.candidates.map(\.commit)).contains(bug))
        #expect(r.paths.first?.lines == [2...2, 5...5])
        #expect(r.introducing.first?.commit == bug)
    }

    /// Git's diff often pairs a guard with the blank line (or the `TODO` comment) it was written over;
    /// such a fix deletes no code, and was refused as changing "no line of code".
    @Test func codeWrittenOverABlankOrCommentLineIsAnInsertion() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a.go": "package a\n\nfunc Div(a, b int) int {\n\treturn a\n}\n"])
        let bug = try fx.commit("bug", files: ["a.go": "package a\n\nfunc Div(a, b int) int {\n\tx := a\n\n\treturn x / b\n}\n"])
        let blank = try fx.commit("guard", files: ["a.go": "package a\n\nfunc Div(a, b int) int {\n\tx := a\n\tif b == 0 {\n\t\treturn 0\n\t}\n\treturn x / b\n}\n"])
        let l = try linker(fx, policy: .all)
        let r = try l.fix(blank)
        #expect(r.paths.first?.lines == [4...4, 6...6], "the code either side of the blank line")
        #expect(r.introducing.map(\.commit) == [bug])

        let todo = try fx.commit("todo", files: ["a.go": "package a\n\nfunc Div(a, b int) int {\n\tx := a\n\t// TODO: handle b == 0\n\treturn x / b\n}\n"])
        _ = todo
        let guarded = try fx.commit("guard over the todo", files: ["a.go": "package a\n\nfunc Div(a, b int) int {\n\tx := a\n\tif b == 0 {\n\t\treturn 0\n\t}\n\treturn x / b\n}\n"])
        let r2 = try l.fix(guarded)
        #expect(r2.paths.first?.lines == [4...4, 6...6])
        #expect(r2.introducing.map(\.commit) == [bug])
    }

    /// Comment lines were told line by line: a C line continuing an expression with `* ` was taken
    /// for a comment (the fix was refused), text in a `/* … */` block without a leading `*` and Python
    /// docstrings for code (a fix of them was blamed), and a Python `#!` line for a comment (a fix of the
    /// interpreter was refused). They are told with the whole file's text, also for a named commit.
    @Test func commentLinesAreToldWithTheWholeFile() throws {
        let fx = try FixtureRepo()
        let total = { (factor: String) in "int total(int price, int qty)\n{\n\treturn price\n\t\t* qty\(factor);\n}\n" }
        try fx.commit("base", files: ["cart.c": total("")])
        let bug = try fx.commit("double", files: ["cart.c": total(" * 2")], author: "Bob")
        let fix = try fx.commit("fix", files: ["cart.c": total("")])
        let l = try linker(fx)
        let r = try l.fix(fix)
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.paths == [LinkResult.CodePath(path: "cart.c", lines: [4...4], functions: ["total"])])
        #expect(try l.commits([bug]).paths == r.paths, "a named commit's lines are told the same way")

        let doc = { (unit: String) in "/*\n   Totals a cart line.\n   Prices in \(unit).\n*/\n" + total("") }
        try fx.commit("document", files: ["cart.c": doc("cents")])
        let docFix = try fx.commit("fix the doc", files: ["cart.c": doc("dollars")])
        #expect(throws: LinkError.nothingToBlame(String(docFix.prefix(12)))) { try l.fix(docFix) }

        let tool = { (python: String, unit: String, one: String, raises: String) in
            "#!/usr/bin/env \(python)\ndef run(x):\n    \"\"\"Run it.\n\n    Returns the total in \(unit).\n\(raises)    \"\"\"\n"
                + "    '''\(one)'''\n    return x\n"
        }
        let script = try fx.commit("script", files: ["tool.py": tool("python2", "cents", "one line", "")], author: "Carol")
        let docstrings = try fx.commit("docstrings", files: ["tool.py": tool("python2", "dollars", "another line", "")])
        #expect(throws: LinkError.nothingToBlame(String(docstrings.prefix(12)))) { try l.fix(docstrings) }
        let added = try fx.commit("document raising", files: ["tool.py": tool("python2", "dollars", "another line", "    Raises ValueError.\n")])
        #expect(throws: LinkError.nothingToBlame(String(added.prefix(12)))) { try l.fix(added) }
        let interpreter = try fx.commit("python3", files: ["tool.py": tool("python3", "dollars", "another line", "    Raises ValueError.\n")])
        let r2 = try l.fix(interpreter)
        #expect(r2.introducing.map(\.commit) == [script])
        #expect(r2.paths.map(\.lines) == [[1...1]])
    }

    @Test func revertFromMessageAndFromTree() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["svc.swift": "func pay() {\n    charge()\n}\n"])
        let bad = try fx.commit("bad", files: ["svc.swift": "func pay() {\n    charge()\n    chargeAgain()\n}\n"])
        try fx.git("revert", "--no-edit", bad, env: fx.nextDateEnv())
        let revert = try fx.git("rev-parse", "HEAD")
        let l = try linker(fx)
        let r = try l.revert(revert)
        #expect(r.method == "revert" && r.introducing.map(\.commit) == [bad])
        #expect(r.paths == [LinkResult.CodePath(path: "svc.swift", lines: [3...3], functions: ["pay"])])

        let bad2 = try fx.commit("bad2", files: ["svc.swift": "func pay() {\n    charge(twice: true)\n}\n"])
        let silent = try fx.commit("undo without saying so", files: ["svc.swift": "func pay() {\n    charge()\n}\n"])
        #expect(try l.revert(silent).introducing.map(\.commit) == [bad2])
        #expect(throws: LinkError.notARevert(String(bad2.prefix(12)))) { try l.revert(bad2) }
    }

    @Test func namedCommitGivesPaths() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["Pay.java": "class Pay {\n    void run() {\n        a();\n    }\n}\n"])
        let c = try fx.commit("change", files: ["Pay.java": "class Pay {\n    void run() {\n        a();\n        b();\n    }\n}\n"])
        let r = try linker(fx).commits([String(c.prefix(8))])
        #expect(r.method == "commit" && r.introducing.map(\.commit) == [c] && r.introducing[0].lines == 1)
        #expect(r.paths == [LinkResult.CodePath(path: "Pay.java", lines: [4...4], functions: ["run"])])
        #expect(r.introducing[0].authoredAt.hasSuffix("Z"))
    }

    /// A named or reverted commit that only deleted lines (a guard removed) gave no code path and no
    /// CODEOWNERS owner; like a deployed one, it now gives the lines either side of the deletion (for
    /// a revert, in the reverted commit, where the result is stated).
    @Test func aCommitThatOnlyDeletesGivesTheLinesAroundTheDeletion() throws {
        let fx = try FixtureRepo()
        try fx.commit("init", files: ["a.py": "def div(a, b):\n    if b == 0:\n        return 0\n    return a / b\n", "CODEOWNERS": "* @team\n"])
        let removed = try fx.commit("remove guard", files: ["a.py": "def div(a, b):\n    return a / b\n"])
        try fx.git("revert", "--no-edit", "HEAD", env: fx.nextDateEnv())
        let l = try linker(fx)
        let expected = [LinkResult.CodePath(path: "a.py", lines: [1...2], functions: ["div"])]
        let team = LinkResult.Owner(owner: "@team", source: .codeowners, lines: 2)
        for r in [try l.revert("HEAD"), try l.commits([removed])] {
            #expect(r.at == removed)
            #expect(r.introducing.map(\.commit) == [removed])
            #expect(r.paths == expected)
            #expect(r.owners.contains(team), "\(r.owners)")
        }
        #expect(try l.deploy("HEAD~2..HEAD~1").paths == expected)
        // Deleting a comment only leaves no code to point at.
        let comment = try fx.commit("comment", files: ["a.py": "def div(a, b):\n    # no guard\n    return a / b\n"])
        let uncomment = try fx.commit("uncomment", files: ["a.py": "def div(a, b):\n    return a / b\n"])
        _ = comment
        #expect(try l.commits([uncomment]).paths.isEmpty)
    }

    /// Several named commits: the result is stated at the newest, and the lines of the others were
    /// listed as each numbered them, naming other lines there. They are carried to the newest; lines a
    /// later commit deleted drop out.
    @Test func namedCommitsLinesAreNumberedAtTheNewest() throws {
        let fx = try FixtureRepo()
        let lines = (1...20).map { "v\($0) = \($0)\n" }
        try fx.commit("init", files: ["a.py": lines.joined()])
        var wrong = lines; wrong[14] = "v15 = 150\n"
        let a = try fx.commit("A: wrong v15", files: ["a.py": wrong.joined()])
        let header = (1...5).map { "h\($0) = 0\n" }.joined()
        let b = try fx.commit("B: add 5 lines at top", files: ["a.py": header + wrong.joined()])
        let l = try linker(fx)
        let r = try l.commits([a, b])
        #expect(r.at == b)
        #expect(r.introducing.map(\.commit) == [b, a])
        #expect(r.paths == [LinkResult.CodePath(path: "a.py", lines: [1...5, 20...20])])
        // C deletes B's header: B's lines drop out, A's line moves back to 15, and C's deletion gives line 1.
        let c = try fx.commit("C: drop the header", files: ["a.py": wrong.joined()])
        #expect(try l.commits([a, b, c]).paths == [LinkResult.CodePath(path: "a.py", lines: [1...1, 15...15])])
        // Renamed later: A's line is found under the new name.
        try fx.git("mv", "a.py", "b.py")
        let d = try fx.commit("D: rename", files: ["b.py": wrong.joined() + "extra = 1\n"])
        #expect(try l.commits([a, d]).paths == [LinkResult.CodePath(path: "b.py", lines: [15...15, 21...21])])
        // Made in the same second (a script, a rebase): stated at the later in history, whichever is named first.
        let same = ["GIT_AUTHOR_DATE": "1800000000 +0000", "GIT_COMMITTER_DATE": "1800000000 +0000"]
        try fx.write("b.py", wrong.joined() + "extra = 2\n")
        try fx.git("commit", "-qam", "E", env: same)
        let e = try fx.git("rev-parse", "HEAD")
        try fx.write("b.py", header + wrong.joined() + "extra = 2\n")
        try fx.git("commit", "-qam", "F", env: same)
        let f = try fx.git("rev-parse", "HEAD")
        for order in [[e, f], [f, e]] {
            let tied = try l.commits(order)
            #expect(tied.at == f)
            #expect(tied.paths == [LinkResult.CodePath(path: "b.py", lines: [1...5, 26...26])])
        }
    }

    /// A submodule's entry is diffed as one `Subproject commit <id>` line, which is no line of any file:
    /// a fix that also moves a submodule (or turns it into a file) blames only its real lines, and a
    /// named commit that moves one gives no path for it.
    @Test func submoduleEntriesAreNotBlamed() throws {
        let fx = try FixtureRepo()
        let base = try fx.commit("base", files: ["a.c": "int a = 1;\n"])
        let bug = try fx.commit("bug", files: ["a.c": "int a = 2;\n"], author: "Bob")
        // A gitlink in the index, its folder present and empty, as for a submodule not checked out.
        func gitlink(_ path: String, _ target: String) throws {
            try FileManager.default.createDirectory(atPath: fx.path + "/" + path, withIntermediateDirectories: true)
            try fx.git("update-index", "--add", "--cacheinfo", "160000,\(target),\(path)")
        }
        try gitlink("vendor/lib", base)
        try fx.commit("add the submodule")
        try gitlink("vendor/lib", bug)
        try fx.write("a.c", "int a = 3;\n")
        try fx.git("add", "a.c")
        let fix = try fx.commit("fix, and move the submodule")
        let l = try linker(fx)
        let r = try l.fix(fix)
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.paths.map(\.path) == ["a.c"])

        try gitlink("vendor/lib", base)
        let bump = try fx.commit("only move the submodule")
        // Nothing left to blame is bad input: an empty link would overwrite a good one.
        #expect(throws: LinkError.nothingToBlame(String(bump.prefix(12)))) { try l.fix(bump) }
        #expect(try l.commits([bump]).paths.isEmpty)

        try fx.git("rm", "-q", "--cached", "vendor/lib")
        try FileManager.default.removeItem(atPath: fx.path + "/vendor/lib")
        try fx.write("vendor/lib", "int lib;\n")
        try fx.git("add", "vendor/lib")
        let replaced = try fx.commit("a file where the submodule was")
        // The file is new where a submodule was: nothing earlier to blame.
        #expect(throws: LinkError.onlyNewFiles(String(replaced.prefix(12)), paths: ["vendor/lib"])) { try l.fix(replaced) }
    }

    /// git allows a file name of any bytes; one that is not UTF-8 cannot be named in a link result (JSON)
    /// and was looked up with U+FFFD in place of its bad bytes, which failed the whole link. It is left
    /// out, and the rest of the fix is linked.
    @Test func aFileNameThatIsNotUTF8IsLeftOut() throws {
        let fx = try FixtureRepo()
        var stream = Data()
        for (n, value) in [(1, 1), (2, 2), (3, 3)] {
            stream += Data("commit refs/heads/main\nmark :\(n)\ncommitter Ada <ada@example.com> \(1_700_000_000 + n * 60) +0000\ndata 2\nc\n".utf8)
            if n > 1 { stream += Data("from :\(n - 1)\n".utf8) }
            stream += Data("M 100644 inline a.c\ndata 11\nint a = \(value);\n".utf8)
            stream += Data("M 100644 inline lat".utf8) + Data([0xE9]) + Data("n.c\ndata 11\nint b = \(value);\n\n".utf8)
        }
        let input = fx.path + "-fast-import"
        defer { try? FileManager.default.removeItem(atPath: input) }
        try stream.write(to: URL(fileURLWithPath: input))
        try fx.run(["fast-import", "--quiet"], stdinFile: input)
        let intro = try fx.git("rev-parse", "main~1")
        let r = try linker(fx).fix("main")
        #expect(r.introducing.map(\.commit) == [intro])
        #expect(r.paths.map(\.path) == ["a.c"])
    }

    /// A `paths` hint naming a directory (`svc/`) was refused as "not a file in the tree" when linking
    /// from the hints, though `--deploy` matches it; it stands for the files under it.
    @Test func aDirectoryHintStandsForItsFiles() throws {
        let fx = try FixtureRepo()
        let c = try fx.commit("svc", files: ["svc/a.py": "a = 1\n", "svc/sub/b.py": "b = 1\nb = 2\n", "svcx.py": "x = 1\n", "other/c.py": "c = 1\n"])
        let l = try linker(fx)
        for hint in ["svc/", "svc"] {
            let r = try l.paths([hint])
            #expect(r.paths == [LinkResult.CodePath(path: "svc/a.py", lines: [1...1]), LinkResult.CodePath(path: "svc/sub/b.py", lines: [1...2])], "\(hint)")
        }
        #expect(throws: LinkError.pathNotInTree(path: "sv/", at: String(c.prefix(12)))) { try l.paths(["sv/"]) }
        var many: [String: String] = [:]
        for i in 0...Linker.maxDirectoryFiles { many["big/f\(i).py"] = "x = \(i)\n" }
        try fx.commit("big", files: many)
        #expect(throws: LinkError.directoryTooLarge("big/", files: Linker.maxDirectoryFiles + 1, limit: Linker.maxDirectoryFiles)) { try l.paths(["big/"]) }
    }

    /// Rust strings span lines: read as C, a `/*` inside one opened a "comment" down to a later `*/`,
    /// and a fix of the code between was refused as changing no code. Such languages are told line by line.
    @Test func aRustStringHoldingSlashStarDoesNotHideCode() throws {
        let fx = try FixtureRepo()
        let text = "const IGNORE: &str = \"\ntarget/\n**/*.rs.bk\n\";\n\nfn limit() -> u32 {\n    return 10;\n}\n// see https://example.com/*/docs */\n"
        let intro = try fx.commit("intro", files: ["lib.rs": text])
        let fix = try fx.commit("fix limit", files: ["lib.rs": text.replacingOccurrences(of: "return 10;", with: "return 20;")])
        let r = try linker(fx).fix(fix)
        #expect(r.introducing.map(\.commit) == [intro])
        #expect(r.paths.first?.lines == [7...7])
    }

    /// Commits named together from diverged branches: the result was stated at the newest, which the
    /// other never reached, and that one's lines were carried to a version without them and dropped.
    /// Stated at HEAD (their merge), both commits keep their code.
    @Test func commitsFromDivergedBranchesKeepTheirLines() throws {
        let fx = try FixtureRepo()
        let text = (1...20).map { "int v\($0);\n" }
        try fx.commit("base", files: ["a.c": text.joined()])
        try fx.git("checkout", "-q", "-b", "side")
        var side = text; side[14] = "int side_bad;\n"
        let onSide = try fx.commit("side", files: ["a.c": side.joined()])
        try fx.git("checkout", "-q", "main")
        var main = text; main[2] = "int main_bad;\n"
        let onMain = try fx.commit("main change", files: ["a.c": main.joined()])
        try fx.git("merge", "-q", "--no-edit", "side", env: fx.nextDateEnv())
        let r = try linker(fx).commits([onSide, onMain])
        let head = try fx.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(r.at == head)
        #expect(r.paths.first { $0.path == "a.c" }?.lines == [3...3, 15...15], "\(r.paths)")
    }

    @Test func badInputIsRefusedClearly() throws {
        let fx = try FixtureRepo()
        let root = try fx.commit("root", files: ["a.c": "int a;\n"])
        let l = try linker(fx)
        #expect(throws: LinkError.unknownRevision("0123456789abcdef")) { try l.fix("0123456789abcdef") }
        #expect(throws: LinkError.noParent(String(root.prefix(12)))) { try l.fix(root) }
        #expect(throws: LinkError.pathNotInTree(path: "nope.c", at: String(root.prefix(12)))) { try l.paths(["nope.c"]) }
        #expect(throws: LinkError.badRange("HEAD")) { try l.deploy("HEAD") }
        #expect(throws: LinkError.badFrame("a.c")) { try l.frames(["a.c"]) }
        #expect(throws: LinkError.self) { try l.link(hints: LinkHints()) }
        #expect(LinkError.unknownRevision("x").isBadInput)
        #expect(LinkError.unknownRevision("x").description.contains("unknown revision 'x'"))
    }

    @Test func shallowCloneMissingHistoryIsReported() throws {
        let fx = try FixtureRepo()
        try fx.commit("one", files: ["a.c": "int a = 1;\n"])
        try fx.commit("two", files: ["a.c": "int a = 2;\n"])
        let fix = try fx.commit("fix", files: ["a.c": "int a = 3;\n"])
        let shallow = fx.path + "-shallow"
        defer { try? FileManager.default.removeItem(atPath: shallow) }
        try fx.git("clone", "-q", "--depth", "1", "file://" + fx.path, shallow)
        let l = Linker(repository: try Repository(at: shallow))
        #expect(throws: LinkError.shallowHistory(String(fix.prefix(12)))) { try l.fix(fix) }
        #expect(throws: LinkError.shallowHistory("HEAD~5")) { try l.fix("HEAD~5") }
        // The other methods said libgit2's "object not found" (exit 1).
        #expect(throws: LinkError.shallowHistory("")) { try l.commits(["HEAD"]) }
        #expect(throws: LinkError.shallowHistory("HEAD~1")) { try l.deploy("HEAD~1..HEAD") }
        #expect(LinkError.shallowHistory("").description.hasPrefix("the history this link needs is missing from this shallow clone"))
    }

    /// An empty commit (or one changing only whitespace) gave an empty link, stored over a good one.
    @Test func aFixThatChangesNoCodeIsRefused() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a.c": "int a = 1;\n"])
        try fx.git("commit", "-q", "--allow-empty", "-m", "empty")
        let empty = try fx.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let spaces = try fx.commit("spaces", files: ["a.c": "int  a =  1;\n"])
        let l = try linker(fx)
        #expect(throws: LinkError.nothingToBlame(String(empty.prefix(12)))) { try l.fix(empty) }
        #expect(throws: LinkError.nothingToBlame(String(spaces.prefix(12)))) { try l.fix(spaces) }
    }

    /// A fix that only adds new files was refused as changing "no line of code", which reads wrong for
    /// a commit full of code; it now says the files are new, so nothing earlier is there to blame.
    @Test func aFixThatOnlyAddsNewFilesSaysSo() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a.c": "int a = 1;\n"])
        let added = try fx.commit("add a guard", files: ["guard.c": "int guard(void) { return 1; }\n", "guard.h": "int guard(void);\n"])
        let l = try linker(fx)
        let error = #expect(throws: LinkError.self) { try l.fix(added) }
        #expect(error == .onlyNewFiles(String(added.prefix(12)), paths: ["guard.c", "guard.h"]))
        #expect(error?.description.contains("only adds new files (guard.c, guard.h)") == true, "\(String(describing: error))")
        #expect(error?.isBadInput == true)
    }

    /// A revision naming a tree or a blob was reported as "no such commit", though the object exists.
    @Test func aRevisionThatIsNotACommitSaysWhatItIs() throws {
        let fx = try FixtureRepo()
        try fx.commit("base", files: ["a.c": "int a = 1;\n"])
        try fx.commit("two", files: ["a.c": "int a = 2;\n"])
        let l = try linker(fx)
        #expect(throws: LinkError.notACommit("HEAD^{tree}", kind: "tree")) { try l.fix("HEAD^{tree}") }
        #expect(throws: LinkError.notACommit("HEAD:a.c", kind: "blob")) { try l.commits(["HEAD:a.c"]) }
        #expect(LinkError.notACommit("HEAD:a.c", kind: "blob").description.hasPrefix("'HEAD:a.c' names a blob, not a commit"))
    }
}
