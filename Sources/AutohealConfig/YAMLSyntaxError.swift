import AutohealCore
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
        case YamlError.reader(let problem, let offset, let value, _):
            let line = offset.map { YAMLLines.line(ofCharacterOffset: $0, in: text) }
            if problem == "control characters are not allowed" {
                let shown = Unicode.Scalar(UInt32(bitPattern: value)).map { "\\u{\(String($0.value, radix: 16, uppercase: true))}" } ?? "character"
                return (line, "a control character (\(shown)), which YAML does not allow in a file (write it as an escape in a double-quoted string)")
            }
            return (line, problem)
        default:
            return (nil, "\(error)".split(separator: "\n").first.map(String.init) ?? "")
        }
    }

    /// The reason for libyaml's `problem` at `line`:`column` (1-based), with what it was reading and
    /// where that began (`context`). An error at the end of the file points at the line where the
    /// unfinished thing began, or at the last line with text.
    static func describe(problem: String, line: Int, column: Int, context: (text: String, line: Int)?, text: String)
        -> (line: Int, reason: String) {
        let lines = YAMLLines.split(text)
        let lastWithText = lines.lastIndex { !$0.allSatisfy { $0 == " " || $0 == "\t" } }.map { $0 + 1 } ?? 1
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
        let character = lines.indices.contains(line - 1) ? lines[line - 1].dropFirst(column - 1).first : nil
        let reason: String
        switch problem {
        case "mapping values are not allowed in this context" where column > 1024:
            reason = "a key longer than 1024 characters, more than YAML takes for a key"
        case "mapping values are not allowed in this context":
            reason = "\": \" where no key can start (quote a value that holds \": \", or check the indentation)"
        case _ where problem.contains("tab character"), "found character that cannot start any token" where character == "\t":
            reason = "a tab where YAML wants spaces (indent with spaces)"
        case "found character that cannot start any token":
            reason = "\(character.map { "\"\(VisibleText.of(String($0)))\"" } ?? "this character") cannot start a value (quote the value)"
        case "did not find expected node content":
            reason = character.map { "\"\(VisibleText.of(String($0)))\" cannot start a value (quote the value)" } ?? "a value was expected here"
        case "but found another document":
            reason = "a second document (a second \"---\"): the config is one document"
        case _ where problem.hasPrefix("Maximum nesting level reached"):
            reason = "brackets or indentation nested more than 1000 levels deep"
        case "found incompatible YAML document":
            reason = "a %YAML version other than 1.1 or 1.2 (write %YAML 1.2, or leave the line out)"
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
