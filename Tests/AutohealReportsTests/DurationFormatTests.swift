import AutohealCore
import AutohealReports
import Testing

@Suite("Short durations")
struct DurationFormatTests {
    @Test("Whole seconds in each unit", arguments: [
        (45, "45s"), (17 * 60, "17m"), (3900, "1h05m"), (3 * 86_400 + 7200, "3d02h"), (3_153_600_000, "36500d00h"),
    ] as [(Int64, String)])
    func units(seconds: Int64, text: String) {
        #expect(DurationFormat.short(seconds) == text)
        #expect(DurationFormat.short(Double(seconds)) == text)
    }

    /// Whole seconds went through a double: from 2^63−512 up they rounded to 2^63, and converting that back
    /// trapped (`config`, `review` and the HTML report died with a target of 9223372036854775807s).
    @Test("No number of seconds, whole or not, makes it trap")
    func extremes() {
        #expect(DurationFormat.short(Int64.max) == "106751991167300d15h")
        #expect(DurationFormat.short(Int64.max - 511) == "106751991167300d15h")
        #expect(DurationFormat.short(Optional<Int64>.none) == "–")
        #expect(DurationFormat.short(9.3e18) == "106751991167300d15h")
        #expect(DurationFormat.short(Double.infinity) == "106751991167300d15h")
        #expect(DurationFormat.short(Double.nan) == "0s")
        #expect(Stats.roundSeconds(9.3e18) == Int64.max)
        #expect(Stats.roundSeconds(-9.3e18) == Int64.min)
        #expect(Stats.roundSeconds(-9_223_372_036_854_775_808.0) == Int64.min)
        #expect(Stats.roundSeconds(2.5) == 3)
        #expect(Stats.roundSeconds(-2.5) == -3)
    }
}
