import AutohealCore

/// Finds earlier incidents whose linked code overlaps this one's.
public enum RelatedIncidents {
    /// Ids from `earlier` (in their order, each once) with a path in common with `paths` whose line
    /// ranges overlap or are adjacent. A path recorded without line ranges matches the whole file.
    public static func find(paths: [LinkResult.CodePath], earlier: [(id: String, paths: [LinkResult.CodePath])],
                            excluding own: String? = nil) -> [String] {
        var byPath: [String: [ClosedRange<Int>]] = [:]
        for p in paths { byPath[p.path, default: []] += p.lines }
        var out: [String] = []
        for (id, theirs) in earlier where id != own && !out.contains(id) {
            let hit = theirs.contains { t in
                guard let mine = byPath[t.path] else { return false }
                if mine.isEmpty || t.lines.isEmpty { return true }
                return mine.contains { m in t.lines.contains { LineRanges.touch(m, $0) } }
            }
            if hit { out.append(id) }
        }
        return out
    }

    /// The incidents among `links` (each with its first event time and latest link) that are earlier
    /// than `incident` — by first event, ties by id — and whose linked code overlaps `paths`.
    public static func earlier(than incident: String, start: Timestamp, paths: [LinkResult.CodePath],
                               among links: [String: (start: Timestamp, link: JSONValue)]) -> [String] {
        let earlier = links.filter { id, other in other.start < start || (other.start == start && IncidentID.less(id, incident)) }
            .sorted { ($0.value.start, $0.key) < ($1.value.start, $1.key) }
            .map { (id: $0.key, paths: LinkResult.codePaths(from: $0.value.link)) }
        return find(paths: paths, earlier: earlier, excluding: incident)
    }
}
