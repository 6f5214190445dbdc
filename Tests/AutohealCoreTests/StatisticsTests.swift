import AutohealCore
import Testing

@Suite("Statistics")
struct StatisticsTests {
    @Test("Median, p90 and mean match hand-computed (numpy linear) values")
    func summary() {
        // numpy.percentile([60, 120, 300, 900, 3600], [50, 90]) == [300, 2520]; mean 996
        let s = Summary([900, 60, 3600, 300, 120])
        #expect(s.n == 5)
        #expect(s.median == 300)
        #expect(s.p90 == 2520)
        #expect(s.mean == 996)
        // Even count: numpy.percentile([10, 20, 30, 40], [50, 90]) == [25, 37]
        let e = Summary([40, 10, 30, 20])
        #expect(e.median == 25)
        #expect(abs(e.p90! - 37) < 1e-9)
    }

    @Test("Statistics are null where n is 0")
    func empty() {
        let s = Summary([])
        #expect(s.n == 0 && s.median == nil && s.p90 == nil && s.mean == nil)
        #expect(s.json["median"] == .null)
    }

    @Test("One value is its own median and p90")
    func single() {
        let s = Summary([42])
        #expect(s.median == 42 && s.p90 == 42 && s.mean == 42)
    }

    @Test("Kaplan–Meier with censoring matches a hand computation")
    func kaplanMeier() {
        // times: 2 (event), 3 (censored), 4 (event), 4 (event), 6 (censored), 8 (event)
        // S(2) = 5/6; at 4: at risk 4, 2 events → 5/6 * 2/4 = 0.41667; at 8: 1 at risk → 0.
        let km = KaplanMeier([.init(time: 2, event: true), .init(time: 3, event: false), .init(time: 4, event: true),
                              .init(time: 4, event: true), .init(time: 6, event: false), .init(time: 8, event: true)])
        #expect(km.steps.count == 3)
        #expect(abs(km.steps[0].survival - 5.0 / 6.0) < 1e-12)
        #expect(abs(km.steps[1].survival - 5.0 / 12.0) < 1e-12)
        #expect(km.steps[2].survival == 0)
        #expect(km.median == 4)
        #expect(km.survival(at: 3) == 5.0 / 6.0)
    }

    @Test("Ties between events and censorings count the events first")
    func ties() {
        // At t=5: 2 events and 1 censoring among 4 at risk → S = 1 - 2/4 = 0.5, median 5.
        let km = KaplanMeier([.init(time: 5, event: true), .init(time: 5, event: true), .init(time: 5, event: false), .init(time: 9, event: false)])
        #expect(km.steps.count == 1)
        #expect(km.steps[0].atRisk == 4)
        #expect(km.steps[0].survival == 0.5)
        #expect(km.median == 5)
    }

    @Test("All censored: no median, and the curve stays at 1")
    func allCensored() {
        let km = KaplanMeier([.init(time: 3, event: false), .init(time: 10, event: false)])
        #expect(km.median == nil)
        #expect(km.steps.isEmpty)
        #expect(km.survival(at: 100) == 1)
    }

    @Test("The median stays null while the curve has not reached 0.5")
    func notReached() {
        // 1 landed of 4: S = 0.75 after t=1.
        let km = KaplanMeier([.init(time: 1, event: true), .init(time: 2, event: false), .init(time: 2, event: false), .init(time: 2, event: false)])
        #expect(km.median == nil)
        #expect(KaplanMeier([]).median == nil)
    }

    @Test("Without censoring the KM median is the first time half have landed")
    func noCensoring() {
        let km = KaplanMeier([1, 2, 3, 4].map { .init(time: $0, event: true) })
        #expect(km.median == 2)
    }
}
