import Foundation
import Testing

/// What `.autoheal.yml` may say, checked where it is read, so every command can use what `config`
/// accepts; and the options that name a duration or a branch, held to the same rules.
@Suite("Config values every command can use, in real repositories")
struct ConfigCommandTests {
    /// A repository with INC-7 (SEV2, recovered, prevention open) and `.autoheal.yml` set to `yaml`.
    func repository(_ yaml: String) -> FixRepo {
        let r = FixRepo()
        r.write(".autoheal.yml", yaml)
        return r
    }

    /// A target up to Int64.max passed validation; `config`, `review` and the HTML report then trapped
    /// (exit 132: seconds through a double rounded up to 2^63), and `--json` printed it as a float.
    @Test("A duration past 36500d is refused where it is read; one at the limit prints as an integer")
    func hugeTargets() throws {
        let r = repository("prevention:\n  targets: {SEV1: 9223372036854775807s, default: 9223372036854775807s}\n")
        for args in [["config"], ["config", "--json"], ["review"], ["review", "--json"], ["report", "--format", "html", "--out", "x.html"]] {
            let run = r.autoheal(args)
            #expect(run.code == 65, "\(args): \(run.code) \(run.err)")
            #expect(run.err.contains(".autoheal.yml:2: SEV1: 9223372036854775807s is too large: a duration is at most 36500d"), "\(args): \(run.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/x.html"))
        let days = repository("prevention:\n  targets: {SEV2: 99999999999999999d}\n").autoheal(["config"])
        #expect(days.code == 65 && days.err.contains(".autoheal.yml:2: SEV2: 99999999999999999d is too large"), "\(days.err)")

        let limit = repository("prevention:\n  targets: {SEV2: 36500d, default: 36500d}\n")
        let config = limit.autoheal(["config", "--json"])
        #expect(config.code == 0, "\(config.err)")
        let targets = ((config.json as? [String: Any])?["prevention"] as? [String: Any])?["targets"] as? [String: Any]
        #expect(targets?["SEV2"] as? Int == 3_153_600_000 && targets?["default"] as? Int == 3_153_600_000, "\(config.out)")
        #expect(config.out.contains(": 3153600000"), "\(config.out)")
        #expect(!config.out.contains("e+"), "\(config.out)")
        #expect(limit.autoheal(["config"]).out.contains("SEV2 36500d00h"))
        let review = limit.autoheal(["review", "--json"])
        #expect(review.code == 0, "\(review.err)")
        let item = try #require(((review.json as? [String: Any])?["items"] as? [[String: Any]])?.first)
        #expect(item["target_seconds"] as? Int == 3_153_600_000)
        #expect(review.out.contains("3153600000"), "\(review.out)")
        #expect(limit.autoheal(["review"]).code == 0)
        let html = limit.autoheal(["report", "--format", "html", "--out", "x.html"])
        #expect(html.code == 0, "\(html.err)")
    }

    /// `config` accepted these; `prevent` then refused the branch name it made from them.
    @Test("branch_prefix and default_branch follow git's ref-format rules", arguments: [
        ("prevention:\n  branch_prefix: x.lock/\n", 2, "a component ends with \".lock\""),
        ("prevention:\n  branch_prefix: \"@{x/\"\n", 2, "it contains \"@{\""),
        ("prevention:\n  branch_prefix: x//\n", 2, "it contains \"//\""),
        // A leading "/" was reported as "//" (the name is checked as refs/heads/NAME).
        ("prevention:\n  branch_prefix: /\n", 2, "it starts with \"/\""),
        ("prevention:\n  branch_prefix: /x/\n", 2, "it starts with \"/\""),
        ("default_branch: /x\n", 1, "it starts with \"/\""),
        ("prevention:\n  branch_prefix: x/.\n", 2, "a component starts with \".\""),
        ("prevention:\n  branch_prefix: \"a\\nb/\"\n", 2, "it contains a control character"),
        ("default_branch: a..b\n", 1, "it contains \"..\""),
        ("default_branch: 5\n", 1, "YAML reads 5 as a number"),
        ("clocks:\n  detection:\n    start: [prevention.landed]\n", 3, "\"prevention.landed\" is one of autoheal's own records"),
        ("clocks:\n  recovery:\n    stop: [prevention.drafted]\n", 3, "\"prevention.drafted\" is one of autoheal's own records"),
    ] as [(String, Int, String)])
    func refNames(yaml: String, line: Int, words: String) {
        let r = repository(yaml)
        for args in [["config"], ["sync"]] {
            let run = r.autoheal(args)
            #expect(run.code == 65, "\(args): \(run.code) \(run.out) \(run.err)")
            #expect(run.err.contains(".autoheal.yml:\(line): ") && run.err.contains(words), "\(run.err)")
            #expect(run.err.split(separator: "\n").count == 1, "\(run.err)")
        }
    }

    /// `config` printed a bidirectional override in the prefix raw, reordering the rest of the line.
    @Test("config writes hidden characters in what the files set visibly")
    func hiddenCharactersShown() {
        let r = repository("prevention:\n  branch_prefix: \"\u{202E}fix/\"\n")
        let run = r.autoheal(["config"])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.out.contains("branch prefix: \\u{202E}fix/\n"), "\(run.out)")
        #expect(!run.out.unicodeScalars.contains("\u{202E}"), "\(run.out)")
    }

