/// The Kaplan–Meier estimator of a survival curve with right-censored observations.
///
/// Used for time to prevention: an incident whose fix has not landed is *censored* at the moment the
/// report is taken, so still-open work pulls the median up instead of disappearing from it.
public struct KaplanMeier: Hashable, Sendable {
    /// One observation: a duration, and whether the event (a landing) happened at its end.
    public struct Observation: Hashable, Sendable {
        public var time: Double
        public var event: Bool
        public init(time: Double, event: Bool) { self.time = time; self.event = event }
    }

    /// A step of the curve: survival just after `time`.
    public struct Step: Hashable, Sendable {
        public var time: Double
        public var survival: Double
        public var atRisk: Int
        public var events: Int
    }

    /// The curve's steps at each distinct event time, in time order.
    public let steps: [Step]

    /// Estimates the curve. At tied times events are counted before censorings, the usual convention.
    public init(_ observations: [Observation]) {
        let sorted = observations.sorted { $0.time < $1.time }
        var atRisk = sorted.count
        var survival = 1.0
        var steps: [Step] = []
        var i = 0
        while i < sorted.count {
            let t = sorted[i].time
            var events = 0, total = 0
            while i < sorted.count, sorted[i].time == t {
                if sorted[i].event { events += 1 }
                total += 1
                i += 1
            }
            if events > 0 {
                survival *= 1 - Double(events) / Double(atRisk)
                steps.append(Step(time: t, survival: survival, atRisk: atRisk, events: events))
            }
            atRisk -= total
        }
        self.steps = steps
    }

    /// The median: the earliest time the survival curve reaches 0.5 or below; `nil` while it has not.
    public var median: Double? { quantile(0.5) }

    /// The earliest time at which at least `p` of the population has had the event.
    public func quantile(_ p: Double) -> Double? {
        steps.first { $0.survival <= 1 - p + 1e-12 }?.time
    }

    /// Survival at time `t` (1 before the first event).
    public func survival(at t: Double) -> Double {
        steps.last { $0.time <= t }?.survival ?? 1
    }
}
