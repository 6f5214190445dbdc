import AutohealCore
/// Git's reference-name rules (`git check-ref-format`), and the stricter rule autoheal applies to an
/// incident id before it becomes part of a branch name and of folder names under the git directory.
public enum RefName {
    /// Why `name` is not a valid full reference or branch name, or `nil` when it is valid
    /// (``GitRefFormat/problem(_:)``, which `autoheal config` checks too).
    public static func problem(_ name: String) -> String? { GitRefFormat.problem(name) }

    /// Why one slash-free component breaks git's rules, or `nil`.
    static func componentProblem(_ c: String) -> String? { GitRefFormat.componentProblem(c) }

    /// Checks an incident id before it names a branch, a worktree folder and a run folder: it must be one
    /// valid reference component (so no `/`, `..`, control characters or `~^:?*[\`), must not start with
    /// `-` or `.`, and at most 100 characters. Throws a bad-input error saying what is wrong.
    public static func validateIncidentID(_ id: String) throws(PreventError) {
        var problem: String?
        if id.isEmpty { problem = "it is empty" }
        else if id.contains("/") { problem = "it contains \"/\" and could escape the folders autoheal makes" }
        else if id.hasPrefix("-") { problem = "it starts with \"-\"" }
        else if id.hasSuffix(".") { problem = "it ends with \".\"" }
        else if id == "@" || id.contains("@{") { problem = "it contains \"@{\" or is \"@\"" }
        else if id.utf8.count > 100 { problem = "it is longer than 100 bytes" }
        // A `Prevents:` line separates ids with commas: `Prevents: INC,8` names INC and 8.
        else if id.contains(",") { problem = "it contains \",\", which separates ids in a Prevents: line" }
        else { problem = componentProblem(id) }
        if let problem {
            throw PreventError("incident id \(quoted(id)) cannot name a branch or a folder: \(problem)", kind: .badInput)
        }
    }

    /// `name` in double quotes with hidden characters made visible (``VisibleText``), for error messages.
    static func quoted(_ name: String) -> String {
        "\"" + VisibleText.of(name).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// The branch a preventive fix is drafted on: `<prefix><incident>-<slug>`.
public enum BranchName {
    /// A slug of `text`: lowercase ASCII letters and digits joined by single hyphens, cut at a word
    /// boundary to at most `limit` characters. Empty when `text` has no letters or digits.
    public static func slug(_ text: String, limit: Int = 40) -> String {
        var words: [String] = []
        var current = ""
        for u in text.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") {
                current.unicodeScalars.append(u)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var out = ""
        for w in words {
            let candidate = out.isEmpty ? w : out + "-" + w
            if candidate.count > limit {
                if out.isEmpty { out = String(w.prefix(limit)) }
                break
            }
            out = candidate
        }
        return out
    }

    /// The full branch name for an incident; validated against git's rules.
    public static func make(prefix: String, incident: String, title: String?) throws(PreventError) -> String {
        try RefName.validateIncidentID(incident)
        let s = slug(title ?? "")
        let name = prefix + incident + (s.isEmpty ? "" : "-" + s)
        if let problem = RefName.problem("refs/heads/" + name) {
            throw PreventError("branch name \(RefName.quoted(name)) is not valid in git: \(problem) (check prevention.branch_prefix)", kind: .badInput)
        }
        return name
    }
}
