/// Merging line numbers into ranges, and overlap tests between ranges.
public enum LineRanges {
    /// Sorted, merged ranges covering `lines` (consecutive numbers join one range).
    public static func merge(_ lines: [Int]) -> [ClosedRange<Int>] {
        merge(ranges: lines.map { $0...$0 })
    }

    /// Sorted ranges with overlapping or adjacent ones joined.
    public static func merge(ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound + 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// True when two ranges overlap or touch (`1...3` and `4...6` are adjacent).
    public static func touch(_ a: ClosedRange<Int>, _ b: ClosedRange<Int>) -> Bool {
        a.lowerBound <= b.upperBound + 1 && b.lowerBound <= a.upperBound + 1
    }
}
