/// Durations shown to a person are rounded to the last unit shown, half up — never cut down, which
/// would make every table and brief read up to a unit friendlier than the exact seconds in the JSON.
public enum DurationRounding {
    /// The units a duration is shown in: seconds alone, minutes alone, hours and minutes, days and hours.
    public enum Shape: Equatable, Sendable {
        case seconds(Int64)
        case minutes(Int64)
        case hoursMinutes(Int64, Int64)
        case daysHours(Int64, Int64)
    }

    /// `seconds` (at least 0) in the units it is shown in, its last unit rounded half up: 3,593 s is
    /// 1 h 00 m, not 59 m; 86,399 s is 1 d 00 h.
    public static func shape(_ seconds: Int64) -> Shape {
        if seconds < 60 { return .seconds(seconds) }
        let minutes = whole(seconds, 60)
        if minutes < 60 { return .minutes(minutes) }
        if minutes < 1440 { return .hoursMinutes(minutes / 60, minutes % 60) }
        let hours = whole(seconds, 3600)
        return .daysHours(hours / 24, hours % 24)
    }

    /// `seconds` in whole `unit`s (60 for minutes, 3600 for hours), half up; saturating, so the largest
    /// values are cut down instead of trapping.
    public static func whole(_ seconds: Int64, _ unit: Int64) -> Int64 {
        let (up, overflow) = seconds.addingReportingOverflow(unit / 2)
        return (overflow ? seconds : up) / unit
    }
}