    /// The message was the YAML library's text with the position twice: `.autoheal.yml:2: not valid YAML:
    /// 2:1: error: parser: while parsing a flow node in line 2, column 1`.
    @Test("A YAML syntax error is one line naming the line to fix")
    func yamlSyntax() {
        let r = repository("severity_policy: highest\nclocks: [\n")
        let run = r.autoheal(["config"])
        #expect(run.code == 65)
        #expect(run.err == "autoheal: \(r.repo)/.autoheal.yml:2: not valid YAML: the file ends inside a [ … ] or { … } that is never closed\n"
                || run.err.hasSuffix(".autoheal.yml:2: not valid YAML: the file ends inside a [ … ] or { … } that is never closed\n"), "\(run.err)")
        #expect(run.err.split(separator: "\n").count == 1, "\(run.err)")
    }

    /// `--timeout 1` was one second, though a bare number is refused everywhere else a duration is taken;
    /// `--timeout 0s` was "not a duration".
    @Test("prevent --timeout takes durations by the config's rule and words", arguments: [
        ("1", "--timeout: 1 has no unit; write a duration like 1d, 1h or 1m"),
        ("0s", "--timeout: 0s must be more than zero"),
        ("36501d", "--timeout: 36501d is too large: a duration is at most 36500d (100 years)"),
        ("soon", "--timeout: \"soon\" is not a duration like 20m, 36h or 7d"),
        // "0" suggested 0d, 0h or 0m, each then refused as zero; " 5m" was taken.
        ("0", "--timeout: 0 must be more than zero"),
        (" 5m", "--timeout: \" 5m\" is not a duration like 20m, 36h or 7d (no spaces)"),
    ])
    func timeouts(text: String, message: String) {
        let r = FixRepo()
        let run = r.autoheal(["prevent", "INC-7", "--agent-cmd", "true", "--timeout", text])
        #expect(run.code == 64, "\(run.code) \(run.err)")
        #expect(run.err.contains(message), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: r.repo + "/.git/autoheal/worktrees"))
    }

    /// `sync` exited 1 and `land` 65 for the same missing branch, and both said "the default branch nope"
    /// when it was `--branch nope`.
    @Test("A branch that is not there is bad input for sync and land, named by where it came from")
    func missingBranch() {
        let r = FixRepo()
        for args in [["sync", "--branch", "nope"], ["land", "--commit", "HEAD", "--branch", "nope"]] {
            let run = r.autoheal(args)
            #expect(run.code == 65, "\(args): \(run.code) \(run.err)")
            #expect(run.err.contains("--branch nope: there is no branch nope here"), "\(args): \(run.err)")
        }
        r.write(".autoheal.yml", "severity_policy: highest\ndefault_branch: nope\n")
        for args in [["sync"], ["land", "--commit", "HEAD"]] {
            let run = r.autoheal(args)
            #expect(run.code == 65, "\(args): \(run.code) \(run.err)")
            #expect(run.err.contains(".autoheal.yml:2: default_branch nope: there is no branch nope here"), "\(args): \(run.err)")
            #expect(!run.err.contains("--branch"), "\(run.err)")
        }
        // --branch still wins over the config's name.
        #expect(r.autoheal(["sync", "--branch", "main"]).code == 0)
    }
}
