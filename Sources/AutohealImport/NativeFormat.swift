import AutohealCore

/// The native event format: NDJSON (one object a line) or a JSON array of objects.
public enum NativeFormat {
    static let knownFields: Set<String> = ["id", "incident", "type", "at", "service", "severity", "source", "attrs"]

    /// Whether a parsed object looks like a native event.
    public static func looksNative(_ object: JSONValue) -> Bool {
        guard case .object(let o) = object else { return false }
        return o["incident"] != nil && o["type"] != nil && o["at"] != nil
    }

    /// Parses NDJSON or a JSON array into located events, refusing the whole input at its first bad line.
    /// `ownTypes`: also accept the types autoheal records itself (the demo's sample ledger); `import`
    /// refuses them.
    public static func parse(_ bytes: [UInt8], file: String, ownTypes: Bool = false) throws(ImportError) -> [LocatedEvent] {
        var out: [LocatedEvent] = []
        try parse(bytes, file: file, ownTypes: ownTypes) { out.append(contentsOf: $0) }
        return out
    }

    /// Parses like `parse(_:file:)`, handing events over in batches as they are read, so a caller can
    /// store them while the rest is still being parsed. On a bad line it throws; batches already handed
    /// over must then be discarded (the importer does so by rolling its transaction back).
    /// `progress` receives the number of bytes parsed so far after each batch.
    public static func parse(_ bytes: [UInt8], file: String, ownTypes: Bool = false, batchSize: Int = 4096,
                             progress: ((Int) -> Void)? = nil, emit: ([LocatedEvent]) -> Void) throws(ImportError) {
        var out: [LocatedEvent] = []
        out.reserveCapacity(batchSize)
        var position = 0
        func add(_ e: LocatedEvent) {
            out.append(e)
            if out.count == batchSize {
                emit(out)
                out.removeAll(keepingCapacity: true)
                progress?(position)
            }
        }
        var failure: ImportError?
        bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(bytes: buf)
            do throws(JSONParser.SyntaxError) {
                if p.peek() == UInt8(ascii: "[") {
                    _ = p.consume(UInt8(ascii: "["))
                    if !p.consume(UInt8(ascii: "]")) {
                        repeat {
                            _ = p.peek()
                            let line = p.line, start = p.index
                            let value = try p.parseValue()
                            position = p.index
                            // A pretty-printed object spans lines: errors about a field point at its line.
                            let event = try decode(value, line: line, ownTypes: ownTypes) { key in
                                keyLine(key, in: UnsafeBufferPointer(rebasing: buf[start..<position]), firstLine: line)
                            }
                            add(LocatedEvent(event: event, file: file, line: line))
                        } while p.consume(UInt8(ascii: ","))
                        try p.expect(UInt8(ascii: "]"), "',' or ']' after an event")
                    }
                    guard p.atEnd() else { throw p.fail("unexpected content after the JSON array") }
                } else {
                    while !p.atEnd() {
                        let line = p.line
                        let value: JSONValue
                        do throws(JSONParser.SyntaxError) { value = try p.parseValue() } catch {
                            // The line ended inside the object (a truncated line, or an object split
                            // over lines): said at the line it started on.
                            guard error.line > line else { throw error }
                            throw JSONParser.SyntaxError(line: line, reason: "\(error.reason) (the object starting on this line does not end on it; NDJSON is one object a line)")
                        }
                        if p.line != line {
                            throw JSONParser.SyntaxError(line: line, reason: "the object starting on this line ends on line \(p.line): NDJSON is one object a line (or send a JSON array)")
                        }
                        position = p.index
                        add(LocatedEvent(event: try decode(value, line: line, ownTypes: ownTypes), file: file, line: line))
                        if let next = p.peek(), p.line == line, next != UInt8(ascii: "\n") {
                            throw p.fail("one JSON object per line expected")
                        }
                    }
                }
            } catch {
                failure = ImportError(file: file, line: error.line, reason: error.reason)
            }
        }
        if let failure { throw failure }
        if !out.isEmpty { emit(out) }
    }

    /// Validates one native event object on `line`; an error about one field is reported on
    /// `fieldLine(key)` when that knows the field's own line.
    /// `ownTypes` also accepts the types autoheal records itself (`prevention.landed`, …), which
    /// `import` refuses; only code that writes autoheal's own records passes it.
    public static func decode(_ value: JSONValue, line: Int, ownTypes: Bool = false,
                              fieldLine: (String) -> Int? = { _ in nil }) throws(JSONParser.SyntaxError) -> Event {
        func bad(_ reason: String, field: String? = nil) -> JSONParser.SyntaxError {
            .init(line: field.flatMap(fieldLine) ?? line, reason: reason)
        }
        guard case .object(let o) = value else { throw bad("an event must be a JSON object") }
        if let unknown = o.keys.sorted().first(where: { !knownFields.contains($0) }) {
            throw bad("unknown field \"\(unknown)\" (fields: id, incident, type, at, service, severity, source, attrs)", field: unknown)
        }
        func string(_ key: String, required: Bool) throws(JSONParser.SyntaxError) -> String? {
            switch o[key] {
            case nil, .null?:
                if required { throw bad("missing required field \"\(key)\"") }
                return nil
            case .string(let s)?:
                if s.isEmpty { throw bad("field \"\(key)\" is empty", field: key) }
                if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    throw bad("field \"\(key)\" contains a control character", field: key)
                }
                return s
            case .number? where key == "id":
                // JSON numbers are read as doubles: only integers below 2^53 come through exactly, so a
                // larger one (a 64-bit snowflake id) would silently become another id.
                guard let text = o[key]?.exactIntegerText else {
                    throw bad("field \"id\" is a number that is not an integer below 2^53, which is all JSON carries exactly; send it as a string", field: key)
                }
                return text
            default:
                throw bad("field \"\(key)\" must be a string", field: key)
            }
        }
        // One spelling per id: `cafe\u{301}` and `café` are the same incident (see IncidentID.normalized).
        let incident = IncidentID.normalized(try string("incident", required: true)!)
        if let problem = IncidentID.problem(incident) { throw bad("field \"incident\" \(problem)", field: "incident") }
        // Services follow the same rule: `"checkout "` would be a second service printed as `checkout`.
        let service = ServiceName.normalized(try string("service", required: false))
        if let service, let problem = ServiceName.problem(service) { throw bad("field \"service\" \(problem)", field: "service") }
        let typeName = try string("type", required: true)!
        let atText = try string("at", required: true)!
        let type = EventType(typeName)
        guard ownTypes ? type.isAccepted : type.isImportable else {
            if EventType.internalTypes.contains(type) {
                throw bad("\(typeName) is recorded by autoheal itself (from git, `prevent`, `link`, `land`), not imported", field: "type")
            }
            throw bad(typeName == "x-" ? "event type \"x-\" needs a name after the \"x-\" (e.g. x-deploy.started)"
                                       : "unknown event type \"\(typeName)\" (extension types start with \"x-\")", field: "type")
        }
        let at: Timestamp
        do { at = try RFC3339.parse(atText) } catch { throw bad("field \"at\": \(error)", field: "at") }
        let severity = try string("severity", required: false)
        if type.requiresSeverity, severity == nil { throw bad("\(typeName) needs a \"severity\"") }
        var attrs: JSONValue?
        switch o["attrs"] {
        case nil, .null?: attrs = nil
        case .object(let a)?:
            // `watched` decides which alert starts the friendlier detection reading: a string "false"
            // would silently read as watched.
            if let w = a["watched"], w.boolValue == nil {
                throw bad("attrs.watched must be true or false (a JSON boolean)", field: "attrs")
            }
            // The hints `link` follows (CONTRACT's shapes): a `deploy` given as a string or a
            // `fix_commit` as an array would be stored and then read as naming nothing.
            if type == .rootcauseIdentified, let problem = RootCauseHints.shapeProblem(a) {
                throw bad("\(problem) (rootcause.identified hints)", field: "attrs")
            }
            attrs = a.isEmpty ? nil : .object(a)
        default: throw bad("field \"attrs\" must be an object", field: "attrs")
        }
        return Event(id: try string("id", required: false), incident: incident, type: type, at: at,
                     service: service, severity: severity,
                     source: try string("source", required: false), attrs: attrs)
    }

    /// The line of `key` among the top-level keys of the JSON object in `bytes` (which starts on
    /// `firstLine`), or nil when it is not there. Strings are skipped whole, so a nested object's key or a
    /// value that looks like the key is not taken for it.
    static func keyLine(_ key: String, in bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) -> Int? {
        let wanted = Array(key.utf8)
        var line = firstLine, depth = 0, i = 0, expectingKey = false
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingKey = depth == 1 && b == UInt8(ascii: "{")
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","): expectingKey = depth == 1
            case UInt8(ascii: "\""):
                let start = i + 1
                i = start
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                if expectingKey, depth == 1, i <= bytes.count, Array(bytes[start..<min(i, bytes.count)]) == wanted { return line }
                expectingKey = false
            default: break
            }
            i += 1
        }
        return nil
    }
}
