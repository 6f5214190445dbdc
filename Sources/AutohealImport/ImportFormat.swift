import AutohealCore

/// The input formats `autoheal import --format` accepts.
public enum ImportFormat: String, CaseIterable, Sendable {
    case auto, autoheal, pagerduty, pagerdutyWebhook = "pagerduty-webhook", alertmanager, statuspage, opsgenie, incidentio

    /// Parses `bytes` from `file` in this format (detecting it when `.auto`) into located events.
    public func parse(_ bytes: [UInt8], file: String) throws(ImportError) -> [LocatedEvent] {
        switch self {
        case .auto, .autoheal:
            return try NativeFormat.parse(bytes, file: file)
        default:
            throw ImportError(file: file, line: 1, reason: "format \(rawValue) is not supported yet")
        }
    }
}
