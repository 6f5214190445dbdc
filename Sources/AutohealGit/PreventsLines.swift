/// The incident ids a commit message names on `Prevents:` lines — one rule for sync (what lands),
/// `prevent` (did the agent's commit name the incident?) and the MCP `record_prevention` tool.
///
/// A `Prevents:` line counts anywhere in the message, not only in the final trailer block (a squash
/// merge puts the branch's messages in its body, GitHub as a bullet list), whatever its case, after
/// leading spaces, `-` or `*`. Its value is comma-separated; each id is the first word of its part (an
/// incident id is any text without spaces or commas, as `autoheal prevent` accepts it), a final `.`
/// dropped (no id ends with one: it could not name a branch).
///
/// A part of several words names only its first, since a squash body's prose may follow the id
/// (`Prevents: INC-5 from recurring, like INC-3`) — except where the reader knows the incidents and
/// every word of the part is one of them: `Prevents: INC-5 INC-6`, written on a forge where no
/// `commit-msg` hook asks for commas, names both (``incidents(in:known:)``).
public enum PreventsLines {
    /// The ids named, in order, without repeats: the first word of each part.
    public static func incidents(in message: String) -> [String] {
        incidents(in: message) { _ in false }
    }

    /// The ids named, in order, without repeats, where `known` tells the incidents the reader holds:
    /// the first word of each part, and every word of a part whose words are all known incidents.
    public static func incidents(in message: String, known: (String) -> Bool) -> [String] {
        var out: [String] = [], seen = Set<String>()  // (a set: a message may name thousands)
        // `isNewline`: a message written with CRLF holds "\r\n", one Character that is not "\n".
        for raw in message.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = raw.drop { $0 == " " || $0 == "\t" || $0 == "-" || $0 == "*" }
            guard line.count > 9, line.prefix(9).lowercased() == "prevents:" else { continue }
            for words in parts(line.dropFirst(9)) {
                let named = words.count > 1 && words.allSatisfy(known) ? words : [words[0]]
                for id in named where seen.insert(id).inserted { out.append(id) }
            }
        }
        return out
    }

    /// The ids of one `Prevents:` value (the first word of each part).
    public static func ids(_ value: Substring) -> [String] {
        parts(value).map { $0[0] }
    }

    /// The words of each comma-separated part of a `Prevents:` value, each without a final `.`; empty
    /// parts left out.
    static func parts(_ value: Substring) -> [[String]] {
        value.split(separator: ",").compactMap { part in
            let words = part.split(whereSeparator: \.isWhitespace).compactMap { raw -> String? in
                var word = raw
                while word.hasSuffix(".") { word = word.dropLast() }
                return word.isEmpty ? nil : String(word)
            }
            return words.isEmpty ? nil : words
        }
    }
}
