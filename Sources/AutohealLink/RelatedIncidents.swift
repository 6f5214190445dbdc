import AutohealCore

/// Finds earlier incidents whose linked code overlaps this one's.
///
/// Line numbers are a revision's: two links stated at different revisions (their `at`) number the same
/// code differently once lines above it moved. Their lines are compared once the earlier link's are
/// carried to this one's revision (``LineAligner``: the diff of the file between the two versions; a
/// line since changed stands for what replaced it). Where they cannot be carried (no repository at hand, a revision or
/// the file missing), a path they share relates them when they name a common enclosing function, or
/// when either names none for it (as a path without line ranges matches the whole file).
public enum RelatedIncidents {
    /// Carries `lines` of `path` as revision `from` numbers them to revision `to`; nil when it cannot.
    public typealias LineAligner = (_ path: String, _ lines: [ClosedRange<Int>], _ from: String, _ to: String) -> [ClosedRange<Int>]?

    /// Ids from `earlier` (in their order, each once) with a path in common with `paths` whose line
    /// ranges overlap or are adjacent. A path recorded without line ranges matches the whole file.
    /// `at` and each earlier link's `at` are the revisions the lines are numbered at (nil: unknown,
    /// compared as they are).
    public static func find(paths: [LinkResult.CodePath], at: String? = nil,
                            earlier: [(id: String, paths: [LinkResult.CodePath], at: String?)],
                            excluding own: String? = nil, align: LineAligner? = nil) -> [String] {
        var byPath: [String: LinkResult.CodePath] = [:]
        for p in paths {
            var e = byPath[p.path] ?? LinkResult.CodePath(path: p.path, lines: [])
            e.lines += p.lines
            e.functions += p.functions
            byPath[p.path] = e
        }
        var out: [String] = []
        for (id, theirs, theirAt) in earlier where id != own && !out.contains(id) {
            let hit = theirs.contains { t in
                guard let mine = byPath[t.path] else { return false }
                if mine.lines.isEmpty || t.lines.isEmpty { return true }
                var lines = t.lines
                if let at, let theirAt, at != theirAt {
                    guard let carried = align?(t.path, t.lines, theirAt, at) else {
                        return mine.functions.isEmpty || t.functions.isEmpty || !Set(mine.functions).isDisjoint(with: t.functions)
                    }
                    lines = carried
                }
                return mine.lines.contains { m in lines.contains { LineRanges.touch(m, $0) } }
            }
            if hit { out.append(id) }
        }
        return out
    }

    /// ``find(paths:at:earlier:excluding:align:)`` with links all stated at one revision (or unknown).
    public static func find(paths: [LinkResult.CodePath], earlier: [(id: String, paths: [LinkResult.CodePath])],
                            excluding own: String? = nil) -> [String] {
        find(paths: paths, earlier: earlier.map { ($0.id, $0.paths, nil) }, excluding: own)
    }

    /// The incidents among `links` (each with its first event time and latest link) that are earlier
    /// than `incident` — by first event, ties by id — and whose linked code overlaps `paths` (numbered
    /// at `at`).
    public static func earlier(than incident: String, start: Timestamp, paths: [LinkResult.CodePath], at: String? = nil,
                               among links: [String: (start: Timestamp, link: JSONValue)], align: LineAligner? = nil) -> [String] {
        let earlier = links.filter { id, other in other.start < start || (other.start == start && IncidentID.less(id, incident)) }
            .sorted { ($0.value.start, $0.key) < ($1.value.start, $1.key) }
            .map { (id: $0.key, paths: LinkResult.codePaths(from: $0.value.link), at: $0.value.link["at"]?.stringValue) }
        return find(paths: paths, at: at, earlier: earlier, excluding: incident, align: align)
    }
}

extension Linker {
    /// `lines` of `path` as revision `from` numbers them, numbered as revision `to` does: the file's two
    /// versions are diffed (whitespace ignored); a line since changed stands for the lines that replaced
    /// it, a deleted one for where it was (the same place in the code). Nil when a revision or either
    /// version of the file is missing. For ``RelatedIncidents``.
    public func carry(_ path: String, lines: [ClosedRange<Int>], from: String, to: String) -> [ClosedRange<Int>]? {
        guard let fromID = try? resolve(from), let toID = try? resolve(to) else { return nil }
        if fromID == toID { return lines }
        guard let fromTree = try? repository.commit(fromID).tree(), fromTree.containsFile(path),
              let toTree = try? repository.commit(toID).tree(), toTree.containsFile(path),
              let forwarder = try? LineForwarder(self, at: toID),
              let carried = try? forwarder.lines(Set(lines.flatMap { Array($0) }), of: path, from: fromID, atPath: path, keepingChanged: true)
        else { return nil }
        return LineRanges.merge(carried.sorted())
    }
}
