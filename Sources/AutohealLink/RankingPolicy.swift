/// How SZZ turns the commits blame reached into the likeliest introducing commits.
///
/// Plain blame names every commit that last touched a deleted line; many of those are bystanders
/// (a rename of a variable, a moved block, a much older line next to the real change). We keep the
/// commit(s) explaining the most lines (ties all kept, at most three), then drop any of those more than
/// a year older than the newest kept one unless it explains more lines. Measured on iproute2's
/// `Fixes:` history (see Benchmarks/szz/RESULTS.md) this lifts F1 from plain blame's 0.61 to 0.71.
public struct RankingPolicy: Sendable, Equatable {
    /// Keep a candidate only if it explains at least this share of the lines the top candidate explains.
    public var minShare: Double
    /// Drop candidates older than the newest kept one by more than this many seconds, unless they explain
    /// at least as many lines as it.
    public var maxAgeGap: Int64
    /// At most this many introducing commits.
    public var maxCount: Int

    public init(minShare: Double = 1.0, maxAgeGap: Int64 = 365 * 86_400, maxCount: Int = 3) {
        self.minShare = minShare
        self.maxAgeGap = maxAgeGap
        self.maxCount = maxCount
    }

    /// No pruning: every candidate, newest first (plain blame).
    public static let all = RankingPolicy(minShare: 0, maxAgeGap: .max, maxCount: .max)

    /// A blamed commit: its time and the number of lines it explains.
    public struct Candidate: Equatable, Sendable {
        public var id: String
        public var time: Int64
        public var lines: Int
        public init(id: String, time: Int64, lines: Int) {
            self.id = id
            self.time = time
            self.lines = lines
        }
    }

    /// The selected candidates, newest first.
    public func select(_ candidates: [Candidate]) -> [Candidate] {
        guard let top = candidates.map(\.lines).max() else { return [] }
        var kept = candidates.filter { Double($0.lines) >= minShare * Double(top) }
        kept.sort { ($0.lines, $0.time) > ($1.lines, $1.time) }
        kept = Array(kept.prefix(maxCount))
        if let newest = kept.map(\.time).max(), let newestLines = kept.first(where: { $0.time == newest })?.lines {
            kept = kept.filter { newest - $0.time <= maxAgeGap || $0.lines > newestLines }
        }
        return kept.sorted { $0.time > $1.time }
    }
}
