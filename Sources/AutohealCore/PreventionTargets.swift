/// How long preventive work may take per severity before it is overdue.
public struct PreventionTargets: Hashable, Sendable {
    /// Seconds per severity label.
    public var bySeverity: [String: Int64]
    /// Seconds for any other label (and for incidents without one).
    public var other: Int64

    public init(bySeverity: [String: Int64], other: Int64) {
        self.bySeverity = bySeverity
        self.other = other
    }

    /// The contract's defaults: SEV1 7 days, SEV2 14 days, SEV3 30 days, others 30 days.
    public static let `default` = PreventionTargets(
        bySeverity: ["SEV1": 7 * 86_400, "SEV2": 14 * 86_400, "SEV3": 30 * 86_400], other: 30 * 86_400)

    /// The target for a severity label (matched exactly, then case-insensitively).
    public func seconds(for severity: String?) -> Int64 {
        guard let severity else { return other }
        if let s = bySeverity[severity] { return s }
        return bySeverity.first { $0.key.lowercased() == severity.lowercased() }?.value ?? other
    }
}
