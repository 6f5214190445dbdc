import Testing
import AutohealCore

/// The event `link` follows is picked by the reader `link` uses (``RootCauseHints``).
@Suite struct RootCauseHintsTests {
    /// Ledgers written before import checked the shapes may hold a `deploy` string or a `fix_commit`
    /// array: the picker took such an event as the one with hints, and `link` found none in it.
    @Test("A later event whose hints have the wrong shape does not hide an earlier usable one")
    func pickerSkipsWrongShapes() {
        let s = Scenario("INC-9")
            .at(0, .alertFired)
            .at(10, .rootcauseIdentified, attrs: ["fix_commit": "abc123"])
            .at(20, .rootcauseIdentified, attrs: ["deploy": "v1..v2"])
            .at(30, .rootcauseIdentified, attrs: ["fix_commit": ["def456"]])
        #expect(s.built.identifiedHints?["fix_commit"]?.stringValue == "abc123")
        #expect(RootCauseHints(attrs: ["deploy": "v1..v2"]).isEmpty)
        #expect(!RootCauseHints(attrs: ["deploy": ["from": "v1"]]).isEmpty, "a deploy without to is refused by link, not skipped")
    }

    @Test("Import's shape check: contract shapes pass, others are named")
    func shapes() {
        #expect(RootCauseHints.shapeProblem(["fix_commit": "a", "commits": ["b"], "frames": "x.go:1", "paths": ["p/"],
                                             "deploy": ["from": "v1", "to": "v2"], "summary": 3]) == nil)
        #expect(RootCauseHints.shapeProblem(["deploy": ["to": "v2", "form": "v1"]])?.contains("unknown key \"form\"") == true)
        #expect(RootCauseHints.shapeProblem(["deploy": ["to": 2]])?.hasPrefix("attrs.deploy.to must be a string") == true)
        #expect(RootCauseHints.shapeProblem(["revert_commit": true])?.hasPrefix("attrs.revert_commit must be a string") == true)
        #expect(RootCauseHints.shapeProblem(["paths": ["a", 1]])?.hasPrefix("attrs.paths must be an array of strings") == true)
    }
}
