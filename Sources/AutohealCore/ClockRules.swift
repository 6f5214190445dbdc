/// One step of a fallback chain: the earliest event of any of these types is the stamp.
public struct ChainStep: Hashable, Sendable, CustomStringConvertible {
    public var anyOf: [EventType]
    public init(_ anyOf: [EventType]) { self.anyOf = anyOf }
    public var description: String {
        anyOf.count == 1 ? anyOf[0].rawValue : "[" + anyOf.map(\.rawValue).joined(separator: "|") + "]"
    }
}

/// A fallback chain of event types: the first step the incident has events for wins.
public struct Chain: Hashable, Sendable, CustomStringConvertible {
    public var steps: [ChainStep]
    public init(_ steps: [ChainStep]) { self.steps = steps }
    /// A chain whose every step is a single type.
    public init(types: [EventType]) { self.steps = types.map { ChainStep([$0]) } }
    /// Steps joined by `>` ("else"); a bracketed group means "the earliest of".
    public var description: String { steps.map(\.description).joined(separator: " > ") }
    /// Every type the chain mentions.
    public var allTypes: [EventType] { steps.flatMap(\.anyOf) }
}

/// Where the recovery clock starts.
public enum RecoveryStart: Hashable, Sendable {
    /// At the detection clock's stop stamp (the default).
    case detectionStop
    /// At its own fallback chain.
    case chain(Chain)
}

/// How an incident's severity is chosen for grouping.
public enum SeverityPolicy: String, Hashable, Sendable, CaseIterable {
    /// The most severe level it ever had (default): reclassifying down cannot move it out of a group.
    case highest
    /// The level it was declared with.
    case declared
    /// The last level it had.
    case final
}

/// The clock rules: explicit, configurable and printed with every report.
public struct ClockRules: Hashable, Sendable {
    public var detectionStart: Chain
    public var detectionStop: Chain
    public var recoveryStart: RecoveryStart
    public var recoveryStop: Chain

    public init(detectionStart: Chain, detectionStop: Chain, recoveryStart: RecoveryStart, recoveryStop: Chain) {
        self.detectionStart = detectionStart
        self.detectionStop = detectionStop
        self.recoveryStart = recoveryStart
        self.recoveryStop = recoveryStop
    }

    /// The contract's default rules.
    public static let `default` = ClockRules(
        detectionStart: Chain(types: [.alertFired, .impactStarted, .incidentDeclared]),
        detectionStop: Chain([ChainStep([.investigationStarted, .pageAcknowledged]), ChainStep([.incidentDeclared])]),
        recoveryStart: .detectionStop,
        recoveryStop: Chain(types: [.sliRecovered, .mitigationApplied, .incidentResolved])
    )

    /// The rules as JSON, the shape reports and `autoheal config --json` print.
    public var json: JSONValue {
        func chain(_ c: Chain) -> JSONValue {
            .array(c.steps.map { $0.anyOf.count == 1 ? .string($0.anyOf[0].rawValue) : .array($0.anyOf.map { .string($0.rawValue) }) })
        }
        let recoveryStartJSON: JSONValue
        switch recoveryStart {
        case .detectionStop: recoveryStartJSON = "detection.stop"
        case .chain(let c): recoveryStartJSON = chain(c)
        }
        return [
            "detection": ["start": chain(detectionStart), "stop": chain(detectionStop)],
            "recovery": ["start": recoveryStartJSON, "stop": chain(recoveryStop)],
            "prevention": ["start": "recovery.stop", "stop": "prevention.landed"],
        ]
    }
}
