import AutohealCore

/// Picks a template from what is known about the root cause when `--template` is absent, and says why.
public enum TemplateChooser {
    /// A pick and its reason, printed by `prevent` and kept in `task.json`.
    public struct Choice: Equatable, Sendable {
        public var name: String
        public var reason: String
    }

    /// Detection slower than this (or read from a fallback) suggests closing the detection gap.
    public static let longDetectionSeconds: Int64 = 1800

    static let configWords = ["config", "configuration", "misconfiguration", "misconfigured", "setting", "settings",
                              "flag", "flags", "yaml", "toml", "env", "environment"]
    static let dependencyWords = ["dependency", "dependencies", "upgrade", "upgraded", "upgrading", "bump", "bumped",
                                  "library", "lockfile", "package", "pin", "pinned", "vendored", "sdk"]
    static let inputWords = ["input", "validation", "validate", "unvalidated", "overflow", "overflowed", "null", "nil",
                             "unbounded", "limit", "malformed", "parse", "parsing", "negative", "empty", "boundary",
                             "injection", "oversized", "large", "huge", "unexpected"]
    static let configFiles = [".yml", ".yaml", ".toml", ".ini", ".conf", ".cfg", ".env", ".properties"]
    static let dependencyFiles = ["package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.mod", "go.sum",
                                  "requirements.txt", "poetry.lock", "pipfile.lock", "gemfile.lock", "cargo.toml",
                                  "cargo.lock", "package.resolved", "pom.xml", "build.gradle"]

    /// The template for an incident: config → `config-validation`, dependency → `dependency-pin`,
    /// slow or fallback detection → `alert-rule`, bad input → `guard`, else `regression-test`.
    /// Only names present in `available` are picked.
    public static func choose(_ analysis: IncidentAnalysis, available: Set<String> = Set(TemplateCatalog.builtInNames)) -> Choice {
        let inc = analysis.incident
        var text: [String] = []
        for e in inc.all(.rootcauseIdentified) { text.append(e.attrs?["summary"]?.stringValue ?? "") }
        text.append(inc.title ?? "")
        let words = Set(tokens(text.joined(separator: " ")))
        var paths: [String] = []
        for e in inc.all(.rootcauseIdentified) { paths += e.attrs?["paths"]?.stringList ?? [] }
        paths += (inc.link?["paths"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
        let files = paths.map { $0.split(separator: "/").last.map { String($0).lowercased() } ?? "" }

        func pick(_ name: String, _ reason: String) -> Choice? { available.contains(name) ? Choice(name: name, reason: reason) : nil }
        if let w = dependencyWords.first(where: words.contains), let c = pick("dependency-pin", "the root cause mentions \"\(w)\"") { return c }
        if let f = files.first(where: dependencyFiles.contains), let c = pick("dependency-pin", "the linked code includes \(f)") { return c }
        if let w = configWords.first(where: words.contains), let c = pick("config-validation", "the root cause mentions \"\(w)\"") { return c }
        if let f = files.first(where: { f in configFiles.contains { f.hasSuffix($0) } }),
           let c = pick("config-validation", "the linked code includes the config file \(f)") { return c }
        if analysis.detection.fallback {
            let start = analysis.detection.start, stop = analysis.detection.stop
            // Say which end fell back: no alert at the start, or no acknowledged page at the stop.
            let why = start?.fallback == true ? "no alert caught it first" : "its detection stop fell back to \(stop?.type.rawValue ?? "?")"
            if let c = pick("alert-rule", "detection was read from a fallback (\(start?.type.rawValue ?? "?") → \(stop?.type.rawValue ?? "?")): \(why)") { return c }
        }
        if let s = analysis.detection.seconds, s >= longDetectionSeconds,
           let c = pick("alert-rule", "detection took \(Duration.text(s)), longer than \(Duration.text(longDetectionSeconds))") { return c }
        if inc.all(.alertFired).contains(where: { $0.attrs?["watched"]?.boolValue == false }),
           let c = pick("alert-rule", "an alert fired on an unwatched channel") { return c }
        if let w = inputWords.first(where: words.contains), let c = pick("guard", "the root cause mentions \"\(w)\"") { return c }
        return Choice(name: TemplateCatalog.defaultName, reason: "the default: nothing in the root cause points elsewhere")
    }

    /// Lowercase words of letters and digits.
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var cur = ""
        for c in text.lowercased() {
            if c.isLetter || c.isNumber { cur.append(c) } else if !cur.isEmpty { out.append(cur); cur = "" }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }
}

/// Short human durations for briefs: `45s`, `17m`, `2h 5m`, `3d 4h`, rounded to the last unit shown
/// (``DurationRounding``).
public enum Duration {
    public static func text(_ seconds: Int64?) -> String {
        guard let s = seconds else { return "unknown" }
        switch DurationRounding.shape(s) {
        case .seconds(let n): return "\(n)s"
        case .minutes(let m): return "\(m)m"
        case .hoursMinutes(let h, let m): return "\(h)h" + (m > 0 ? " \(m)m" : "")
        case .daysHours(let d, let h): return "\(d)d" + (h > 0 ? " \(h)h" : "")
        }
    }
}
