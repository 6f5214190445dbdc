/// Git's reference-name rules (`git check-ref-format`), pure: for names autoheal makes branches from
/// (`prevention.branch_prefix` and the incident id) and names it reads from config (`default_branch`), so
/// `autoheal config` refuses what `prevent` or git would refuse later.
public enum GitRefFormat {
    /// Why `name` is not a valid full reference name (`refs/heads/x`), or `nil` when it is valid.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name == "@" { return "\"@\" alone is not a valid name" }
        if name.hasPrefix("/") || name.hasSuffix("/") { return "it starts or ends with \"/\"" }
        if name.contains("//") { return "it contains \"//\"" }
        if name.hasSuffix(".") { return "it ends with \".\"" }
        if name.contains("@{") { return "it contains \"@{\"" }
        if name.hasPrefix("-") { return "it starts with \"-\"" }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            if let p = componentProblem(String(component)) { return p }
        }
        return nil
    }

    /// Why one slash-free component breaks git's rules, or `nil`.
    public static func componentProblem(_ c: String) -> String? {
        if c.isEmpty { return "it has an empty path component" }
        if c.hasPrefix(".") { return "a component starts with \".\"" }
        if c.hasSuffix(".lock") { return "a component ends with \".lock\"" }
        if c.contains("..") { return "it contains \"..\"" }
        for u in c.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F { return "it contains a control character" }
            switch u {
            case " ": return "it contains a space"
            case "~", "^", ":", "?", "*", "[", "\\":
                return "it contains \"\(u)\""
            default: continue
            }
        }
        return nil
    }

    /// Why `name` is not a branch name git takes (`git check-ref-format --branch`), or `nil`.
    public static func branchProblem(_ name: String) -> String? {
        if name.hasPrefix("-") { return "it starts with \"-\"" }
        // Checked as `refs/heads/NAME`, a leading `/` would read as "//" in the middle.
        if name.hasPrefix("/") { return "it starts with \"/\"" }
        if name == "HEAD" { return "\"HEAD\" is not a branch name" }
        return problem("refs/heads/" + name)
    }

    /// Why branches named `<prefix><INC>-<slug>` would not be valid, or `nil`: the prefix is checked
    /// followed by an incident id, as `prevent` makes the branch (an id never starts with `.` or `-`).
    public static func branchPrefixProblem(_ prefix: String) -> String? {
        branchProblem(prefix + "INC-1")
    }

    /// `name` in double quotes with hidden characters made visible (``VisibleText``), for error messages;
    /// past 80 characters it is cut with "…" (a 2 MB name is not repeated whole).
    public static func quoted(_ name: String) -> String {
        var out = "\""
        let head = name.prefix(81)
        for c in VisibleText.of(head.count > 80 ? String(head.prefix(80)) : name) {
            if c == "\"" { out += "\\" }
            out.append(c)
        }
        return out + (head.count > 80 ? "…\"" : "\"")
    }
}
