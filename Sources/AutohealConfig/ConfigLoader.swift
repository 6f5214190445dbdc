import AutohealCore
import Foundation
import Yams

/// Reads `.autoheal.yml` and personal config with Yams, validating every key with a located error.
public enum ConfigLoader {
    /// The name of the repository's shared config file.
    public static let repositoryFileName = ".autoheal.yml"

    /// The personal config path: `$XDG_CONFIG_HOME/autoheal/config.yml`, else `~/.config/autoheal/config.yml`.
    public static func personalPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/autoheal/config.yml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/autoheal/config.yml" }
        return nil
    }

    /// Loads the effective configuration for a repository root (or none) and environment.
    public static func load(repositoryRoot: String?, environment: [String: String]) throws(ConfigError) -> Configuration {
        var config = Configuration()
        if let root = repositoryRoot {
            let path = root + "/" + repositoryFileName
            if let text = try read(path) {
                try apply(text: text, file: path, to: &config, personal: false)
            }
        }
        if let path = personalPath(environment: environment), let text = try read(path) {
            try apply(text: text, file: path, to: &config, personal: true)
        }
        return config
    }

    static func read(_ path: String) throws(ConfigError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: nil, reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: YAMLLines.firstLineNotUTF8(Array(data)), reason: "not UTF-8 text")
        }
        return text
    }

    /// Applies one YAML document over `config`.
    public static func apply(text: String, file: String, to config: inout Configuration, personal: Bool) throws(ConfigError) {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
            // Yams names the first use of the key (its message also repeats the whole file); the error
            // points at the repeat: the next line at the same indentation that sets the same key.
            let names = keys.map { "\"\(EchoedText.of($0))\"" }.joined(separator: ", ")
            let lines = YAMLLines.split(text).map { String($0) }
            var line = context.mark.line
            if line >= 1, line <= lines.count, let key = keys.first {
                let first = lines[line - 1]
                let indent = first.prefix { $0 == " " }
                if let again = lines.indices.dropFirst(line).first(where: { i in
                    let l = lines[i]
                    return l.prefix { $0 == " " } == indent && l.dropFirst(indent.count).hasPrefix(key) && l.dropFirst(indent.count + key.count).drop { $0 == " " }.hasPrefix(":")
                }) { line = again + 1 }
            }
            throw ConfigError(file: file, line: line, reason: "\(names) is given more than once in the same mapping; keep one")
        } catch {
            let (line, reason) = YAMLSyntaxError.describe(error, text: text)
            throw ConfigError(file: file, line: line, reason: "not valid YAML: \(reason)")
        }
        guard let root else { return }
        // A document with nothing in it (`---` alone, or `~`) sets nothing, like an empty file.
        if case .scalar(let s) = root, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return }
        let reader = NodeReader(file: file)
        guard let top = root.mapping else { throw reader.error(root, "the config must be a mapping of keys") }
        config.sources.append(file)
        for (keyNode, value) in top {
            let key = try reader.key(keyNode)
            if personal, key != "agent" {
                throw reader.error(keyNode, "personal config may only set \"agent\"; put \"\(EchoedText.of(key))\" in the repository's .autoheal.yml")
            }
            switch key {
            case "clocks": config.rules = try reader.clocks(value, over: config.rules)
            case "severity_policy":
                let s = try reader.string(value)
                guard let p = SeverityPolicy(rawValue: s) else {
                    throw reader.error(value, "severity_policy must be highest, declared or final, not \"\(EchoedText.of(s))\"")
                }
                config.severityPolicy = p
            case "prevention": try reader.prevention(value, into: &config)
            case "default_branch":
                config.defaultBranch = try reader.branchName(value)
                config.defaultBranchOrigin = value.mark.map { "\(file):\($0.line)" } ?? file
            case "agent":
                let a = try reader.agent(value, origin: file)
                if personal { config.personalAgent = a } else { config.repositoryAgent = a }
            case "verify": config.verify = try reader.command(value)
            case "verify_timeout": config.verifyTimeoutSeconds = try reader.duration(value, key: "verify_timeout", positive: true)
            default:
                throw reader.error(keyNode, "unknown key \"\(EchoedText.of(key))\" (known: clocks, severity_policy, prevention, default_branch, agent, verify, verify_timeout)")
            }
        }

    }
}

/// Typed access to YAML nodes with located errors.
struct NodeReader {
    let file: String

