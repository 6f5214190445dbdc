/// How many columns a terminal takes to draw text, for padding and cutting table columns: a Chinese,
/// Japanese or Korean character or an emoji takes two, a combining mark, a variation selector or a
/// zero-width joiner none, anything else one. This follows Unicode's East Asian Width (W and F are wide,
/// ambiguous ones narrow, as outside a CJK locale) and `wcwidth`'s conventions, counted per grapheme
/// cluster (a `Character`): an emoji sequence — a ZWJ family, a flag, a skin tone, a keycap, a character
/// with the emoji variation selector — is drawn as one wide glyph, so it takes two columns, not the sum of
/// its parts.
public enum DisplayWidth {
    /// The columns `text` takes on a terminal.
    public static func of(_ text: some StringProtocol) -> Int {
        var ascii = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return text.reduce(0) { $0 + of($1) } }
            if byte >= 0x20 && byte != 0x7F { ascii += 1 }
        }
        return ascii
    }

    /// The columns one grapheme cluster takes: two for an emoji sequence, else the sum of its scalars'.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return scalars.first.map(of) ?? 0 }
        var sum = 0
        for u in scalars {
            if u.value == 0xFE0F || (0x1F1E6...0x1F1FF).contains(u.value) || u.properties.isEmojiPresentation { return 2 }
            sum += of(u)
        }
        return sum
    }

    /// The columns one scalar takes on its own (`wcwidth`): none for controls, combining marks, format
    /// characters (ZWJ, ZWSP, bidirectional marks, tags, but not the soft hyphen), variation selectors and
    /// the vowels and finals of a conjoining Hangul syllable; two for East Asian Wide and Fullwidth and
    /// for emoji presentation; one for the rest.
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }  // Latin-1 and Latin Extended, the soft hyphen (U+00AD) included
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return (0x600...0x605).contains(v) || v == 0x6DD || v == 0x70F || v == 0x110BD ? 1 : 0
        default: break
        }
        return WideRanges.contains(v) || (v >= 0x1F000 && u.properties.isEmojiPresentation) ? 2 : 1
    }

    /// `text` cut to at most `width` columns, keeping its start and its end around an ellipsis
    /// (`PAYMEN…-0001`) so cells that differ at the end stay apart. A wide character is never split: where
    /// one would straddle the cut, it is left out and the cell is a column narrower. Text that fits, and any
    /// width under 3, leave `text` whole.
    public static func clip(_ text: String, to width: Int) -> String {
        guard width >= 3, of(text) > width else { return text }
        let characters = Array(text)
        // The end gets at most half of what the ellipsis leaves; the start whatever the end did not use.
        var tail = characters.endIndex, tailWidth = 0
        while tail > characters.startIndex, tailWidth + of(characters[tail - 1]) <= (width - 1) / 2 {
            tail -= 1
            tailWidth += of(characters[tail])
        }
        var head = characters.startIndex, headWidth = 0
        while head < tail, headWidth + of(characters[head]) <= width - 1 - tailWidth {
            headWidth += of(characters[head])
            head += 1
        }
        return String(characters[..<head]) + "…" + String(characters[tail...])
    }
}
