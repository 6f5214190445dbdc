/// Ordering of severity labels: `SEV1`/`P1`/`critical` is more severe than `SEV2`/`P2`/`high`.
public enum SeverityOrder {
    /// A rank where a lower number is more severe; unknown labels rank last.
    public static func rank(_ label: String) -> Int {
        // Labels are nearly always ASCII ("SEV2", "P1", "critical"): read their bytes directly. The
        // general path below (Unicode case and digit properties) gives the same rank for them.
        if label.utf8.allSatisfy({ $0 < 0x80 }) { return asciiRank(label) }
        let lower = label.lowercased()
        if let digits = lower.split(whereSeparator: { !$0.isNumber }).last, let n = Int(digits) { return n }
        return wordRank(lower)
    }

    /// ``rank(_:)`` of an ASCII label: the number its last run of digits spells, else its word.
    static func asciiRank(_ label: String) -> Int {
        let bytes = label.utf8
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        if let last = bytes.lastIndex(where: isDigit) {
            var first = last
            while first > bytes.startIndex, isDigit(bytes[bytes.index(before: first)]) { first = bytes.index(before: first) }
            if let n = Int(label[first...last]) { return n }
        }
        return wordRank(label.lowercased())
    }

    /// The rank of a lowercased severity word.
    private static func wordRank(_ lower: String) -> Int {
        switch lower {
        case "critical", "crit", "emergency", "fatal": return 1
        case "high", "major", "error": return 2
        case "medium", "moderate", "warning", "warn", "minor": return 3
        case "low", "info", "informational": return 4
        default: return 1_000
        }
    }

    /// The more severe of two labels (the first on a tie).
    public static func moreSevere(_ a: String, _ b: String) -> String { rank(b) < rank(a) ? b : a }
}

/// The severity history of one incident.
public struct SeverityHistory: Hashable, Sendable {
    /// One level the incident had, from the event that set it.
    public struct Change: Hashable, Sendable {
        public var at: Timestamp
        public var severity: String
        public var type: EventType
    }

    /// Every declared or changed level in time order.
    public var changes: [Change]
    public var highest: String?
    public var declared: String?
    public var final: String?

    /// Whether the incident ever held more than one level.
    public var reclassified: Bool { Set(changes.map(\.severity)).count > 1 }

    /// Builds the history from time-ordered events. Levels come from `incident.declared` and
    /// `severity.changed`; an incident with neither uses the levels other events carried (an alert's label).
    public init(events: [Event]) {
        var changes = events.filter { ($0.type == .incidentDeclared || $0.type == .severityChanged) && $0.severity != nil }
            .map { Change(at: $0.at, severity: $0.severity!, type: $0.type) }
        if changes.isEmpty {
            changes = events.filter { $0.severity != nil && !$0.type.isExtension }
                .map { Change(at: $0.at, severity: $0.severity!, type: $0.type) }
        }
        self.changes = changes
        self.highest = changes.map(\.severity).reduce(nil) { acc, s in acc.map { SeverityOrder.moreSevere($0, s) } ?? s }
        self.declared = changes.first(where: { $0.type == .incidentDeclared })?.severity ?? changes.first?.severity
        self.final = changes.last?.severity
    }

    /// The level used for grouping under `policy`.
    public func level(for policy: SeverityPolicy) -> String? {
        switch policy {
        case .highest: return highest
        case .declared: return declared
        case .final: return final
        }
    }
}
