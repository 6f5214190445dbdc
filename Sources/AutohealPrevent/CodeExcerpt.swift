import AutohealCore
import AutohealGit

/// A linked file with the lines involved and their text, read from the base commit.
public struct CodeExcerpt: Equatable, Sendable {
    /// One excerpt: a line range widened by a little context.
    public struct Slice: Equatable, Sendable {
        public var start: Int
        public var end: Int
        public var text: String
    }

    public var path: String
    public var lines: [ClosedRange<Int>]
    public var functions: [String]
    /// Empty when the file is absent at the base commit or binary.
    public var slices: [Slice]

    /// Lines of context either side of a linked range, and caps that keep briefs readable.
    static let context = 3, maxLinesPerSlice = 80, maxPaths = 20

    /// The code paths of the incident: the stored link's `paths`, else the `paths` and `frames`
    /// (`path:line`) hints of its `rootcause.identified` event.
    public static func paths(link: JSONValue?, identified: JSONValue?) -> [(path: String, lines: [ClosedRange<Int>], functions: [String])] {
        var out: [(path: String, lines: [ClosedRange<Int>], functions: [String])] = []
        if let paths = link?["paths"]?.arrayValue, !paths.isEmpty {
            for p in paths {
                guard let path = p["path"]?.stringValue else { continue }
                let ranges: [ClosedRange<Int>] = (p["lines"]?.arrayValue ?? []).compactMap { r in
                    guard let a = r.arrayValue, a.count == 2, let s = a[0].intValue, let e = a[1].intValue, s >= 1, s <= e else { return nil }
                    return s...e
                }
                out.append((path, ranges, p["functions"]?.stringList ?? []))
            }
            return Array(out.prefix(maxPaths))
        }
        var byPath: [String: [ClosedRange<Int>]] = [:]
        var order: [String] = []
        func add(_ path: String, _ range: ClosedRange<Int>?) {
            if byPath[path] == nil { order.append(path); byPath[path] = [] }
            if let range { byPath[path]!.append(range) }
        }
        for p in identified?["paths"]?.stringList ?? [] { add(p, nil) }
        for f in identified?["frames"]?.stringList ?? [] {
            guard let colon = f.lastIndex(of: ":"), let n = Int(f[f.index(after: colon)...]), n >= 1 else { add(f, nil); continue }
            add(String(f[..<colon]), n...n)
        }
        return order.prefix(maxPaths).map { ($0, byPath[$0]!, []) }
    }

    /// Reads the excerpts of `paths` from `commit`'s tree. A path with no line ranges gets its first lines.
    public static func read(_ paths: [(path: String, lines: [ClosedRange<Int>], functions: [String])],
                            repository: Repository, commit: ObjectID) -> [CodeExcerpt] {
        paths.map { p in
            var excerpt = CodeExcerpt(path: p.path, lines: p.lines, functions: p.functions, slices: [])
            guard let blob = try? repository.blob(at: p.path, in: commit), !blob.isBinary else { return excerpt }
            let fileLines = blob.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let count = fileLines.last == "" ? fileLines.count - 1 : fileLines.count
            guard count > 0 else { return excerpt }
            var wanted = p.lines.isEmpty ? [1...min(count, 40)] : p.lines
            wanted = wanted.map { max(1, $0.lowerBound - context)...min(count, $0.upperBound + context) }
                .filter { $0.lowerBound <= $0.upperBound }
                .sorted { $0.lowerBound < $1.lowerBound }
            var merged: [ClosedRange<Int>] = []
            for r in wanted {
                if let last = merged.last, r.lowerBound <= last.upperBound + 1 {
                    merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
                } else { merged.append(r) }
            }
            excerpt.slices = merged.map { r in
                let end = min(r.upperBound, r.lowerBound + maxLinesPerSlice - 1)
                return Slice(start: r.lowerBound, end: end, text: fileLines[(r.lowerBound - 1)...(end - 1)].joined(separator: "\n"))
            }
            return excerpt
        }
    }

    /// The excerpt in `task.json`.
    public var json: JSONValue {
        ["path": .string(path),
         "lines": .array(lines.map { [JSONValue(Int64($0.lowerBound)), JSONValue(Int64($0.upperBound))] }),
         "functions": .array(functions.map { .string($0) }),
         "excerpts": .array(slices.map { ["start": JSONValue(Int64($0.start)), "end": JSONValue(Int64($0.end)), "text": .string($0.text)] })]
    }

    /// A language name for a Markdown code fence, from the file extension.
    public var language: String {
        let ext = path.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        switch ext {
        case "py": return "python"
        case "go": return "go"
        case "swift": return "swift"
        case "js", "mjs", "cjs": return "javascript"
        case "ts", "tsx": return "typescript"
        case "java": return "java"
        case "kt": return "kotlin"
        case "rb": return "ruby"
        case "rs": return "rust"
        case "c", "h": return "c"
        case "cc", "cpp", "hpp": return "cpp"
        case "sh": return "sh"
        case "yml", "yaml": return "yaml"
        case "json": return "json"
        case "toml": return "toml"
        default: return ""
        }
    }
}

extension CodeExcerpt {
    /// The slices with right-aligned line numbers (`  42 | code`), separated by `…`.
    public var numberedText: String {
        let width = String(slices.map(\.end).max() ?? 0).count
        return slices.map { slice in
            slice.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
                let n = String(slice.start + i)
                return String(repeating: " ", count: width - n.count) + n + " | " + line
            }.joined(separator: "\n")
        }.joined(separator: "\n…\n")
    }
}
