import AutohealTestSupport
import Foundation
import Testing
import AutohealGit
@testable import AutohealLink

/// A `#` line inside a YAML block scalar (`run.sh: |` holding a script, common in Kubernetes ConfigMaps
/// and CI files) is text of the scalar, not a YAML comment: a fix changing it was refused as
/// comment-only, or blamed the lines around it instead.
@Suite struct YAMLBlockScalarTests {
    func code(_ text: String) -> [Bool] { SourceLanguage(path: "a.yaml").codeLines(in: TextLines(text)) ?? [] }

    @Test func blockScalarLinesAreText() {
        #expect(code("apiVersion: v1\n# a comment\ndata:\n  run.sh: |\n    #!/bin/sh\n    # check_health\n\n    exec app\n  # about data\n  other: x\n")
                == [true, false, true, true, true, true, false, true, false, true])
        // A sequence entry's key (the scalar ends at its sibling key), `>-` with a comment, a bare entry,
        // no header (`a |` is a plain scalar), a tag before the indicator.
        #expect(code("steps:\n  - run: |\n      # set up\n      make\n    name: build\n    # a comment\n  - script: >-  # folded\n"
                     + "      # kept\n  - |\n    # in a list\n  # after\nkey: a |\n# c\ntagged: !!str |\n  # text\n")
                == [true, true, true, true, true, false, true, true, true, true, false, true, false, true, true])
        // The YAML specification's example 8.2: indentation detected from the first non-blank line, or
        // given by an indicator.
        #expect(code("- |\n detected\n- >\n \n  \n  # detected\n- |1\n  explicit\n# c\n")
                == [true, true, true, false, false, true, true, true, false])
        // A header with nothing indented under it opens nothing; CRLF line ends, a document's scalar, a
        // last line with no newline, a `|` inside a flow mapping.
        #expect(code("a: |\nb: 1\n# c\n") == [true, true, false])
        #expect(code("a: |\r\n  # x\r\n\r\n# c\r\n") == [true, true, false, false])
        #expect(code("--- |\n  # x\n# c\n") == [true, true, false])
        #expect(code("a: >+\n  # x") == [true, true])
        #expect(code("a: {b: |}\n  # c\n") == [true, false])
    }

    @Test func aFixOfAScriptLineInABlockScalarIsBlamed() throws {
        let fx = try FixtureRepo()
        let configMap = { (check: String, note: String) in
            "# \(note)\napiVersion: v1\nkind: ConfigMap\ndata:\n  run.sh: |\n    #!/bin/sh\n    set -e\n\(check)\n    exec app\n  # about data\n  level: info\n"
        }
        try fx.commit("base", files: ["deploy/app.yaml": configMap("    check_health", "the app")])
        let bug = try fx.commit("skip the health check", files: ["deploy/app.yaml": configMap("    # check_health", "the app")], author: "Bob")
        let fix = try fx.commit("check health again", files: ["deploy/app.yaml": configMap("    check_health", "the app")])
        let l = Linker(repository: try Repository(at: fx.path))
        let r = try l.fix(fix)
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.paths.map(\.lines) == [[8...8]])
        // A real YAML comment is still a comment.
        let doc = try fx.commit("reword the comment", files: ["deploy/app.yaml": configMap("    check_health", "the app's config")])
        #expect(throws: LinkError.nothingToBlame(String(doc.prefix(12)))) { try l.fix(doc) }

        // A fix changing only a `#` line of a block scalar (a Markdown heading) was refused as comment-only.
        let banner = { (until: String) in "data:\n  banner.md: |\n    # Maintenance until \(until)\n\n    Sorry.\n" }
        try fx.commit("banner", files: ["deploy/banner.yaml": banner("10:00")])
        let wrong = try fx.commit("wrong time", files: ["deploy/banner.yaml": banner("01:00")], author: "Carol")
        let right = try fx.commit("right time", files: ["deploy/banner.yaml": banner("10:00")])
        let r2 = try l.fix(right)
        #expect(r2.introducing.map(\.commit) == [wrong])
        #expect(r2.paths.map(\.lines) == [[3...3]])
    }

    /// A quoted scalar spans lines (`a: "line1⏎  # step X⏎  end"`): a `#` line inside it is text, and a
    /// fix changing it was refused as comment-only. A quote inside a plain scalar (`it's`) opens none.
    @Test func quotedScalarLinesAreText() {
        #expect(code("a: \"line1\n  # step X\n  end\"\nb: 1\n# c\n") == [true, true, true, true, false])
        // `''` is a quote in '…', `\"` in "…"; a blank line inside is blank.
        #expect(code("a: 'it''s\n  # x\n\n  end'\n# c\n") == [true, true, false, true, false])
        #expect(code("a: \"q\\\"\n  # x\"\n# c\n") == [true, true, false])
        // In a flow sequence, after a sequence's `- `, a tag or an anchor, at a line's start.
        #expect(code("k: [\"a\",\n   'b\n   # x']\n# c\n") == [true, true, true, false])
        #expect(code("- !!str \"a\n  # x\"\n- &y 'b\n  # z'\n'k\n  # w': 1\n# c\n") == [true, true, true, true, true, true, false])
        // A quote in a plain scalar, or a key's, opens nothing: the comments after it stay comments.
        #expect(code("a: it's here\n# c\nb: Bob 's\n# d\nc: don't\"\n# e\nd:'x\n# f\n")
                == [true, false, true, false, true, false, true, false])
    }

    @Test func aFixOfALineInAQuotedScalarIsBlamed() throws {
        let fx = try FixtureRepo()
        let doc = { (step: String) in "a: \"line1\n  # step \(step)\n  end\"\nb: 1\n" }
        try fx.commit("base", files: ["a.yml": doc("base")])
        let bug = try fx.commit("intro", files: ["a.yml": doc("intro")], author: "Bob")
        let fix = try fx.commit("fix", files: ["a.yml": doc("fix")])
        let r = try Linker(repository: try Repository(at: fx.path)).fix(fix)
        #expect(r.introducing.map(\.commit) == [bug])
        #expect(r.paths.map(\.lines) == [[2...2]])
    }
}
