import AutohealCore
import AutohealLinkRun

/// The file of `autoheal link --batch FILE`: one JSON object per line naming an incident and how its
/// root cause is known, with the keys of the MCP `link_incident` tool:
///
///     {"incident":"INC-7","fix":"3f2a9c1"}
///     {"incident":"INC-8","revert":"9bd01e2"}
///     {"incident":"INC-9","commits":["c0ffee1"]}
///     {"incident":"INC-10","frames":["src/pool.go:88"],"at":"v2.3.1"}
///     {"incident":"INC-11","deploy":"v2.3.0..v2.3.1"}
///     {"incident":"INC-12"}                       (the incident's own hints)
///
/// Blank lines are skipped. Anything else that is not such an object is refused with its line.
enum LinkBatch {
    /// One line of the file.
    struct Entry: Equatable {
        var line: Int
        var incident: String
        var method: LinkMethod
    }

    static let keys: Set<String> = ["incident", "fix", "revert", "commits", "frames", "deploy", "at"]

    /// Parses the whole file; the first bad line throws `FILE:LINE: reason` (exit 65).
    static func parse(_ bytes: [UInt8], file: String) throws -> [Entry] {
        var entries: [Entry] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) else { continue }
            do {
                entries.append(try entry(JSONParser.parseDocument(Array(line)), line: lineNumber))
            } catch let e as JSONParser.SyntaxError {
                throw CLIError("\(file):\(lineNumber): \(e.reason)", status: .badInput)
            } catch let reason as Reason {
                throw CLIError("\(file):\(lineNumber): \(reason.text)", status: .badInput)
            }
        }
        return entries
    }

    /// Why a request object was refused, in words a user can act on.
    struct Reason: Error { var text: String }

    private static func entry(_ value: JSONValue, line: Int) throws -> Entry {
        guard let object = value.objectValue else { throw Reason(text: "expected a JSON object") }
        guard let incident = object["incident"]?.stringValue, !incident.isEmpty else {
            throw Reason(text: "\"incident\" must be a non-empty string")
        }
        return Entry(line: line, incident: incident, method: try method(of: object))
    }

    /// The link method a request object names with the keys fix, revert, commits, frames, deploy and
    /// at (besides incident) — a batch line or the arguments of the MCP `link_incident` tool.
    /// `toolArguments`: the object is the MCP tool's arguments, whose schema declares `commits` and
    /// `frames` arrays (a single string, which a batch line may give, is refused there).
    static func method(of object: [String: JSONValue], toolArguments: Bool = false) throws(Reason) -> LinkMethod {
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw Reason(text: "unknown key \"\(unknown)\" (known: \(keys.sorted().joined(separator: ", ")))")
        }
        let request = LinkRequest(fix: try string(object, "fix"), revert: try string(object, "revert"),
                                  commits: try list(object, "commits", toolArguments: toolArguments),
                                  frames: try list(object, "frames", toolArguments: toolArguments),
                                  deploy: try string(object, "deploy"), at: try string(object, "at"))
        if let problem = request.problem(offered: ["fix", "revert", "commits", "frames", "deploy"], name: { "\"\($0)\"" }) {
            throw Reason(text: problem)
        }
        return request.method(readStack: { $0 })
    }

    private static func string(_ object: [String: JSONValue], _ key: String) throws(Reason) -> String? {
        guard let value = object[key] else { return nil }
        guard let s = value.stringValue, !s.isEmpty else { throw Reason(text: "\"\(key)\" must be a non-empty string") }
        return s
    }

    private static func list(_ object: [String: JSONValue], _ key: String, toolArguments: Bool) throws(Reason) -> [String] {
        guard let value = object[key] else { return [] }
        if let s = value.stringValue, !s.isEmpty, !toolArguments { return [s] }
        guard let items = value.arrayValue, !items.isEmpty, items.allSatisfy({ ($0.stringValue ?? "").isEmpty == false }) else {
            throw Reason(text: toolArguments ? "the argument \"\(key)\" must be a non-empty array of non-empty strings"
                                             : "\"\(key)\" must be a string or a non-empty array of strings")
        }
        return items.compactMap(\.stringValue)
    }
}
