import AutohealConfig
import AutohealCore
import Foundation
import Testing

@Suite("Configuration")
struct ConfigTests {
    func apply(_ yaml: String, personal: Bool = false) throws(ConfigError) -> Configuration {
        var c = Configuration()
        try ConfigLoader.apply(text: yaml, file: ".autoheal.yml", to: &c, personal: personal)
        return c
    }

    @Test("Defaults are the contract's rules")
    func defaults() {
        let c = Configuration()
        #expect(c.rules == .default)
        #expect(c.severityPolicy == .highest)
        #expect(c.targets.seconds(for: "SEV1") == 7 * 86_400)
        #expect(c.targets.seconds(for: "sev2") == 14 * 86_400)
        #expect(c.targets.seconds(for: "P4") == 30 * 86_400)
    }

    @Test("Chains, groups, policy and targets are read")
    func reads() throws {
        let c = try apply("""
        clocks:
          detection:
            start: [impact.started, alert.fired]
            stop: [[page.acknowledged, investigation.started]]
          recovery:
            stop: [mitigation.applied]
        severity_policy: declared
        prevention:
          branch_prefix: fix/
          targets: {SEV1: 2d, default: 1w}
        verify: "swift test --filter 'Regression Tests'"
        agent:
          preset: claude
          timeout: 20m
        """)
        #expect(c.rules.detectionStart == Chain(types: [.impactStarted, .alertFired]))
        #expect(c.rules.detectionStop.steps == [ChainStep([.pageAcknowledged, .investigationStarted])])
        #expect(c.rules.recoveryStart == .detectionStop)
        #expect(c.rules.recoveryStop == Chain(types: [.mitigationApplied]))
        #expect(c.severityPolicy == .declared)
        #expect(c.branchPrefix == "fix/")
        #expect(c.targets.seconds(for: "SEV1") == 2 * 86_400)
        #expect(c.targets.seconds(for: "SEV3") == 30 * 86_400)
        #expect(c.targets.other == 7 * 86_400)
        #expect(c.verify == ["swift", "test", "--filter", "Regression Tests"])
        // Quoted, a program of that name is meant; in a list, numbers are arguments.
        #expect(try apply("verify: \"true\"\n").verify == ["true"])
        #expect(try apply("verify: [sleep, 5]\n").verify == ["sleep", "5"])
        #expect(c.repositoryAgent?.preset == "claude")
        #expect(c.repositoryAgent?.timeoutSeconds == 1200)
    }

    /// A file holding only `---` was refused as "not a mapping" on a line the file does not have; an
    /// empty or comment-only file was accepted. Both set nothing. A scalar is still refused.
    @Test("An empty YAML document sets nothing, like an empty file")
    func emptyDocument() throws {
        for text in ["", "# nothing yet\n", "---\n", "---\n# later\n", "~\n", "--- ~\n"] {
            #expect(try apply(text).rules == .default, "\(text)")
        }
        #expect(throws: ConfigError.self) { try apply("just words\n") }
    }

    /// `sev1: 1d` was kept beside the built-in `SEV1: 7d`, which matched an incident's SEV1 exactly
    /// and won: `review --fail-on-overdue` passed work overdue by the configured target.
    @Test("A target whose label differs in case from a built-in one replaces it")
    func targetLabelsMatchWhateverTheCase() throws {
        let c = try apply("prevention:\n  targets:\n    sev1: 1d\n")
        #expect(c.targets.seconds(for: "SEV1") == 86_400)
        #expect(c.targets.seconds(for: "sev1") == 86_400)
        #expect(c.targets.bySeverity.keys.filter { $0.lowercased() == "sev1" }.count == 1)
        #expect(c.targets.seconds(for: "SEV2") == 14 * 86_400)
    }

