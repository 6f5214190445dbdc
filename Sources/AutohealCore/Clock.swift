/// The stamp one end of a clock was taken from.
public struct Stamp: Hashable, Sendable {
    public var type: EventType
    public var at: Timestamp
    /// Taken from a later step of the chain than the first.
    public var fallback: Bool

    public var json: JSONValue { ["type": .string(type.rawValue), "at": .string(at.description), "fallback": .bool(fallback)] }
}

/// A clock reading: start, stop and the seconds between.
///
/// A stop earlier than its start never yields a negative number: `seconds` is `nil` and `anomaly`
/// says `stop_before_start`, and the reading stays out of every statistic.
public struct Clock: Hashable, Sendable {
    public var start: Stamp?
    public var stop: Stamp?

    public init(start: Stamp?, stop: Stamp?) {
        self.start = start
        self.stop = stop
    }

    /// Whole seconds from start to stop, when both exist and stop is not earlier.
    public var seconds: Int64? {
        guard let start, let stop, stop.at >= start.at else { return nil }
        return start.at.seconds(until: stop.at)
    }

    /// Either stamp came from a fallback.
    public var fallback: Bool { (start?.fallback ?? false) || (stop?.fallback ?? false) }

    /// `stop_before_start` when the stop stamp precedes the start stamp.
    public var anomaly: String? {
        guard let start, let stop, stop.at < start.at else { return nil }
        return "stop_before_start"
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "start": start.map { $0.json } ?? .null, "stop": stop.map { $0.json } ?? .null,
            "seconds": JSONValue(seconds), "fallback": .bool(fallback),
        ]
        if let anomaly { o["anomaly"] = .string(anomaly) }
        return .object(o)
    }
}

extension Chain {
    /// The stamp this chain picks from time-ordered `events`: the first step with any event wins and
    /// its earliest event is the stamp.
    public func stamp(in events: [Event]) -> Stamp? {
        for (index, step) in steps.enumerated() {
            if let e = events.first(where: { step.anyOf.contains($0.type) }) {
                return Stamp(type: e.type, at: e.at, fallback: index > 0)
            }
        }
        return nil
    }
}
