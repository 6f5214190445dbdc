/// The type of a lifecycle event, e.g. `alert.fired`.
///
/// Known types are listed as static members; types starting with `x-` are extension types that are
/// stored and otherwise ignored. Anything else is refused on import.
public struct EventType: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    /// A small number for each known type (0 for others), so the clock engine compares types without
    /// comparing strings.
    private let code: UInt8

    public init(rawValue: String) {
        self.rawValue = rawValue
        self.code = Self.codes[rawValue] ?? 0
    }

    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public var description: String { rawValue }
    public static func < (a: EventType, b: EventType) -> Bool { a.rawValue < b.rawValue }

    public static func == (a: EventType, b: EventType) -> Bool {
        a.code != 0 || b.code != 0 ? a.code == b.code : a.rawValue == b.rawValue
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    private static let codes: [String: UInt8] = {
        let names = ["impact.started", "alert.fired", "investigation.started", "page.sent", "page.acknowledged",
                     "incident.declared", "severity.changed", "mitigation.applied", "sli.recovered", "incident.resolved",
                     "postmortem.completed", "incident.discovered", "rootcause.identified", "prevention.waived",
                     "prevention.drafted", "prevention.committed", "prevention.landed", "prevention.reverted", "rootcause.linked"]
        return Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, UInt8($0.offset + 1)) })
    }()

    public static let impactStarted = EventType("impact.started")
    public static let alertFired = EventType("alert.fired")
    public static let investigationStarted = EventType("investigation.started")
    public static let pageSent = EventType("page.sent")
    public static let pageAcknowledged = EventType("page.acknowledged")
    public static let incidentDeclared = EventType("incident.declared")
    public static let severityChanged = EventType("severity.changed")
    public static let mitigationApplied = EventType("mitigation.applied")
    public static let sliRecovered = EventType("sli.recovered")
    public static let incidentResolved = EventType("incident.resolved")
    public static let postmortemCompleted = EventType("postmortem.completed")
    public static let incidentDiscovered = EventType("incident.discovered")
    public static let rootcauseIdentified = EventType("rootcause.identified")
    public static let preventionWaived = EventType("prevention.waived")
    // Written by autoheal itself.
    public static let preventionDrafted = EventType("prevention.drafted")
    public static let preventionCommitted = EventType("prevention.committed")
    public static let preventionLanded = EventType("prevention.landed")
    public static let preventionReverted = EventType("prevention.reverted")
    public static let rootcauseLinked = EventType("rootcause.linked")

    /// Types an SRE agent or incident tool may send.
    public static let importable: Set<EventType> = [
        .impactStarted, .alertFired, .investigationStarted, .pageSent, .pageAcknowledged, .incidentDeclared,
        .severityChanged, .mitigationApplied, .sliRecovered, .incidentResolved, .postmortemCompleted,
        .incidentDiscovered, .rootcauseIdentified, .preventionWaived,
    ]

    /// Types autoheal records on its own, from git and its own commands; refused on import (a landing
    /// time comes from the repository, never from what someone typed).
    public static let internalTypes: Set<EventType> = [
        .preventionDrafted, .preventionCommitted, .preventionLanded, .preventionReverted, .rootcauseLinked,
    ]

    /// Whether an event of this type says when the incident started, for ordering incidents: not an
    /// `x-` extension (stored, never interpreted) nor one of autoheal's own records, which come later.
    public var marksIncidentStart: Bool { !isExtension && !Self.internalTypes.contains(self) }

    /// Whether this is an `x-` extension type: stored, never interpreted.
    public var isExtension: Bool { rawValue.hasPrefix("x-") && rawValue.count > 2 }

    /// Whether `import` accepts this type: the contract's types and `x-` extensions.
    public var isImportable: Bool { isExtension || Self.importable.contains(self) }

    /// Whether the ledger holds this type: what `import` accepts, and autoheal's own records.
    public var isAccepted: Bool { isImportable || Self.internalTypes.contains(self) }

    /// Whether an event of this type must carry a `severity`.
    public var requiresSeverity: Bool { self == .incidentDeclared || self == .severityChanged }
}