    @Test("Errors name the file and line", arguments: [
        ("severity_policy: loudest\n", 1, "severity_policy must be"),
        ("clocks:\n  detection:\n    start: [alert.fired, nope]\n", 3, "unknown event type \"nope\""),
        ("\nprevention:\n  targets:\n    SEV1: soon\n", 4, "is not a duration"),
        ("colour: true\n", 1, "unknown key \"colour\""),
        ("clocks:\n  prevention:\n    stop: [x]\n", 3, "prevention clock is fixed"),
        ("prevention:\n  branch_prefix: ../evil\n", 2, "not usable in a branch name"),
        ("verify: \"unterminated\n", nil, "not valid YAML"),
        // The line of a YAML syntax error (its column was reported as the line).
        // An unclosed quote is named where it opens (line 7 was the end of the file).
        ("severity_policy: highest\n\n\n\nprevention:\n  branch_prefix: \"unterminated\n", 6, "not valid YAML: the file ends inside a quoted string"),
        ("a: 1\nclocks: &a\n  detection: *a\n", 3, "not valid YAML"),
        // Checked when the file is read, not when an agent is about to run.
        ("agent: nosuchpreset\n", 1, "unknown agent preset \"nosuchpreset\""),
        ("agent:\n  preset: claud\n", 2, "unknown agent preset \"claud\""),
        ("agent:\n  command: \"\"\n", 2, "a command needs at least one word"),
        ("default_branch: \"\"\n", 1, "default_branch must name a branch"),
        // A repeated key was "not valid YAML" with no line (and the whole file in the message).
        ("\nseverity_policy: highest\nseverity_policy: final\n", 3, "\"severity_policy\" is given more than once"),
        ("prevention:\n  branch_prefix: a/\nclocks: {}\nprevention:\n  branch_prefix: b/\n", 4, "\"prevention\" is given more than once"),
        // YAML's yes/no and numbers are not commands (`verify: true` would always pass).
        ("verify: true\n", 1, "YAML reads true as a yes/no value"),
        ("\nverify: 5\n", 2, "YAML reads 5 as a number"),
        ("agent:\n  command: 1.5\n", 2, "YAML reads 1.5 as a number"),
        ("verify: ~\n", 1, "as a null"),
        // A duration without a unit would be seconds; one past Int64 crashed every command.
        ("prevention:\n  targets: {SEV1: 7}\n", 2, "7 has no unit; write a duration like 7d"),
        ("agent:\n  timeout: 20\n", 2, "20 has no unit"),
        ("prevention:\n  targets: {SEV1: \"7\"}\n", 2, "7 has no unit"),
        ("verify: [true]\n", 1, "YAML reads true as a yes/no value"),
        ("prevention:\n  targets:\n    SEV1: 200000000000000d\n", 3, "SEV1: 200000000000000d is too large"),
        ("prevention:\n  targets:\n    SEV1: 5000000000000000000s5000000000000000000s\n", 3, "is too large"),
        // Up to Int64.max a duration passed and every command that printed it trapped; past it, it was
        // "not a duration". A duration is at most 36500d.
        ("prevention:\n  targets: {SEV1: 9223372036854775807s, default: 9223372036854775807s}\n", 2, "SEV1: 9223372036854775807s is too large"),
        ("prevention:\n  targets: {SEV1: 99999999999999999d}\n", 2, "99999999999999999d is too large: a duration is at most 36500d"),
        ("prevention:\n  targets:\n    default: 36501d\n", 3, "default: 36501d is too large"),
        ("agent:\n  timeout: 0s\n", 2, "timeout: 0s must be more than zero"),
        ("\nverify_timeout: 5300w\n", 2, "verify_timeout: 5300w is too large"),
        ("verify_timeout: soon\n", 1, "verify_timeout: \"soon\" is not a duration like 20m"),
        ("prevention:\n  targets: {SEV1: ~}\n", 2, "SEV1: YAML reads ~ as a null"),
        ("prevention:\n  targets: {SEV1: 1.5}\n", 2, "SEV1: \"1.5\" is not a duration like 20m"),
        ("prevention:\n  targets:\n    SEV1:\n", 3, "SEV1: no duration is given"),
        // `prevent` refused these prefixes (git's ref-format rules) after config accepted them.
        ("prevention:\n  branch_prefix: x.lock/\n", 2, "branch_prefix \"x.lock/\" is not usable in a branch name: a component ends with \".lock\""),
        ("prevention:\n  branch_prefix: \"@{x/\"\n", 2, "contains \"@{\""),
        ("prevention:\n  branch_prefix: x//\n", 2, "contains \"//\""),
        ("prevention:\n  branch_prefix: x/.\n", 2, "a component starts with \".\""),
        ("\nprevention:\n  branch_prefix: \"a\\nb/\"\n", 3, "branch_prefix \"a\\u{A}b/\" is not usable in a branch name: it contains a control character"),
        ("prevention:\n  branch_prefix: \"-x/\"\n", 2, "starts with \"-\""),
        ("prevention:\n  branch_prefix: \"\"\n", 2, "it is empty"),
        ("default_branch: a..b\n", 1, "default_branch \"a..b\" is not a branch name git takes: it contains \"..\""),
        ("\ndefault_branch: 5\n", 2, "default_branch: YAML reads 5 as a number, not a branch name (quote it"),
        ("default_branch: HEAD\n", 1, "\"HEAD\" is not a branch name"),
        ("default_branch: \"-main\"\n", 1, "starts with \"-\""),
        // autoheal's own records are the prevention clock's, not a start or stop a rule may name.
        ("clocks:\n  detection:\n    start: [prevention.landed]\n", 3, "\"prevention.landed\" is one of autoheal's own records"),
        ("clocks:\n  recovery:\n    stop: [sli.recovered,\n           prevention.drafted]\n", 4, "\"prevention.drafted\" is one of autoheal's own records"),
        ("clocks:\n  detection:\n    stop: [[alert.fired, rootcause.linked]]\n", 3, "\"rootcause.linked\" is one of autoheal's own records"),
        // libyaml's text, its position twice and the file were the message; one line says what is wrong where.
        ("clocks: [\n", 1, "not valid YAML: the file ends inside a [ … ] or { … } that is never closed"),
        ("severity_policy: highest\nclocks: {detection: {start: [alert.fired]}\n\n", 2, "the file ends inside a [ … ] or { … }"),
        ("a: [1, 2\nb: 3\n", 2, "not valid YAML: did not find expected ',' or ']' in the [ … ] list from line 1"),
        ("severity_policy: highest\n\tclocks: x\n", 2, "not valid YAML: a tab where YAML wants spaces"),
        ("severity_policy: highest\nverify: @x\n", 2, "not valid YAML: \"@\" cannot start a value (quote the value)"),
        ("severity_policy: a: b\n", 1, "not valid YAML: \": \" where no key can start"),
        // CR LF (and CR alone) ends a line for YAML: every syntax error in a CR LF file was on line 1.
        ("a: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\ne: [\r\n", 5, "not valid YAML: the file ends inside a [ … ] or { … } that is never closed"),
        ("a: 1\r\nb: \"x\r\n", 2, "not valid YAML: the file ends inside a quoted string that is never closed"),
        ("a: 1\r\nb: 2\r\n\tc: 3\r\n", 3, "not valid YAML: a tab where YAML wants spaces"),
        ("a: 1\rb: 2\re: [\r", 3, "not valid YAML: the file ends inside a [ … ] or { … } that is never closed"),
        ("a: 1\r\nb: 2\r\nc: @x\r\n", 3, "not valid YAML: \"@\" cannot start a value (quote the value)"),
        ("a: 1\r\nb: 2\r\na: 3\r\n", 3, "\"a\" is given more than once"),
        // libyaml's words were the message ("but found another document in the expected a single document …").
        ("a: 1\n---\nb: 2\n---\nc: 3\n", 2, "not valid YAML: a second document (a second \"---\"): the config is one document"),
        ("a: " + String(repeating: "[", count: 1_100) + "\n", 1, "not valid YAML: brackets or indentation nested more than 1000 levels deep"),
        ("a: 1\nx: ]\n", 2, "not valid YAML: \"]\" cannot start a value (quote the value)"),
        ("%YAML 1.3\n---\na: 1\n", 1, "not valid YAML: a %YAML version other than 1.1 or 1.2"),
        ("a: 1\r\nb: \u{1B}x\n", 2, "not valid YAML: a control character (\\u{1B}), which YAML does not allow"),
        (String(repeating: "k", count: 1_100) + ": 1\n", 1, "not valid YAML: a key longer than 1024 characters"),
        // A list or mapping as a key was `unknown key ""`.
        ("[a, b]: c\n", 1, "a key must be a plain string, not a list"),
        ("prevention:\n  {a: 1}: 1\n", 2, "a key must be a plain string, not a mapping"),
        ("clocks:\n  detection:\n    [start]: [alert.fired]\n", 3, "a key must be a plain string, not a list"),
    ] as [(String, Int?, String)])
    func errors(yaml: String, line: Int?, words: String) {
        do {
            _ = try apply(yaml)
            Issue.record("expected an error for \(yaml)")
        } catch {
            if let line { #expect(error.line == line, "\(error)") }
            #expect(error.description.contains(words), "\(error)")
            #expect(error.description.hasPrefix(".autoheal.yml"))
            // One line, without libyaml's position repeated (`2:1: error: parser: … in line 2, column 1`).
            #expect(!error.description.contains("\n") && !error.description.contains("error:") && !error.description.contains(", column"), "\(error)")
        }
    }

    /// A key holding 2 MB of text was repeated whole in the error.
    @Test("An error repeats at most 80 characters of a value")
    func longValuesCut() {
        let long = String(repeating: "x", count: 2_000_000)
        for (yaml, words) in [("? \(long)\n: 1\n", "unknown key \"\(long.prefix(80))…\""),
                              ("severity_policy: \"\(long)\"\n", "not \"\(long.prefix(80))…\""),
                              ("prevention:\n  targets:\n    SEV1: \"\(long)\"\n", "SEV1: \"\(long.prefix(80))…\" is not a duration"),
                              ("prevention:\n  branch_prefix: \"\(long)..\"\n", "branch_prefix \"\(long.prefix(80))…\" is not usable")] {
            do {
                _ = try apply(yaml)
                Issue.record("expected an error")
            } catch {
                #expect(error.description.contains(words), "\(error.description.prefix(300))")
                #expect(error.description.count < 300, "\(error.description.prefix(300))")
            }
        }
    }

    /// Bytes that are not UTF-8 gave no line.
    @Test("A file that is not UTF-8 names the line of the first such byte")
    func notUTF8() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("autoheal-utf8-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(FileManager.default.createFile(atPath: dir + "/.autoheal.yml", contents: Data("a: 1\r\nb: 2\r\nc: ".utf8) + Data([0xFF, 0x0A])))
        #expect(throws: ConfigError(file: dir + "/.autoheal.yml", line: 3, reason: "not UTF-8 text")) {
            try ConfigLoader.load(repositoryRoot: dir, environment: [:])
        }
    }

