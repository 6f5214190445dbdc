/// A failure of the SQLite event ledger, carrying SQLite's own message.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What autoheal was doing.
    public var context: String
    /// SQLite's message (or ours).
    public var message: String
    /// SQLite's result code, when one applies.
    public var code: Int32
    /// Set when the ledger could not be written because it is read-only: the ledger's path and why
    /// (see ``ReadOnly``).
    public var readOnly: ReadOnly?

    /// A ledger that cannot be written: where it is, and why, as a phrase that follows the path ("is on
    /// read-only storage", "is not writable by this user").
    public struct ReadOnly: Equatable, Sendable {
        public var path: String
        public var cause: String
        public init(path: String, cause: String) {
            self.path = path
            self.cause = cause
        }
    }

    public init(context: String, message: String, code: Int32 = 0, readOnly: ReadOnly? = nil) {
        self.context = context
        self.message = message
        self.code = code
        self.readOnly = readOnly
    }

    /// Whether the ledger is read-only (SQLite's `SQLITE_READONLY`, or one it could not open for writing).
    public var isReadOnly: Bool { readOnly != nil }

    /// One line for a read-only ledger: `the ledger PATH CAUSE: nothing was WHAT` (a write is one
    /// transaction, so a refused one wrote nothing); `nil` for any other failure.
    public func readOnlyDescription(nothingWas what: String = "written") -> String? {
        readOnly.map { "the ledger \($0.path) \($0.cause): nothing was \(what)" }
    }

    /// `context: message`, with a hint where SQLite's code says more than its words: its bare "disk I/O
    /// error" (also what a full disk gives in some writes) says where to look, and a read-only ledger
    /// is named with why it cannot be written.
    public var description: String {
        if let readOnly = readOnlyDescription() { return readOnly }
        return code & 0xff == 10 ? "\(context): \(message) (is the disk full, or the file system failing or read-only?)" : "\(context): \(message)"
    }
}
