/// Why a preventive-fix run could not go on: a message a user can act on, and whether the cause was bad
/// input (an incident id or template that can never work: exit 65) or a usage mistake (exit 64).
public struct PreventError: Error, Sendable, CustomStringConvertible, Equatable {
    /// How the CLI should map the error to an exit code.
    public enum Kind: Sendable, Equatable {
        /// Something failed while running (exit 1).
        case failure
        /// The command line asked for something impossible (exit 64).
        case usage
        /// The data (an incident id, a template, a manifest) is unusable (exit 65).
        case badInput
    }

    public var kind: Kind
    public var message: String

    public init(_ message: String, kind: Kind = .failure) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }
}
