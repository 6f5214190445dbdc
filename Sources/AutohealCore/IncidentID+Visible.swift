/// What an incident id may hold. Ids are free text (importers keep the tools' own), but every id must
/// look like itself: `incidents`, `show` and the reports print ids as they are, so an id that differs
/// from another only by whitespace at its ends (`"INC-1 "`) or by a character that does not show
/// (`"INC\u{200B}-1"`, a no-break space) would be a second incident printed exactly like the first.
/// Such ids are refused when imported, as an empty one is.
extension IncidentID {
    /// Why `id` cannot be an incident id (a phrase to follow the field's name, such as "is only
    /// whitespace"), or nil when it can.
    public static func problem(_ id: String) -> String? {
        let scalars = id.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "is empty" }
        if scalars.allSatisfy({ $0.properties.isWhitespace || isInvisible($0) }) {
            return "is only whitespace (\(quoted(id)))"
        }
        if first.properties.isWhitespace || last.properties.isWhitespace {
            let trimmed = String(String.UnicodeScalarView(scalars.drop(while: \.properties.isWhitespace).reversed()
                .drop(while: \.properties.isWhitespace).reversed()))
            return "\(first.properties.isWhitespace ? "begins" : "ends") with whitespace (\(quoted(id))), which an id would print without: send \(quoted(trimmed))"
        }
        if let hidden = scalars.first(where: isInvisible) {
            return "holds \(describe(hidden)), which does not show as itself (\(quoted(id))): an id must be visible text"
        }
        return nil
    }

    /// Whether a scalar prints as nothing, or as a plain space: controls, format characters (zero-width
    /// spaces and joiners, bidirectional marks, the byte-order mark, soft hyphens), every space
    /// separator but U+0020, line and paragraph separators, and Unicode's other default-ignorable
    /// characters (variation selectors, the Hangul fillers).
    public static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        case .spaceSeparator: return u != " "
        default: return u.properties.isDefaultIgnorableCodePoint
        }
    }

    /// `id` in double quotes, its invisible characters written as `\u{…}`.
    static func quoted(_ id: String) -> String {
        var out = "\""
        for u in id.unicodeScalars {
            if isInvisible(u) || u == "\"" || u == "\\" {
                out += u == "\"" ? "\\\"" : u == "\\" ? "\\\\" : "\\u{\(String(u.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// `U+200B (ZERO WIDTH SPACE)`.
    static func describe(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return (u.properties.name ?? u.properties.nameAlias).map { "\(code) (\($0))" } ?? code
    }
}
