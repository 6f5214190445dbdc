import AutohealCore

/// The contract's exit codes.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case failure = 1
    case overdue = 3
    case usage = 64
    case badInput = 65
}

/// An error a command reports to the user: one line, and the exit code it maps to.
public struct CLIError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var status: ExitStatus

    public init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }

    public var description: String { message }

    /// No such incident (exit 1).
    public static func noSuchIncident(_ id: String) -> CLIError {
        CLIError("no such incident: \(IncidentID.shown(id)) (autoheal incidents lists them)")
    }

    /// An incident known only from `x-` extension events (`Incident.isExtensionOnly`), which are stored
    /// and ignored: no incident for a command to act on (`what`: "waive", "link", …), refused as an
    /// unknown id is (exit 1). Acting on it would record events no clock or report reads — or, for a
    /// waiver, turn it into a counted incident on the strength of the waiver alone.
    public static func extensionOnly(_ id: String, cannot what: String) -> CLIError {
        CLIError("\(id) has only extension (x-) events, which are stored and ignored: it is not an incident to \(what) until a lifecycle event for it is imported")
    }
}
