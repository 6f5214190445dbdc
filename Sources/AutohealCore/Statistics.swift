/// Summary statistics of durations in seconds.
public struct Summary: Hashable, Sendable {
    public var n: Int
    public var median: Double?
    public var p90: Double?
    public var mean: Double?

    /// n, median, p90 (linear interpolation between closest ranks) and mean of `values`.
    public init(_ values: [Int64]) {
        let sorted = values.map(Double.init).sorted()
        n = sorted.count
        median = Quantile.linear(sorted, 0.5)
        p90 = Quantile.linear(sorted, 0.9)
        mean = sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
    }

    /// `{"n","median","p90","mean"}` with statistics rounded to whole seconds, `null` where n is 0.
    public var json: JSONValue {
        ["n": JSONValue(n), "median": JSONValue(median.map(Stats.roundSeconds)),
         "p90": JSONValue(p90.map(Stats.roundSeconds)), "mean": JSONValue(mean.map(Stats.roundSeconds))]
    }
}

/// Quantiles as numpy's default and SQL's `PERCENTILE_CONT` compute them.
public enum Quantile {
    /// The `p` quantile (0...1) of already sorted values, interpolating linearly between closest ranks.
    public static func linear(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// Small numeric helpers shared by reports.
public enum Stats {
    /// Durations are reported in whole seconds; halves round away from zero. Saturating: a value past
    /// `Int64`'s range (or NaN, as 0) is clamped rather than trapping, as `Int64(_:)` would.
    public static func roundSeconds(_ v: Double) -> Int64 {
        let r = v.rounded(.toNearestOrAwayFromZero)
        if r.isNaN { return 0 }
        if r >= 9_223_372_036_854_775_808.0 { return .max }
        if r < -9_223_372_036_854_775_808.0 { return .min }
        return Int64(r)
    }
}
