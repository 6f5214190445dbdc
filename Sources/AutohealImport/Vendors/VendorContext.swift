import AutohealCore

/// What every vendor importer shares: typed field access that refuses bad input as `FILE:LINE: path: reason`,
/// and the building of events with deterministic ids.
///
/// Event ids are `<source>:<incident>:<type>@<time>`, plus `/<discriminator>` where one incident can
/// have two such events at the same instant, plus `#<severity>` on events that carry one. The same
/// export imported twice gives the same ids (all duplicates); a later export in which the vendor
/// changed an incident's severity adds the new level next to the old one (a reclassification)
/// instead of conflicting with it. A short digest of the service and attrs (`~1a2b3c4d`) ends the id
/// for the same reason: an edited text or a moved service is a new fact, never a conflict.
struct VendorContext {
    let file: String
    /// The `source` of every event: the vendor's name.
    let source: String
    private(set) var events: [LocatedEvent] = []

    init(file: String, source: String) {
        self.file = file
        self.source = source
    }

    /// An error located at `node`'s line, its reason prefixed with the JSON path.
    func fail(_ node: JSONNode, _ path: String, _ reason: String) -> ImportError {
        ImportError(file: file, line: node.line, reason: path.isEmpty ? reason : "\(path): \(reason)")
    }

    // MARK: Fields

    /// `path.key`, or `key` at the top.
    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member `key` of `object` when present and not null.
    func member(_ object: JSONNode, _ key: String) -> JSONNode? {
        guard let m = object[key], !m.isNull else { return nil }
        return m
    }

