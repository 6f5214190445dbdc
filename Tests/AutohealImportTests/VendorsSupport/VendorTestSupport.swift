import AutohealCore
import AutohealImport
import Foundation
import Testing

/// Parses `text` as `format` (auto-detected by default).
func importText(_ text: String, _ format: ImportFormat = .auto, file: String = "export.json") throws(ImportError) -> [LocatedEvent] {
    try format.parse(Array(text.utf8), file: file)
}

/// The time `text` names (test inputs are always valid).
func time(_ text: String) -> Timestamp { try! RFC3339.parse(text) }

/// The events of one incident and type.
func events(_ located: [LocatedEvent], _ incident: String, _ type: EventType) -> [Event] {
    located.map(\.event).filter { $0.incident == incident && $0.type == type }
}

/// The single event of one incident and type (a test failure when there is not exactly one).
func only(_ located: [LocatedEvent], _ incident: String, _ type: EventType,
          sourceLocation: SourceLocation = #_sourceLocation) -> Event? {
    let found = events(located, incident, type)
    #expect(found.count == 1, "\(incident) \(type): \(found.count) events", sourceLocation: sourceLocation)
    return found.first
}

/// Asserts `text` is refused as `format` at `line` with a reason containing `fragment`.
func expectRefused(_ text: String, _ format: ImportFormat, line: Int, _ fragment: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let events = try importText(text, format, file: "bad.json")
        Issue.record("accepted \(events.count) events", sourceLocation: sourceLocation)
    } catch {
        #expect(error.file == "bad.json", sourceLocation: sourceLocation)
        #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
        #expect(error.reason.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    }
}

/// Asserts importing `text` twice gives the same identities, every event has an id, a source and a
/// service, and the ids are unique within one import.
func expectIdempotent(_ text: String, _ format: ImportFormat, source: String,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
    let first = try importText(text, format)
    let second = try importText(text, format)
    #expect(!first.isEmpty, sourceLocation: sourceLocation)
    #expect(first.map(\.event.identity) == second.map(\.event.identity), sourceLocation: sourceLocation)
    #expect(first.map(\.event) == second.map(\.event), sourceLocation: sourceLocation)
    #expect(first.allSatisfy { $0.event.id != nil && $0.event.source == source }, sourceLocation: sourceLocation)
    #expect(Set(first.map(\.event.identity)).count == first.count, sourceLocation: sourceLocation)
    for incident in Set(first.map(\.event.incident)) {
        #expect(first.contains { $0.event.incident == incident && $0.event.service != nil },
                "\(incident) has no service", sourceLocation: sourceLocation)
    }
    // Every event is acceptable to the native format too (an export can be re-imported).
    for e in first {
        #expect(e.event.type.isAccepted, sourceLocation: sourceLocation)
        if e.event.type.requiresSeverity { #expect(e.event.severity != nil, sourceLocation: sourceLocation) }
    }
}

/// The 1-based line of the first occurrence of `needle` in `text` (0 when absent).
func lineOf(_ needle: String, in text: String, after: String? = nil) -> Int {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var start = 0
    if let after, let i = lines.firstIndex(where: { $0.contains(after) }) { start = i }
    for i in start..<lines.count where lines[i].contains(needle) { return i + 1 }
    return 0
}

/// `text` with the first occurrence of `target` replaced.
func replacingFirst(_ target: String, with replacement: String, in text: String) -> String {
    guard let r = text.range(of: target) else { Issue.record("no \(target) in the payload"); return text }
    return text.replacingCharacters(in: r, with: replacement)
}
