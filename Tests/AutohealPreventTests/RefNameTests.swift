import Testing
@testable import AutohealPrevent

@Suite struct RefNameTests {
    @Test(arguments: ["INC-7", "INC-2024-001", "Q1ABCXYZ", "inc_7", "P.1", "INC-7+retro"])
    func validIncidentIDs(_ id: String) throws {
        try RefName.validateIncidentID(id)
    }

    @Test(arguments: ["", "../etc", "INC/7", "a/../../b", "..", ".hidden", "-rf", "INC 7", "INC\n7", "INC\u{7}", "INC~1",
                      "INC^2", "INC:7", "INC?", "INC*", "INC[1]", "INC\\7", "INC.lock", "INC.", "@", "INC@{1}", "a..b",
                      String(repeating: "x", count: 101)])
    func refusedIncidentIDs(_ id: String) {
        #expect(throws: PreventError.self) { try RefName.validateIncidentID(id) }
        do { try RefName.validateIncidentID(id) } catch { #expect(error.kind == .badInput) }
    }

    @Test(arguments: [
        ("refs/heads/autoheal/INC-7-pool", nil as String?),
        ("refs/heads/a//b", "it contains \"//\""),
        ("refs/heads/x.lock", "a component ends with \".lock\""),
        ("refs/heads/a b", "it contains a space"),
        ("refs/heads/trail/", "it starts or ends with \"/\""),
    ])
    func gitRefRules(_ name: String, _ problem: String?) {
        #expect(RefName.problem(name) == problem)
    }

    @Test(arguments: [
        ("Pool exhausted: 50/50 connections!", "pool-exhausted-50-50-connections"),
        ("  ÜBER  crash -- in Café  ", "ber-crash-in-caf"),
        ("$(rm -rf /) `id`; echo", "rm-rf-id-echo"),
        ("", ""),
        ("a very long title that keeps going well past the forty character limit", "a-very-long-title-that-keeps-going-well"),
        (String(repeating: "x", count: 60), String(repeating: "x", count: 40)),
    ])
    func slugs(_ text: String, _ expected: String) {
        let s = BranchName.slug(text)
        #expect(s == expected)
        #expect(s.count <= 40)
    }

    @Test func branchNames() throws {
        #expect(try BranchName.make(prefix: "autoheal/", incident: "INC-7", title: "Pool exhausted") == "autoheal/INC-7-pool-exhausted")
        #expect(try BranchName.make(prefix: "fix/", incident: "INC-7", title: nil) == "fix/INC-7")
        #expect(throws: PreventError.self) { try BranchName.make(prefix: "autoheal/", incident: "../x", title: "t") }
        #expect(throws: PreventError.self) { try BranchName.make(prefix: "bad..prefix/", incident: "INC-7", title: "t") }
    }
}