    @Test("Personal config may only set the agent")
    func personal() throws {
        let c = try apply("agent:\n  command: [my-agent, --fast]\n", personal: true)
        #expect(c.personalAgent?.command == ["my-agent", "--fast"])
        #expect(throws: ConfigError.self) { try apply("severity_policy: final\n", personal: true) }
    }

    @Test("Durations", arguments: [("7d", 604_800), ("36h", 129_600), ("90m", 5_400), ("1w2d", 777_600), ("0s", 0),
                                    ("36500d", 3_153_600_000)] as [(String, Int64)])
    func durations(text: String, seconds: Int64) {
        #expect(DurationText.seconds(text) == seconds)
    }

    /// A bare number was taken as seconds by `prevent --timeout` (the config refused it); past Int64 a
    /// duration was "not a duration", and up to Int64.max it passed and made every command trap.
    @Test("What is not a duration, and why", arguments: [
        ("45", .noUnit), (" 7 ", .notADuration), (" 5m", .notADuration), ("5m\t", .notADuration), ("", .notADuration), ("soon", .notADuration), ("7 d", .notADuration),
        ("d", .notADuration), ("7dd", .notADuration), ("1.5h", .notADuration), ("-1d", .notADuration), ("٣d", .notADuration),
        ("36501d", .tooLarge), ("36500d1s", .tooLarge), ("9223372036854775807s", .tooLarge),
        ("99999999999999999d", .tooLarge), ("99999999999999999999999s", .tooLarge),
    ] as [(String, DurationText.Problem)])
    func notDurations(text: String, problem: DurationText.Problem) {
        #expect(DurationText.parse(text) == .failure(problem))
        #expect(DurationText.seconds(text) == nil)
    }

