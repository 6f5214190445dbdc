/// An incident: every event recorded under one incident id, in time order.
public struct Incident: Hashable, Sendable {
    public var id: String
    /// Events sorted by time; ties keep the order they were recorded in.
    public var events: [Event]

    /// Groups events by incident id; each incident's events are stably sorted by time.
    public static func group(_ events: [Event]) -> [Incident] {
        var byID: [String: [Event]] = [:]
        var order: [String] = []
        for e in events {
            if byID[e.incident] == nil { order.append(e.incident) }
            byID[e.incident, default: []].append(e)
        }
        return order.map { Incident(id: $0, events: byID[$0]!) }.sorted { IncidentID.less($0.id, $1.id) }
    }

    public init(id: String, events: [Event]) {
        self.id = id
        self.events = events.enumerated().sorted { a, b in
            a.element.at == b.element.at ? a.offset < b.offset : a.element.at < b.element.at
        }.map(\.element)
    }

    /// The service: the earliest event that names one.
    public var service: String? { events.first(where: { $0.service != nil })?.service }

    /// A title from the declaration or root-cause summary, when the sender gave one.
    public var title: String? {
        for type in [EventType.incidentDeclared, .rootcauseIdentified, .alertFired] {
            for e in events where e.type == type {
                if let t = e.attrs?["title"]?.stringValue ?? e.attrs?["summary"]?.stringValue { return t }
            }
        }
        return nil
    }

    /// The earliest event of `type`.
    public func first(_ type: EventType) -> Event? { events.first { $0.type == type } }

    /// Every event of `type`, in time order.
    public func all(_ type: EventType) -> [Event] { events.filter { $0.type == type } }

    /// When the incident was first declared, if ever.
    public var declaredAt: Timestamp? { first(.incidentDeclared)?.at }

    /// Never declared: an undeclared episode, counted in its own column.
    public var isUndeclared: Bool { declaredAt == nil }

    /// Found after the fact (`incident.discovered`).
    public var isRetroactive: Bool { first(.incidentDiscovered) != nil }

    public var severity: SeverityHistory { SeverityHistory(events: events) }

    /// The latest root-cause link autoheal recorded, as stored JSON.
    public var link: JSONValue? { all(.rootcauseLinked).last?.attrs }
}

/// Ordering of incident ids: `INC-9` before `INC-10`.
public enum IncidentID {
    public static func less(_ a: String, _ b: String) -> Bool {
        let (pa, na) = split(a), (pb, nb) = split(b)
        if pa != pb { return a < b }
        if na != nb { return na < nb }
        return a < b
    }

    private static func split(_ s: String) -> (String, Int) {
        let digits = s.reversed().prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count < 18 else { return (s, -1) }
        return (String(s.dropLast(digits.count)), Int(String(digits.reversed())) ?? -1)
    }
}
