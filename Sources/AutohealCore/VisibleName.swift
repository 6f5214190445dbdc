/// The rule for every name autoheal groups by and prints as it is — incident ids and service names:
/// a name must look like itself. `incidents`, `show`, `review` and the reports print names as they are,
/// so one that differs from another only by whitespace at its ends (`"INC-1 "`, `"checkout "`) or by a
/// character that does not show (`"INC\u{200B}-1"`, a no-break space) would be a second incident or
/// service printed exactly like the first. Such names are refused when imported, as an empty one is.
///
/// Names that differ only in how Unicode spells the same text (`é` as one character or as `e` and a
/// combining accent) are one name: Swift's `String` compares them equal, so every name is kept in its
/// composed form (NFC, ``normalized(_:)``) wherever it enters autoheal.
///
/// ``IncidentID`` and ``ServiceName`` apply this rule, each naming itself in the messages.
public enum VisibleName {
    /// `name` in Unicode's canonical composed form (NFC): `"cafe\u{301}"` becomes `"café"`. Text that
    /// compares equal as a Swift `String` has one NFC spelling, so the ledger (which compares bytes)
    /// and every dictionary keyed by name agree on which names are the same.
    public static func normalized(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return name }
        let nfc = name._nfcCodeUnits
        return nfc.elementsEqual(name.utf8) ? name : String(decoding: nfc, as: UTF8.self)
    }

    /// Why `name` cannot be one (a phrase to follow the field's name, such as "is only whitespace"),
    /// or nil when it can. `noun` says what it would be, in the reasons that need it: "an id",
    /// "a service name".
    public static func problem(_ name: String, noun: String) -> String? {
        // The common case, printable ASCII with no space at either end, needs no Unicode property lookup
        // (they were an eighth of a large import's time).
        let utf8 = name.utf8
        if let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20,
           utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return nil
        }
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return "is empty" }
        if scalars.allSatisfy(\.properties.isWhitespace) {
            return "is only whitespace (\(quoted(name)))"
        }
        if scalars.allSatisfy({ $0.properties.isWhitespace || isInvisible($0) }) {
            let blank = scalars.first { !$0.properties.isWhitespace }!
            return "shows nothing (\(quoted(name))): it holds \(describe(blank)), which does not show as itself; \(noun) must be visible text"
        }
        if first.properties.isWhitespace || last.properties.isWhitespace {
            let trimmed = String(String.UnicodeScalarView(scalars.drop(while: \.properties.isWhitespace).reversed()
                .drop(while: \.properties.isWhitespace).reversed()))
            return "\(first.properties.isWhitespace ? "begins" : "ends") with whitespace (\(quoted(name))), which \(noun) would print without: send \(quoted(trimmed))"
        }
        if let i = scalars.indices.first(where: { isInvisible(scalars[$0]) && !belongsToText(scalars, at: $0) }) {
            return "holds \(describe(scalars[i])), which does not show as itself (\(quoted(name))): \(noun) must be visible text"
        }
        return nil
    }

    /// Whether the invisible scalar at `i` is part of how the text around it is written, and so
    /// allowed in a name: a zero-width non-joiner or joiner between two non-ASCII letters, marks or
    /// emoji (Persian `می‌خواهم`, Devanagari `क्‍ष`, emoji sequences such as `❤️‍🔥`), or a variation
    /// selector right after a visible non-ASCII character (`❤️`, which phone keyboards write) or in a
    /// keycap (`1️⃣`). Between ASCII (`INC\u{200D}-1`), at an end, or doubled, they stay refused.
    static func belongsToText(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        let u = s[i]
        switch u.value {
        case 0x200C, 0x200D:
            return i > 0 && i + 1 < s.count && isNonASCIIGlyph(s[i - 1]) && isNonASCIIGlyph(s[i + 1])
                && (!isInvisible(s[i - 1]) || belongsToText(s, at: i - 1))
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x180B...0x180D, 0x180F:
            guard i > 0 else { return false }
            let before = s[i - 1]
            if before.value >= 0x80 { return !isInvisible(before) }
            return u.value == 0xFE0F && "0123456789#*".unicodeScalars.contains(before) && i + 1 < s.count && s[i + 1].value == 0x20E3
        default:
            return false
        }
    }

    /// A non-ASCII letter, combining mark or emoji: what a joiner may join.
    static func isNonASCIIGlyph(_ u: Unicode.Scalar) -> Bool {
        guard u.value >= 0x80 else { return false }
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return u.properties.isEmoji
        }
    }

    /// Characters that are neither whitespace nor default-ignorable but print as a blank: U+2800
    /// BRAILLE PATTERN BLANK (`INC⠀1` prints as `INC 1`) and the Hangul fillers.
    static let blankLooking: Set<UInt32> = [0x2800, 0x115F, 0x1160, 0x3164, 0xFFA0]

    /// Whether a scalar prints as nothing, or as a plain space: controls, format characters (zero-width
    /// spaces and joiners, bidirectional marks, the byte-order mark, soft hyphens), every space
    /// separator but U+0020, line and paragraph separators, Unicode's other default-ignorable
    /// characters (variation selectors), and blank-looking ones (the Braille blank, the Hangul fillers).
    public static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        if blankLooking.contains(u.value) { return true }
        switch u.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        case .spaceSeparator: return u != " "
        default: return u.properties.isDefaultIgnorableCodePoint
        }
    }

    /// `name` as a message shows it: the characters that do not show as themselves written as `\u{…}`
    /// (a joiner or variation selector where the text needs one is kept), so `INC\u{200B}-1`, which no
    /// ledger holds, does not read as `INC-1`, which one may.
    public static func shown(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        guard scalars.contains(where: isInvisible) else { return name }
        var out = ""
        for (i, u) in scalars.enumerated() {
            if isInvisible(u) && !belongsToText(scalars, at: i) {
                out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `name` in double quotes, its invisible characters written as `\u{…}`.
    static func quoted(_ name: String) -> String {
        var out = "\""
        for u in name.unicodeScalars {
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