    @Test("Timeouts refuse zero; every reason says what to write")
    func durationReasons() {
        #expect(DurationText.positive("0s") == .failure(.zero))
        #expect(DurationText.positive("0m0s") == .failure(.zero))
        #expect(DurationText.positive("1s") == .success(1))
        // A bare 0 suggested "0d, 0h or 0m", each then refused as zero.
        #expect(DurationText.positive("0") == .failure(.zero))
        #expect(DurationText.positive("000") == .failure(.zero))
        #expect(DurationText.parse("0") == .failure(.noUnit))
        #expect(DurationText.reason(.notADuration, text: " 5m") == "\" 5m\" is not a duration like 20m, 36h or 7d (no spaces)")
        #expect(DurationText.reason(.zero, text: "0s") == "0s must be more than zero")
        #expect(DurationText.reason(.noUnit, text: "7") == "7 has no unit; write a duration like 7d, 7h or 7m")
        #expect(DurationText.reason(.tooLarge, text: "99999d") == "99999d is too large: a duration is at most 36500d (100 years)")
        #expect(DurationText.reason(.notADuration, text: "a\nb") == "\"a\\u{A}b\" is not a duration like 20m, 36h or 7d")
    }

    @Test("Shell words split like a shell without expanding anything")
    func shellWords() throws {
        #expect(try ShellWords.split(#"claude -p --output-format json"#) == ["claude", "-p", "--output-format", "json"])
        #expect(try ShellWords.split(#"run 'a b' "c \"d\"" e\ f $(rm -rf) `x` ; y"#)
                == ["run", "a b", #"c "d""#, "e f", "$(rm", "-rf)", "`x`", ";", "y"])
        #expect(try ShellWords.split(#"a "" ''"#) == ["a", "", ""])
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split("a 'b") }
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split("a \\") }
    }
}
