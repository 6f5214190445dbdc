import CLibGit2

extension Repository {
    /// The newest entry of reference `name`'s reflog — where it pointed before its last update and
    /// after it, and git's message for the update (`commit: …`, `reset: moving to …`) — or `nil` when
    /// it keeps no reflog (a bare repository, `core.logAllRefUpdates=false`). `old` is `nil` for a
    /// reference the update created.
    public func lastReflogEntry(_ name: String) -> (old: ObjectID?, new: ObjectID, message: String)? {
        var log: OpaquePointer?
        guard git_reflog_read(&log, pointer, name) == 0, let log else { return nil }
        defer { git_reflog_free(log) }
        guard git_reflog_entrycount(log) > 0, let entry = git_reflog_entry_byindex(log, 0),
              let oldOID = git_reflog_entry_id_old(entry), let newOID = git_reflog_entry_id_new(entry) else { return nil }
        let old = ObjectID(oldOID.pointee)
        let message = git_reflog_entry_message(entry).map { String(cString: $0) } ?? ""
        return (old.isZero ? nil : old, ObjectID(newOID.pointee), message)
    }
}