    /// An object member, refused when it is not an object; `nil` when missing or null.
    func object(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> JSONNode? {
        guard let m = member(object, key) else { return nil }
        guard m.isObject else { throw fail(m, Self.join(path, key), "must be an object") }
        return m
    }

    /// An array member, refused when it is not an array; empty when missing or null.
    func array(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> [JSONNode] {
        guard let m = member(object, key) else { return [] }
        guard let items = m.elements else { throw fail(m, Self.join(path, key), "must be an array") }
        return items
    }

    /// A string member (an integer number is accepted as its decimal text); `nil` when missing, null or
    /// empty. A number that is not an integer below 2^53 is refused: JSON numbers are doubles, so a
    /// larger one (`9007199254740993`) would arrive as another number, and `1.5` or `1e30` name nothing.
    func string(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> String? {
        guard let m = member(object, key) else { return nil }
        switch m.kind {
        case .scalar(.string(let s)): return s.isEmpty ? nil : s
        case .scalar(let number) where number.numberValue != nil:
            guard let text = number.exactIntegerText else {
                throw fail(m, Self.join(path, key), "is a number that is not an integer below 2^53, which is all JSON carries exactly; send it as a string")
            }
            return text
        default: throw fail(m, Self.join(path, key), "must be a string")
        }
    }

    /// A string member that names something (an incident, a service, a severity): no control characters.
    func label(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> String? {
        guard let s = try string(object, key, path) else { return nil }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw fail(object[key]!, Self.join(path, key), "contains a control character")
        }
        return s
    }

    /// The first of `keys` that holds a naming string.
    func label(_ object: JSONNode, anyOf keys: [String], _ path: String) throws(ImportError) -> String? {
        for key in keys { if let s = try label(object, key, path) { return s } }
        return nil
    }

    /// A required naming string.
    func requiredLabel(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> String {
        guard let s = try label(object, key, path) else { throw fail(object, path, "missing required field \"\(key)\"") }
        return s
    }

    /// `id`, read from `key` of `object`, as an incident id: in its one spelling
    /// (``IncidentID/normalized(_:)``), refused as `path.key: the incident id …` when ``IncidentID``
    /// does not allow it.
    func incidentID(_ id: String, from object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> String {
        let id = IncidentID.normalized(id)
        if let problem = IncidentID.problem(id) {
            throw fail(object[key] ?? object, Self.join(path, key), "the incident id \(problem)")
        }
        return id
    }

    /// `name`, read at `node` (JSON path `path`), as a service: in its one spelling
    /// (``ServiceName/normalized(_:)``), refused as `path: the service …` when ``ServiceName`` does not
    /// allow it (`"checkout "`, `"check\u{200B}out"`, `"  "`).
    func serviceName(_ name: String, at node: JSONNode, _ path: String) throws(ImportError) -> String {
        let name = ServiceName.normalized(name)
        if let problem = ServiceName.problem(name) { throw fail(node, path, "the service \(problem)") }
        return name
    }

    /// A naming string member read as a service (``serviceName(_:at:_:)``); `nil` when missing,
    /// null or empty.
    func service(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> String? {
        guard let s = try label(object, key, path) else { return nil }
        return try serviceName(s, at: object[key] ?? object, Self.join(path, key))
    }

    /// The first of `keys` that holds a naming string, read as a service.
    func service(_ object: JSONNode, anyOf keys: [String], _ path: String) throws(ImportError) -> String? {
        for key in keys { if let s = try service(object, key, path) { return s } }
        return nil
    }

    /// An RFC 3339 time member (a zone offset is required); `nil` when missing or null.
    func time(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> Timestamp? {
        guard let m = member(object, key) else { return nil }
        guard let text = m.stringValue else { throw fail(m, Self.join(path, key), "must be an RFC 3339 time string") }
        do { return try RFC3339.parse(text) } catch { throw fail(m, Self.join(path, key), error.description) }
    }

    /// A required RFC 3339 time member.
    func requiredTime(_ object: JSONNode, _ key: String, _ path: String) throws(ImportError) -> Timestamp {
        guard let t = try time(object, key, path) else { throw fail(object, path, "missing required field \"\(key)\"") }
        return t
    }

    // MARK: Events

    /// Appends an event with a deterministic id, located at `line`.
    mutating func add(_ type: EventType, incident: String, at: Timestamp, line: Int, discriminator: String? = nil,
                      service: String?, severity: String? = nil, attrs: JSONValue? = nil) {
        var cleanAttrs = attrs
        if case .object(let o)? = attrs, o.isEmpty { cleanAttrs = nil }
        var id = "\(source):\(incident):\(type.rawValue)@\(at)"
        if let discriminator { id += "/" + discriminator }
        if let severity { id += "#" + severity }
        if service != nil || cleanAttrs != nil {
            let content = (service ?? "") + "\u{1F}" + (cleanAttrs?.canonicalJSON ?? "null")
            id += "~" + SHA256.hex(of: Array(content.utf8)).prefix(8)
        }
        let event = Event(id: id, incident: incident, type: type, at: at, service: service, severity: severity,
                          source: source, attrs: cleanAttrs)
        events.append(LocatedEvent(event: event, file: file, line: line))
    }
}

extension VendorContext {
    /// The records of a vendor collection in `roots`, each with its JSON path: the elements of a bare
    /// array, of `list` in an object, the `single` member of an object, or an object that `isItem` accepts.
    func records(_ roots: [JSONNode], list: String, single: String? = nil,
                 isItem: (JSONNode) -> Bool = { _ in false }) throws(ImportError) -> [(node: JSONNode, path: String)] {
        var out: [(JSONNode, String)] = []
        for root in roots {
            let items: [(JSONNode, String)]
            if let elements = root.elements {
                items = elements.enumerated().map { ($0.element, "[\($0.offset)]") }
            } else if root.isObject, root.has(list) {
                items = try array(root, list, "").enumerated().map { ($0.element, "\(list)[\($0.offset)]") }
            } else if root.isObject, let single, let one = member(root, single) {
                items = [(one, single)]
            } else if root.isObject, isItem(root) || root[list] != nil {
                items = root[list] != nil ? [] : [(root, "")]
            } else {
                throw fail(root, "", "expected \(single.map { "an object with \"\(list)\" or \"\($0)\"" } ?? "an object with \"\(list)\"") or an array")
            }
            for (node, path) in items {
                guard node.isObject else { throw fail(node, path, "must be an object") }
                out.append((node, path))
            }
        }
        return out
    }
}
