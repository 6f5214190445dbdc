import AutohealGit

/// Which incident a preventive-fix branch is for, as the hooks tell it (`autoheal_incident_of_branch`
/// in `Hooks/_common.sh`): `branch.<name>.autohealIncident`, which `autoheal prevent` sets, else the
/// leading `LETTERS-DIGITS` of what follows the prefix (`autoheal/INC-7-retries` → `INC-7`).
public enum FixBranchName {
    /// The incident of local branch `name` (short), or `nil` when it is under none of `prefixes`.
    public static func incident(of name: String, prefixes: [String], in repository: Repository) -> String? {
        guard let prefix = prefixes.first(where: { !$0.isEmpty && name.hasPrefix($0) }) else { return nil }
        if let claimed = repository.configString("branch.\(name).autohealIncident"), !claimed.isEmpty { return claimed }
        return leadingID(String(name.dropFirst(prefix.count)))
    }

    /// `LETTERS[LETTERS-DIGITS-_]*-DIGITS` at the start of `rest` (ASCII, as the hooks' `sed` reads it).
    public static func leadingID(_ rest: String) -> String? {
        let bytes = Array(rest.utf8)
        func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        guard let first = bytes.first, isLetter(first) else { return nil }
        // The longest `[A-Za-z][A-Za-z0-9_]*-[0-9]+` prefix (sed's greedy match backtracks to the last dash
        // followed by digits within the word).
        var best: Int?
        var i = 1
        while i < bytes.count, isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == 95 { i += 1 }
        // `i` ends the word; the id is word-dash-digits.
        if i < bytes.count, bytes[i] == 45 {
            var j = i + 1
            while j < bytes.count, isDigit(bytes[j]) { j += 1 }
            if j > i + 1 { best = j }
        }
        return best.map { String(decoding: bytes[..<$0], as: UTF8.self) }
    }
}
