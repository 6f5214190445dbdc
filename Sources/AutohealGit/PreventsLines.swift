/// The incident ids a commit message names on `Prevents:` lines — one rule for sync (what lands),
/// `prevent` (did the agent's commit name the incident?) and the MCP `record_prevention` tool.
///
/// A `Prevents:` line counts anywhere in the message, not only in the final trailer block (a squash
/// merge puts the branch's messages in its body, GitHub as a bullet list), whatever its case, after
/// leading spaces, `-` or `*`. Its value is comma-separated; each id is the first word of its part (an
/// incident id is any text without spaces or commas, as `autoheal prevent` accepts it), a final `.`
/// dropped (no id ends with one: it could not name a branch).
public enum PreventsLines {
    /// The ids named, in order, without repeats.
    public static func incidents(in message: String) -> [String] {
        var out: [String] = []
        // `isNewline`: a message written with CRLF holds "\r\n", one Character that is not "\n".
        for raw in message.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = raw.drop { $0 == " " || $0 == "\t" || $0 == "-" || $0 == "*" }
            guard line.count > 9, line.prefix(9).lowercased() == "prevents:" else { continue }
            for id in ids(line.dropFirst(9)) where !out.contains(id) { out.append(id) }
        }
        return out
    }

    /// The ids of one `Prevents:` value.
    public static func ids(_ value: Substring) -> [String] {
        value.split(separator: ",").compactMap { part in
            var word = part.drop { $0 == " " || $0 == "\t" }.prefix { !$0.isWhitespace }
            while word.hasSuffix(".") { word = word.dropLast() }
            return word.isEmpty ? nil : String(word)
        }
    }
}
