import AutohealCore

/// Short human durations for tables: `45s`, `17m`, `1h05m`, `3d02h`, each rounded to its last unit
/// (half up: 3,593 s is `1h00m`, not `59m`), so that a table never reads shorter than the JSON.
public enum DurationFormat {
    /// A compact duration; `–` for a missing value. (Rounded with ``Stats/roundSeconds(_:)``, which
    /// saturates: no value of a double makes it trap.)
    public static func short(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        return short(Stats.roundSeconds(seconds))
    }

    /// A compact duration of whole seconds, in integers only (through a double, `Int64.max` rounded up
    /// to 2^63 and trapped).
    public static func short(_ seconds: Int64?) -> String {
        guard let s = seconds else { return "–" }
        switch DurationRounding.shape(s) {
        case .seconds(let n): return "\(n)s"
        case .minutes(let m): return "\(m)m"
        case .hoursMinutes(let h, let m): return "\(h)h\(two(m))m"
        case .daysHours(let d, let h): return "\(d)d\(two(h))h"
        }
    }

    private static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
