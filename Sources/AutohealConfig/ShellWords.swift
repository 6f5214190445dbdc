/// Splits a command line into words the way a POSIX shell would — quotes and backslashes — without
/// expanding anything: no variables, globs, command substitution or operators. The words are then run
/// as an argument vector, never through a shell.
public enum ShellWords {
    public struct SplitError: Error, Equatable, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for c in line {
            if escaping {
                if quote == "\"", !["\"", "\\", "$", "`", "\n"].contains(c) { current.append("\\") }
                if c != "\n" { current.append(c) }
                escaping = false
                inWord = true
                continue
            }
            switch (quote, c) {
            case ("'", "'"): quote = nil
            case ("'", _): current.append(c)
            case ("\"", "\""): quote = nil
            case ("\"", "\\"): escaping = true
            case ("\"", _): current.append(c)
            case (nil, "\\"): escaping = true; inWord = true
            case (nil, "'"), (nil, "\""): quote = c; inWord = true
            case (nil, " "), (nil, "\t"), (nil, "\n"):
                if inWord { words.append(current); current = ""; inWord = false }
            default: current.append(c); inWord = true
            }
        }
        if escaping { throw SplitError(reason: "the command ends with a lone backslash") }
        if let quote { throw SplitError(reason: "unterminated \(quote) quote in the command") }
        if inWord { words.append(current) }
        return words
    }
}
