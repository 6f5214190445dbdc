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
        return IncidentID.sorted(order.map { Incident(id: $0, events: byID[$0]!) })
    }

    public init(id: String, events: [Event]) {
        self.id = id
        var sorted = true
        for i in events.indices.dropFirst() where events[i].at < events[i - 1].at { sorted = false; break }
        self.events = sorted ? events : events.enumerated().sorted { a, b in
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

    /// When the incident started, for ordering incidents (which is earlier, for related incidents): its
    /// earliest event that ``EventType/marksIncidentStart``, else its earliest event of any type.
    public var firstSeen: Timestamp? {
        events.lazy.filter { $0.type.marksIncidentStart }.map(\.at).min() ?? events.map(\.at).min()
    }

    /// Whether the incident is known only from `x-` extension events (and autoheal's own records): no
    /// event that ``EventType/marksIncidentStart``. Extension events are stored and ignored, so such an
    /// incident is no incident for the clocks: `incidents` does not list it and no report counts it;
    /// `show` still shows its stored events.
    public var isExtensionOnly: Bool { !events.contains { $0.type.marksIncidentStart } }

    /// The latest root-cause link autoheal recorded, as stored JSON.
    public var link: JSONValue? { events.last(where: { $0.type == .rootcauseLinked })?.attrs }

    /// The attrs of the latest `rootcause.identified` (by time) that names something to link: a later one
    /// that only refines the summary does not hide the commits, frames or paths an earlier one gave.
    /// Empty strings, and values of the wrong shape, name nothing: the event is read as `link` reads it
    /// (``RootCauseHints``), so the event picked is one whose hints `link` can follow.
    public var identifiedHints: JSONValue? {
        events.last { e in
            guard e.type == .rootcauseIdentified, let a = e.attrs else { return false }
            return !RootCauseHints(attrs: a).isEmpty
        }?.attrs
    }

    /// The keys of `rootcause.identified` attrs that name code to link.
    public static let hintKeys = RootCauseHints.keys
}

/// Ordering of incident ids: `INC-9` before `INC-10`.
public enum IncidentID {
    /// Whether `a` sorts before `b`: by prefix, then by trailing number, then textually.
    public static func less(_ a: String, _ b: String) -> Bool {
        let ka = key(a), kb = key(b)
        if ka.prefix != kb.prefix { return a < b }
        if ka.number != kb.number { return ka.number < kb.number }
        return a < b
    }

    /// Incidents in id order, computing each sort key once.
    public static func sorted(_ incidents: [Incident]) -> [Incident] {
        sorted(incidents, by: \.id)
    }

    /// Anything carrying an incident id, in id order, computing each sort key once.
    public static func sorted<T>(_ items: [T], by id: (T) -> String) -> [T] {
        let ids = items.map(id)
        let keys = ids.map { key($0) }
        return items.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.prefix != b.prefix { return ids[i] < ids[j] }
            if a.number != b.number { return a.number < b.number }
            return ids[i] < ids[j]
        }.map { items[$0] }
    }

    /// The id split into its text before the trailing digits and the number they spell (-1 when none).
    static func key(_ s: String) -> (prefix: Substring, number: Int) {
        let u = s.utf8
        var i = u.endIndex
        var digits = 0
        while i > u.startIndex {
            let j = u.index(before: i)
            guard u[j] >= 48, u[j] <= 57 else { break }
            i = j
            digits += 1
        }
        guard digits > 0, digits < 18 else { return (Substring(s), -1) }
        var n = 0
        for b in u[i...] { n = n * 10 + Int(b - 48) }
        return (Substring(s)[..<i], n)
    }
}
