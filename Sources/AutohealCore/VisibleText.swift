/// Text from events or input as a terminal or an error message should show it: control characters (a
/// newline or an escape sequence in a summary would forge lines or colours), C1 controls and
/// bidirectional overrides (which reorder what follows) are written as `\u{…}`.
public enum VisibleText {
    /// `text` with its hidden characters written as `\u{HEX}`; unchanged when it has none.
    public static func of(_ text: String) -> String { written(text, keepingLineBreaks: false) }

    /// ``of(_:)``, but newlines and tabs stay as they are: a template's own text, shown whole.
    public static func keepingLineBreaks(_ text: String) -> String { written(text, keepingLineBreaks: true) }

    private static func written(_ text: String, keepingLineBreaks: Bool) -> String {
        func hidden(_ u: Unicode.Scalar) -> Bool { isHidden(u) && !(keepingLineBreaks && (u == "\n" || u == "\t")) }
        guard text.unicodeScalars.contains(where: hidden) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            if hidden(u) { out += "\\u{\(String(u.value, radix: 16, uppercase: true))}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// Whether a scalar is hidden or moves what follows: C0 and C1 controls, DEL, bidirectional embeddings,
    /// overrides and isolates.
    public static func isHidden(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }
}
