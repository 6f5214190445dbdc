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
    /// The ledger's path, when the failure is the ledger's (SQLite's result on it); see
    /// ``ledgerDescription(nothingWas:)``.
    public var ledgerPath: String?

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

    public init(context: String, message: String, code: Int32 = 0, readOnly: ReadOnly? = nil, ledgerPath: String? = nil) {
        self.context = context
        self.message = message
        self.code = code
        self.readOnly = readOnly
        self.ledgerPath = ledgerPath
    }

    /// Whether the ledger is read-only (SQLite's `SQLITE_READONLY`, or one it could not open for writing).
    public var isReadOnly: Bool { readOnly != nil }

    /// One line for a read-only ledger: `the ledger PATH CAUSE: nothing was WHAT` (a write is one
    /// transaction, so a refused one wrote nothing); `nil` for any other failure.
    public func readOnlyDescription(nothingWas what: String = "written") -> String? {
        readOnly.map { "the ledger \($0.path) \($0.cause): nothing was \(what)" }
    }

    /// One line for a ledger that could not be written for a reason of its own — read-only, its disk
    /// full, or locked by another process for longer than the wait — naming it and saying that nothing
    /// was `what` (a write is one transaction, rolled back whole): `the ledger PATH is locked by
    /// another process …: nothing was imported`. `nil` for any other failure.
    public func ledgerDescription(nothingWas what: String = "written") -> String? {
        if let text = readOnlyDescription(nothingWas: what) { return text }
        guard let path = ledgerPath else { return nil }
        switch code & 0xff {
        case 13:  // SQLITE_FULL
            return "the ledger \(path) cannot grow: its disk is full (\(message)): nothing was \(what)"
        case 5, 6:  // SQLITE_BUSY, SQLITE_LOCKED
            return "the ledger \(path) stayed locked by another process for longer than autoheal waits (\(message)): nothing was \(what); try again when it is done"
        default:
            return nil
        }
    }

    /// `context: message`, with a hint where SQLite's code says more than its words: its bare "disk I/O
    /// error" (also what a full disk gives in some writes) says where to look, and a read-only, full or
    /// locked ledger is named with why it cannot be written (``ledgerDescription(nothingWas:)``).
    public var description: String {
        if let ledger = ledgerDescription() { return ledger }
        return code & 0xff == 10 ? "\(context): \(message) (is the disk full, or the file system failing or read-only?)" : "\(context): \(message)"
    }
}
