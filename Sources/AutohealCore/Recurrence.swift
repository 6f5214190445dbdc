/// The code an incident's root cause was linked to, as path and line ranges (from `rootcause.linked`).
public struct CodeFootprint: Hashable, Sendable {
    public var ranges: [String: [ClosedRange<Int>]]

    /// Reads the `paths` of a stored link result: `[{"path", "lines": [[start, end], …]}]`.
    public init(link: JSONValue?) {
        var ranges: [String: [ClosedRange<Int>]] = [:]
        for p in link?["paths"]?.arrayValue ?? [] {
            guard let path = p["path"]?.stringValue else { continue }
            for r in p["lines"]?.arrayValue ?? [] {
                let v = (r.arrayValue ?? []).compactMap(\.intValue)
                if v.count == 2, v[0] <= v[1] { ranges[path, default: []].append(v[0]...v[1]) }
            }
            if ranges[path] == nil { ranges[path] = [] }
        }
        self.ranges = ranges
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// Same path, and line ranges that overlap or touch (a file linked without lines overlaps any lines of it).
    public func overlaps(_ other: CodeFootprint) -> Bool {
        for (path, mine) in ranges {
            guard let theirs = other.ranges[path] else { continue }
            if mine.isEmpty || theirs.isEmpty { return true }
            for a in mine { for b in theirs where a.lowerBound <= b.upperBound + 1 && b.lowerBound <= a.upperBound + 1 { return true } }
        }
        return false
    }
}

/// Recurrence: a later incident on the same service whose linked code overlaps the code of an
/// earlier incident whose preventive fix had already landed — the prevention *escaped*.
public enum Recurrence {
    /// What recurrence needs of one incident.
    public struct Footprint: Hashable, Sendable {
        public var incident: String
        public var service: String?
        public var startedAt: Timestamp?
        public var landedAt: Timestamp?
        public var code: CodeFootprint

        public init(_ a: IncidentAnalysis) {
            incident = a.incident.id
            service = a.incident.service
            startedAt = a.startedAt
            landedAt = a.prevention.stop?.at
            code = CodeFootprint(link: a.incident.link)
        }
    }

    /// For each incident, the earlier incidents whose landed prevention it escaped.
    public static func escapes(_ footprints: [Footprint]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        let linked = footprints.filter { !$0.code.isEmpty }
        let bySvc = Dictionary(grouping: linked, by: { $0.service ?? "" })
        for (_, group) in bySvc {
            for later in group {
                guard let start = later.startedAt else { continue }
                for earlier in group where earlier.incident != later.incident {
                    guard let landed = earlier.landedAt, landed < start, later.code.overlaps(earlier.code) else { continue }
                    out[later.incident, default: []].append(earlier.incident)
                }
            }
        }
        return out.mapValues { $0.sorted(by: IncidentID.less) }
    }
}
