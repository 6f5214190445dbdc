/// A YAML file's lines as libyaml counts them, so an error's line number and the text it points at agree:
/// a break is LF, CR, CR LF (one break), NEL, LS or PS. Splitting on `"\n"` alone read a CR LF file as
/// one line (Swift's `"\r\n"` is one `Character`, not a `"\n"`), and every error went to line 1.
enum YAMLLines {
    /// Whether `u` ends a line in YAML (1.1, as libyaml reads it).
    static func isBreak(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// The lines of `text` without their breaks; a text ending in a break ends with an empty line.
    static func split(_ text: String) -> [String.UnicodeScalarView.SubSequence] {
        let scalars = text.unicodeScalars
        var lines: [String.UnicodeScalarView.SubSequence] = []
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let u = scalars[i]
            guard isBreak(u) else { i = scalars.index(after: i); continue }
            lines.append(scalars[start..<i])
            i = scalars.index(after: i)
            if u == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
            start = i
        }
        lines.append(scalars[start..<scalars.endIndex])
        return lines
    }

    /// The 1-based line of the `Character` `offset` characters into `text` (Yams gives a reader error's
    /// place so); a CR LF is one `Character` and one break.
    static func line(ofCharacterOffset offset: Int, in text: String) -> Int {
        1 + text.prefix(offset).filter { $0.unicodeScalars.contains(where: isBreak) }.count
    }

    /// The 1-based line of the first byte of `bytes` that is not UTF-8, or `nil` when all of it is.
    static func firstLineNotUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var previous: Unicode.Scalar?
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let u):
                if isBreak(u), !(u == "\n" && previous == "\r") { line += 1 }
                previous = u
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }
}
