@testable import AutohealCLI
import AutohealPrevent
import AutohealReports
import Testing

/// The review table's DUE cell beside AGE and TARGET.
@Suite("Review DUE")
struct ReviewDueTests {
    static let day: Int64 = 86_400, hour: Int64 = 3600, minute: Int64 = 60
    static let cases: [(age: Int64, target: Int64, due: String)] = [
        (12 * day + 8 * hour + 35 * minute + 53, 30 * day, "in 17d15h"),
        (3 * hour + 20 * minute + 7, day, "in 20h40m"),
        (30, 90, "in 1m"),
        (day, day, "in 0s"),
        (day + 1, day, "1s late"),
        (3 * day + 5 * hour + 59 * minute, day, "2d06h late"),
    ]

    /// AGE and the time left were both cut down to the unit shown, so the two fell short of TARGET
    /// (12d08h and "in 17d15h" under 30d00h). Both are rounded half up now: 12d09h and "in 17d15h".
    @Test("AGE and the time left add up to TARGET as shown")
    func dueAddsUp() {
        for c in Self.cases {
            #expect(ReviewCommand.due(ageSeconds: c.age, targetSeconds: c.target) == c.due, "\(c)")
        }
        #expect(DurationFormat.short(Int64(12 * Self.day + 8 * Self.hour + 35 * Self.minute + 53)) == "12d09h")
    }

    /// Tables and briefs cut durations down, so every figure read up to a unit friendlier than the exact
    /// seconds in the JSON (3,593 s as `59m`, 1,725 s as `28m`, 3d23h59m as `3d23h`).
    @Test("Durations shown to a person are rounded half up to the last unit shown")
    func durationsRoundHalfUp() {
        #expect(DurationFormat.short(Int64(3593)) == "1h00m")
        #expect(DurationFormat.short(Int64(1725)) == "29m")
        #expect(DurationFormat.short(Int64(1709)) == "28m")
        #expect(DurationFormat.short(Int64(86_399)) == "1d00h")
        #expect(DurationFormat.short(Int64(3 * Self.day + 23 * Self.hour + 59 * Self.minute)) == "4d00h")
        #expect(DurationFormat.short(Int64(59)) == "59s")
        #expect(DurationFormat.short(Int64.max).hasSuffix("h"), "no trap at the top")
        #expect(Duration.text(3593) == "1h" && Duration.text(5400) == "1h 30m" && Duration.text(86_399) == "1d")
    }
}
