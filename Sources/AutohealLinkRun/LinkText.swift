import AutohealCore
import AutohealLink

/// The text form of a link result (`link` without `--json`).
public enum LinkText {
    /// The result as lines: method, introducing commits, paths with functions, owners, related incidents.
    /// Text from the repository (commit subjects, author names, paths) is written visibly
    /// (``VisibleText``): an escape sequence or a bidirectional override in a subject would otherwise
    /// reach the terminal.
    public static func render(_ r: LinkResult) -> String {
        let v = VisibleText.of
        var out = "\(v(r.incident ?? "")) linked by \(r.method)\n"
        out += r.introducing.isEmpty ? "introducing: none found\n" : "introducing:\n"
        for c in r.introducing {
            out += "  \(c.commit.prefix(12))  \(c.authoredAt)  \(lineCount(c.lines))  \(v(c.summary))  (\(v(c.author)))\n"
        }
        if !r.paths.isEmpty { out += "paths:\n" }
        for p in r.paths {
            let ranges = p.lines.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
            out += "  \(v(p.path)):\(ranges)" + (p.functions.isEmpty ? "" : "  in \(v(p.functions.joined(separator: ", ")))") + "\n"
        }
        if !r.owners.isEmpty { out += "owners:\n" }
        for o in r.owners { out += "  \(v(o.owner))  (\(o.source.rawValue)\(o.lines.map { ", " + lineCount($0) } ?? ""))\n" }
        if !r.relatedIncidents.isEmpty { out += "related incidents: \(v(r.relatedIncidents.joined(separator: ", ")))\n" }
        return out
    }
}
