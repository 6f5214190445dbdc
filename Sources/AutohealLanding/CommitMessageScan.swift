import AutohealGit

/// What a commit message on the default branch says about preventive fixes.
///
/// Squash merges put the branch's commit messages in the body (GitHub as a bullet list), so a
/// `Prevents:` line counts anywhere in the message, not only in the final trailer block.
public struct CommitMessageScan: Equatable, Sendable {
    /// Incident ids from `Prevents:` lines.
    public var prevents: [String] = []
    /// What follows the preventive-fix branch prefix wherever the message names such a branch
    /// (`Merge branch 'autoheal/INC-7-bound-retries'` → `INC-7-bound-retries`): an incident id, then
    /// `-` and a slug. See ``branchIncidents(known:claimed:)``.
    public var branchNames: [String] = []
    /// Pull/merge request numbers (`(#12)`, `Merge pull request #12`, `See merge request group/p!12`).
    public var pullRequests: [Int] = []
    /// Commits this one reverts (`This reverts commit <sha>.`).
    public var reverts: [String] = []

    /// Scans `message`; `branchPrefix` is the preventive-fix branch prefix (e.g. `autoheal/`); `known`
    /// tells the incidents the ledger holds, so that `Prevents: INC-5 INC-6` names both when both are
    /// (``PreventsLines/incidents(in:known:)``).
    public init(_ message: String, branchPrefix: String, known: (String) -> Bool = { _ in false }) {
        prevents = PreventsLines.incidents(in: message, known: known)
        // `isNewline`: a message written with CRLF holds "\r\n", one Character that is not "\n".
        for rawLine in message.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            if let r = rawLine.range(of: "This reverts commit ") {
                let sha = rawLine[r.upperBound...].prefix { $0.isHexDigit }
                if sha.count >= 7 { reverts.append(String(sha)) }
            }
        }
        // Sets beside the lists: a message may name thousands (nothing may make a sync quadratic).
        var seenNames = Set<String>(), seenNumbers = Set<Int>()
        var rest = Substring(message)
        while !branchPrefix.isEmpty, let r = rest.range(of: branchPrefix) {
            let after = rest[r.upperBound...]
            let name = String(after.prefix { !$0.isWhitespace && !"'\"`),;]>".contains($0) })
            if !name.isEmpty, seenNames.insert(name).inserted { branchNames.append(name) }
            rest = after
        }
        for line in message.split(whereSeparator: \.isNewline) {
            for marker in ["(#", "pull request #"] {
                var r = line[...]
                while let hit = r.range(of: marker) {
                    let digits = r[hit.upperBound...].prefix { $0.isNumber }
                    if let n = Int(digits), seenNumbers.insert(n).inserted { pullRequests.append(n) }
                    r = r[hit.upperBound...]
                }
            }
            // GitLab: "See merge request group/project!12".
            if let hit = line.range(of: "merge request "), let bang = line[hit.upperBound...].firstIndex(of: "!") {
                let digits = line[line.index(after: bang)...].prefix { $0.isNumber }
                if let n = Int(digits), seenNumbers.insert(n).inserted { pullRequests.append(n) }
            }
        }
    }

    /// The incidents the named fix branches are for. A branch is `<prefix><id>-<slug>`, and an id may
    /// itself hold dashes and digits (`OPS-2025-5`), so each name is matched against the incidents the
    /// ledger knows: the longest id the name starts with, followed by `-` or nothing. A name matching
    /// no known id falls back to its leading `LETTERS-DIGITS` (`INC-7`). `claimed` gives the incident a
    /// branch was drafted for, when recorded (`branch.<name>.autohealIncident`): that comes first, since
    /// `autoheal/OPS-2025-5-2-replicas` may be OPS-2025-5's branch whose slug starts with a 2.
    public func branchIncidents(known: Set<String>, claimed: (String) -> String? = { _ in nil }) -> [String] {
        var out: [String] = [], seen = Set<String>()
        for name in branchNames {
            if let owner = claimed(name), known.contains(owner) {
                if seen.insert(owner).inserted { out.append(owner) }
                continue
            }
            var best: String?
            for end in name.indices.reversed() + [name.endIndex] where end == name.endIndex || name[end] == "-" {
                let candidate = String(name[..<end])
                if known.contains(candidate), candidate.count > (best?.count ?? 0) { best = candidate }
            }
            if best == nil, let legacy = Self.incidentIDs(in: Substring(name)).first, name.hasPrefix(legacy) { best = legacy }
            if let best, seen.insert(best).inserted { out.append(best) }
        }
        return out
    }

    /// Incident ids (`LETTERS-DIGITS`, e.g. `INC-7`, `OPS-12`) in a text, in order.
    static func incidentIDs(in text: Substring) -> [String] {
        var out: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i].isLetter, i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_") else { i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
            if j < chars.count, chars[j] == "-", j + 1 < chars.count, chars[j + 1].isNumber {
                var k = j + 1
                while k < chars.count, chars[k].isNumber { k += 1 }
                out.append(String(chars[i..<k]))
                i = k
            } else {
                i = j
            }
        }
        return out
    }
}
