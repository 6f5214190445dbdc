/// One lifecycle stamp of an incident, as the SRE agent, an incident tool or autoheal recorded it.
///
/// Events are immutable facts: the ledger only ever appends them, and everything autoheal shows is
/// derived from them.
public struct Event: Hashable, Sendable {
    /// The sender's id, if it gave one.
    public var id: String?
    public var incident: String
    public var type: EventType
    public var at: Timestamp
    public var service: String?
    public var severity: String?
    public var source: String?
    public var attrs: JSONValue?

    public init(id: String? = nil, incident: String, type: EventType, at: Timestamp, service: String? = nil,
                severity: String? = nil, source: String? = nil, attrs: JSONValue? = nil) {
        self.id = id
        self.incident = incident
        self.type = type
        self.at = at
        self.service = service
        self.severity = severity
        self.source = source
        self.attrs = attrs
    }

    /// The identity that makes re-importing idempotent: `id:<id>` when the sender gave one, else
    /// `h:<sha256>` of (incident, type, at, source, attrs) in canonical form.
    public var identity: String {
        if let id { return "id:" + id }
        var material = incident
        material += "\u{1F}" + type.rawValue
        material += "\u{1F}" + at.description
        material += "\u{1F}" + (source ?? "")
        material += "\u{1F}" + (attrs?.canonicalJSON ?? "null")
        return "h:" + SHA256.hex(of: Array(material.utf8))
    }

    /// The event as a JSON object in the native import format (so an export can be re-imported).
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "incident": .string(incident), "type": .string(type.rawValue), "at": .string(at.description),
        ]
        if let id { o["id"] = .string(id) }
        if let service { o["service"] = .string(service) }
        if let severity { o["severity"] = .string(severity) }
        if let source { o["source"] = .string(source) }
        if let attrs { o["attrs"] = attrs }
        return .object(o)
    }
}
