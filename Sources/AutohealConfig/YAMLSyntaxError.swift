import Yams

/// A YAML syntax error from Yams as one short reason and the line to point at. Yams' own text repeats
/// the position (`2:1: error: parser: … in line 2, column 1`), uses libyaml's words and quotes the file;
/// a user needs one line that says what to fix where.
enum YAMLSyntaxError {
    /// The line to name and the reason, for `FILE:LINE: not valid YAML: reason`.
    static func describe(_ error: any Error, text: String) -> (line: Int?, reason: String) {
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _), YamlError.parser(let context, let problem, let mark, _),
             YamlError.composer(let context, let problem, let mark, _):
            return describe(problem: problem, line: mark.line, column: mark.column,
                            context: context.map { ($0.text, $0.mark.line) }, text: text)
        case YamlError.reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)".split(separator: "\n").first.map(String.init) ?? "")
        }
    }

    /// The reason for libyaml's `problem` at `line`:`column` (1-based), with what it was reading and
    /// where that began (`context`). An error at the end of the file points at the line where the
    /// unfinished thing began, or at the last line with text.
    static func describe(problem: String, line: Int, column: Int, context: (text: String, line: Int)?, text: String)
        -> (line: Int, reason: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lastWithText = lines.lastIndex { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }.map { $0 + 1 } ?? 1
        let what = context.map { plainWords(for: $0.text) }
        if line > lastWithText || problem == "found unexpected end of stream" {
            let at = context.map(\.line).flatMap { $0 <= lastWithText ? $0 : nil } ?? lastWithText
            let inside = switch what {
            case "quoted string": "inside a quoted string that is never closed"
            case let w? where w.hasPrefix("[") || w.hasPrefix("{") || w == "value in brackets": "inside a [ … ] or { … } that is never closed"
            default: "where more was expected (\(problem))"
            }
            return (at, "the file ends \(inside)")
        }
        let character = lines.indices.contains(line - 1) ? lines[line - 1].unicodeScalars.dropFirst(column - 1).first : nil
        let reason: String
        switch problem {
        case "mapping values are not allowed in this context":
            reason = "\": \" where no key can start (quote a value that holds \": \", or check the indentation)"
        case _ where problem.contains("tab character"), "found character that cannot start any token" where character == "\t":
            reason = "a tab where YAML wants spaces (indent with spaces)"
        case "found character that cannot start any token":
            reason = "\(character.map { "\"\($0)\"" } ?? "this character") cannot start a value (quote the value)"
        case "found undefined alias":
            reason = "an alias (*name) whose anchor (&name) is not defined before it"
        case "found unknown escape character":
            reason = "an unknown backslash escape in a double-quoted string (single quotes keep backslashes as they are)"
        default:
            reason = problem + (what.map { w in " in the \(w)" + (context!.line != line ? " from line \(context!.line)" : "") } ?? "")
        }
        return (line, reason)
    }

    /// libyaml's "while parsing a flow sequence" as the thing a user wrote.
    static func plainWords(for context: String) -> String {
        var w = Substring(context)
        for prefix in ["while parsing ", "while scanning "] where w.hasPrefix(prefix) { w = w.dropFirst(prefix.count) }
        for article in ["a ", "an ", "the "] where w.hasPrefix(article) { w = w.dropFirst(article.count) }
        switch w {
        case "flow sequence": return "[ … ] list"
        case "flow mapping": return "{ … } mapping"
        case "flow node": return "value in brackets"
        case "block mapping": return "mapping"
        case "block collection", "block sequence": return "list"
        case "quoted scalar": return "quoted string"
        case "block scalar": return "block of text"
        default: return String(w)
        }
    }
}
