import AutohealCore

/// The input formats `autoheal import --format` accepts.
public enum ImportFormat: String, CaseIterable, Sendable {
    case auto, autoheal, pagerduty, pagerdutyWebhook = "pagerduty-webhook", alertmanager, statuspage, opsgenie, incidentio

    /// Parses `bytes` from `file` in this format (detecting it when `.auto`) into located events.
    /// Bad input is refused whole: nothing is returned, and the error names the line (and, for an
    /// incident tool's export, the JSON path) of the first problem.
    public func parse(_ bytes: [UInt8], file: String) throws(ImportError) -> [LocatedEvent] {
        switch self {
        case .auto:
            return try Self.detect(bytes, file: file).parse(bytes, file: file)
        case .autoheal:
            return try NativeFormat.parse(bytes, file: file)
        default:
            let roots: [JSONNode]
            do { roots = try JSONNodeParser.parseAll(bytes) } catch {
                throw ImportError(file: file, line: error.line, reason: error.reason)
            }
            guard !roots.isEmpty else { return [] }
            let events: [LocatedEvent]
            switch self {
            case .pagerduty: events = try PagerDutyImporter.parse(roots, file: file)
            case .pagerdutyWebhook: events = try PagerDutyWebhookImporter.parse(roots, file: file)
            case .alertmanager: events = try AlertmanagerImporter.parse(roots, file: file)
            case .statuspage: events = try StatuspageImporter.parse(roots, file: file)
            case .opsgenie: events = try OpsgenieImporter.parse(roots, file: file)
            default: events = try IncidentIOImporter.parse(roots, file: file)
            }
            return try Self.checkedNames(events)
        }
    }

    /// Refuses an event whose incident id ``IncidentID`` does not allow, or whose service
    /// ``ServiceName`` does not, at the line of its record: a backstop, as every importer checks (and
    /// normalises) its ids and services where it reads them, with the JSON path.
    static func checkedNames(_ events: [LocatedEvent]) throws(ImportError) -> [LocatedEvent] {
        for e in events {
            if let problem = IncidentID.problem(e.event.incident) {
                throw ImportError(file: e.file, line: e.line, reason: "the incident id \(problem)")
            }
            if let service = e.event.service, let problem = ServiceName.problem(service) {
                throw ImportError(file: e.file, line: e.line, reason: "the service \(problem)")
            }
        }
        return events
    }

    /// Parses like `parse(_:file:)`, handing events over in batches as they are read (the native format
    /// streams; an incident tool's export arrives as one batch).
    /// `progress` receives the number of bytes of `bytes` parsed so far.
    public func parse(_ bytes: [UInt8], file: String, progress: ((Int) -> Void)? = nil,
                      emit: ([LocatedEvent]) -> Void) throws(ImportError) {
        let format = self == .auto ? try Self.detect(bytes, file: file) : self
        if format == .autoheal {
            try NativeFormat.parse(bytes, file: file, progress: progress, emit: emit)
        } else {
            emit(try format.parse(bytes, file: file))
        }
        progress?(bytes.count)
    }

    /// The format `--format auto` picks for `bytes`: by the shape of the first value (the first
    /// element of an array). Never `.auto`; a shape nothing matches is refused with what was expected.
    public static func detect(_ bytes: [UInt8], file: String) throws(ImportError) -> ImportFormat {
        try FormatDetection.detect(bytes, file: file)
    }
}
