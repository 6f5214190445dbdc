@testable import AutohealCLI
import Testing

/// The review table's DUE cell beside AGE and TARGET.
@Suite("Review DUE")
struct ReviewDueTests {
    static let day: Int64 = 86_400, hour: Int64 = 3600, minute: Int64 = 60
    static let cases: [(age: Int64, target: Int64, due: String)] = [
        (12 * day + 8 * hour + 35 * minute + 53, 30 * day, "in 17d16h"),
        (3 * hour + 20 * minute + 7, day, "in 20h40m"),
        (30, 90, "in 1m"),
        (day, day, "in 0s"),
        (day + 1, day, "1s late"),
        (3 * day + 5 * hour + 59 * minute, day, "2d05h late"),
    ]

    /// AGE is cut down to the unit shown; the time left was cut down too, so the two fell short of TARGET
    /// (12d08h and "in 17d15h" under 30d00h).
    @Test("AGE and the time left add up to TARGET as shown")
    func dueAddsUp() {
        for c in Self.cases {
            #expect(ReviewCommand.due(ageSeconds: c.age, targetSeconds: c.target) == c.due, "\(c)")
        }
    }
}
