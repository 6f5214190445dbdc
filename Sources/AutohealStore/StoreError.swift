/// A failure of the SQLite event ledger, carrying SQLite's own message.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What autoheal was doing.
    public var context: String
    /// SQLite's message (or ours).
    public var message: String
    /// SQLite's result code, when one applies.
    public var code: Int32

    public init(context: String, message: String, code: Int32 = 0) {
        self.context = context
        self.message = message
        self.code = code
    }

    /// `context: message`; SQLite's bare "disk I/O error" (also what a full disk gives in some writes)
    /// says where to look.
    public var description: String {
        code & 0xff == 10 ? "\(context): \(message) (is the disk full, or the file system failing or read-only?)" : "\(context): \(message)"
    }
}
