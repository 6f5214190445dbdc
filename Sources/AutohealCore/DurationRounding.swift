/// Durations shown to a person are rounded to the last unit shown, half up — never cut down, which
/// would make every table and brief read up to a unit friendlier than the exact seconds in the JSON.
public enum DurationRounding {
    /// `seconds` in whole `unit`s (60 for minutes, 3600 for hours), half up; saturating, so the largest
    /// values are cut down instead of trapping.
    public static func whole(_ seconds: Int64, _ unit: Int64) -> Int64 {
        let (up, overflow) = seconds.addingReportingOverflow(unit / 2)
        return (overflow ? seconds : up) / unit
    }
}