    func error(_ node: Node, _ reason: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, reason: reason)
    }

    /// A mapping key: a plain string (`[a, b]: c` has a list for a key, which no setting is named by).
    func key(_ node: Node) throws(ConfigError) -> String {
        guard case .scalar(let s) = node else {
            throw error(node, "a key must be a plain string, not a \(node.sequence != nil ? "list" : "mapping")")
        }
        return s.string
    }

    func string(_ node: Node) throws(ConfigError) -> String {
        guard case .scalar(let s) = node else { throw error(node, "expected a single value") }
        return s.string
    }

    func command(_ node: Node) throws(ConfigError) -> [String] {
        if case .sequence(let seq) = node {
            // `verify: [true]` names the program as YAML's yes/no, as `verify: true` does.
            if let first = seq.first, case .scalar(let s) = first, s.style == .plain, let kind = Self.nonString[first.tag.description] {
                throw error(first, "a command's first word is the program to run; YAML reads \(EchoedText.of(s.string)) as a \(kind) (quote it to run a program named \(EchoedText.of(s.string)))")
            }
            let words = try seq.map { (n: Node) throws(ConfigError) -> String in try string(n) }
            guard !words.isEmpty else { throw error(node, "a command needs at least one word") }
            return words
        }
        // A plain `verify: true` or `command: 5` is YAML's yes/no or number, not a program someone meant to
        // run: `true` would make every check pass. Quoting says a program of that name is meant.
        if case .scalar(let s) = node, s.style == .plain, let kind = Self.nonString[node.tag.description] {
            throw error(node, "a command is a string or a list of words; YAML reads \(EchoedText.of(s.string)) as a \(kind) (quote it to run a program named \(EchoedText.of(s.string)))")
        }
        let text = try string(node)
        let words: [String]
        do { words = try ShellWords.split(text) } catch {
            throw self.error(node, "\(error)")
        }
        guard !words.isEmpty else { throw error(node, "a command needs at least one word") }
        return words
    }

    /// A duration (``DurationText``): `key: reason` at the value's line when it is none. A value YAML
    /// reads as a number (`SEV1: 7`) has no unit, as a quoted `"7"` has none; a yes/no or null is none.
    func duration(_ node: Node, key: String, positive: Bool = false) throws(ConfigError) -> Int64 {
        let text = try string(node)
        // A number (`7`, `1.5`) is read as the text it is: no unit, or not a duration.
        if case .scalar(let s) = node, s.style == .plain, let kind = Self.nonString[node.tag.description], kind != "number" {
            let what = s.string.isEmpty ? "no duration is given" : "YAML reads \(EchoedText.of(s.string)) as a \(kind)"
            throw error(node, "\(key): \(what); write a duration like 7d, 36h or 90m")
        }
        switch positive ? DurationText.positive(text) : DurationText.parse(text) {
        case .success(let seconds): return seconds
        case .failure(let problem): throw error(node, "\(key): \(DurationText.reason(problem, text: text))")
        }
    }

    /// A branch name (`default_branch`): a string git takes as a branch (``GitRefFormat``). A plain `5`
    /// or `yes` is YAML's number or yes/no, not a name someone meant; quoted, it is one.
    func branchName(_ node: Node) throws(ConfigError) -> String {
        if case .scalar(let s) = node, s.style == .plain, let kind = Self.nonString[node.tag.description] {
            throw error(node, "default_branch: YAML reads \(EchoedText.of(s.string)) as a \(kind), not a branch name (quote it to name a branch \(EchoedText.of(s.string)))")
        }
        let name = try string(node)
        guard !name.isEmpty else { throw error(node, "default_branch must name a branch") }
        if let problem = GitRefFormat.branchProblem(name) {
            throw error(node, "default_branch \(GitRefFormat.quoted(name)) is not a branch name git takes: \(problem)")
        }
        return name
    }

    /// The tags YAML resolves plain scalars to that are not strings, as an error names them.
    static let nonString = [
        "tag:yaml.org,2002:bool": "yes/no value", "tag:yaml.org,2002:int": "number",
        "tag:yaml.org,2002:float": "number", "tag:yaml.org,2002:null": "null",
    ]

    /// An event type a clock may start or stop at: one an SRE agent or incident tool sends. autoheal's own
    /// records (`prevention.landed`, `rootcause.linked`, …) belong to the fixed prevention clock.
    func eventType(_ node: Node) throws(ConfigError) -> EventType {
        let t = EventType(try string(node))
        if EventType.internalTypes.contains(t) {
            throw error(node, "\"\(EchoedText.of(t.rawValue))\" is one of autoheal's own records, not an incident's lifecycle event: clocks start and stop at the types incidents are imported with (\(Self.clockTypes))")
        }
        guard EventType.importable.contains(t) else {
            throw error(node, "unknown event type \"\(EchoedText.of(t.rawValue))\" (clocks take \(Self.clockTypes))")
        }
        return t
    }

    /// The event types a clock chain may name, for error messages.
    static let clockTypes = EventType.importable.map(\.rawValue).sorted().joined(separator: ", ")

    func chain(_ node: Node) throws(ConfigError) -> Chain {
        guard case .sequence(let seq) = node, !seq.isEmpty else {
            throw error(node, "a clock end is a list of event types (a nested list means \"first of\")")
        }
        var steps: [ChainStep] = []
        for item in seq {
            if case .sequence(let group) = item {
                guard !group.isEmpty else { throw error(item, "an empty \"first of\" group") }
                steps.append(ChainStep(try group.map { (n: Node) throws(ConfigError) -> EventType in try eventType(n) }))
            } else {
                steps.append(ChainStep([try eventType(item)]))
            }
        }
        return Chain(steps)
    }

    func clocks(_ node: Node, over rules: ClockRules) throws(ConfigError) -> ClockRules {
        guard let m = node.mapping else { throw error(node, "clocks must be a mapping with detection and recovery") }
        var r = rules
        for (k, v) in m {
            let clock = try key(k)
            guard let ends = v.mapping else { throw error(v, "\(EchoedText.of(clock)) must be a mapping with start and stop") }
            for (ek, ev) in ends {
                switch (clock, try key(ek)) {
                case ("detection", "start"): r.detectionStart = try chain(ev)
                case ("detection", "stop"): r.detectionStop = try chain(ev)
                case ("recovery", "start"):
                    if case .scalar(let s) = ev, s.string == "detection.stop" { r.recoveryStart = .detectionStop }
                    else { r.recoveryStart = .chain(try chain(ev)) }
                case ("recovery", "stop"): r.recoveryStop = try chain(ev)
                case ("prevention", _):
                    throw error(ek, "the prevention clock is fixed: recovery stop to the first landing of the fix")
                default:
                    throw error(ek, "unknown clock setting \(EchoedText.of(clock)).\(EchoedText.of(ek.string ?? "")) (clocks: detection, recovery; ends: start, stop)")
                }
            }
        }
        return r
    }

    func prevention(_ node: Node, into config: inout Configuration) throws(ConfigError) {
        guard let m = node.mapping else { throw error(node, "prevention must be a mapping") }
        for (k, v) in m {
            switch try key(k) {
            case "targets":
                guard let tm = v.mapping else { throw error(v, "targets must map severities to durations like 14d") }
                var targets = config.targets
                for (sk, sv) in tm {
                    let sev = try key(sk)
                    let secs = try duration(sv, key: EchoedText.of(sev))
                    if sev == "default" || sev == "other" { targets.other = secs } else {
                        // `sev1: 1d` replaces the built-in SEV1 (labels match case-insensitively; an
                        // exact match would otherwise keep the default in force).
                        for key in targets.bySeverity.keys where key != sev && key.lowercased() == sev.lowercased() {
                            targets.bySeverity[key] = nil
                        }
                        targets.bySeverity[sev] = secs
                    }
                }
                config.targets = targets
            case "branch_prefix":
                let p = try string(v)
                if let problem = p.isEmpty ? "it is empty" : GitRefFormat.branchPrefixProblem(p) {
                    throw error(v, "branch_prefix \(GitRefFormat.quoted(p)) is not usable in a branch name: \(problem)")
                }
                config.branchPrefix = p
            default:
                throw error(k, "unknown prevention setting \"\(EchoedText.of(k.string ?? ""))\" (known: targets, branch_prefix)")
            }
        }
    }

    /// A preset name, checked when the file is read rather than when an agent is about to run.
    func preset(_ node: Node) throws(ConfigError) -> String {
        let name = try string(node)
        guard AgentSettings.presetNames.contains(name) else {
            throw error(node, "unknown agent preset \"\(EchoedText.of(name))\" (presets: \(AgentSettings.presetNames.sorted().joined(separator: ", ")); or give a command)")
        }
        return name
    }

    func agent(_ node: Node, origin: String) throws(ConfigError) -> AgentSettings {
        if case .scalar = node { return AgentSettings(preset: try preset(node), origin: origin) }
        guard let m = node.mapping else { throw error(node, "agent is a preset name or a mapping with preset/command/timeout") }
        var a = AgentSettings(origin: origin)
        for (k, v) in m {
            switch try key(k) {
            case "preset": a.preset = try preset(v)
            case "command": a.command = try command(v)
            case "timeout": a.timeoutSeconds = try duration(v, key: "timeout", positive: true)
            default: throw error(k, "unknown agent setting \"\(EchoedText.of(k.string ?? ""))\" (known: preset, command, timeout)")
            }
        }
        return a
    }
}
