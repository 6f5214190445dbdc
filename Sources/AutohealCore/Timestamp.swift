/// An instant, in whole microseconds since the Unix epoch (UTC).
///
/// Kept as an integer so that fractional seconds survive a round trip through the store exactly and
/// durations are computed without floating-point drift.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// An instant a whole number of seconds after the epoch.
    public init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// Whole seconds from `self` to `later`, rounded toward zero (may be negative).
    public func seconds(until later: Timestamp) -> Int64 {
        (later.microseconds - microseconds) / 1_000_000
    }

    /// The instant `seconds` later.
    public func adding(seconds: Int64) -> Timestamp { Timestamp(microseconds: microseconds + seconds * 1_000_000) }

    /// RFC 3339 in UTC, e.g. `2026-11-03T02:00:00Z`, with fractional digits only when present.
    public var description: String { RFC3339.format(self) }
}
