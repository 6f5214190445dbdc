import AutohealCore

/// Short human durations for tables: `45s`, `17m`, `1h05m`, `3d02h`.
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
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h\(two(s % 3600 / 60))m" }
        return "\(s / 86_400)d\(two(s % 86_400 / 3600))h"
    }

    private static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
