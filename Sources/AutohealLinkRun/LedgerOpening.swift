import AutohealStore
#if canImport(Glibc)
import Glibc
#endif

/// Opens the ledger on a second thread while the caller gets on with other work — for a one-incident
/// `link`, the git work, which does not need the ledger (opening it reads the log and checks the
/// schema: about half a millisecond). ``wait()`` hands the store over; from then on it is used by the
/// caller's thread only. If no thread can be started, the ledger is opened in ``wait()`` instead.
final class LedgerOpening: @unchecked Sendable {
    private let path: String
    private var thread: pthread_t?
    /// Written by the opening thread before it ends; read after `pthread_join`.
    private var outcome: Result<EventStore, StoreError>?

    init(path: String) {
        self.path = path
        var started = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&started, nil, { context in
            let me = Unmanaged<LedgerOpening>.fromOpaque(context!).takeRetainedValue()
            me.outcome = Result { () throws(StoreError) in try EventStore(path: me.path) }
            return nil
        }, context)
        if rc == 0 {
            thread = started
        } else {
            Unmanaged<LedgerOpening>.fromOpaque(context).release()
        }
    }

    /// The opened ledger, once the opening thread has finished (or opened here, without one).
    func wait() throws(StoreError) -> EventStore {
        join()
        return try (outcome ?? Result { () throws(StoreError) in try EventStore(path: path) }).get()
    }

    /// Waits for the opening thread, if one runs: before the process hands itself over to another
    /// program (`exec`), which would stop the thread wherever it is.
    func join() {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }
}
