import AutohealCore
import AutohealStore

/// Reads incidents from the ledger on a second thread while the caller's thread consumes them, so a
/// large report uses both cores: one decoding rows, one computing clocks.
enum IncidentStream {
    /// Calls `body` with every incident, in ledger order (events without `source` and sender `id`).
    static func forEach(_ store: EventStore, attrsFor: Set<EventType>?, _ body: (Incident) -> Void) throws {
        let channel = BatchChannel<Incident>()
        let box = UncheckedBox(store)
        channel.startProducer { channel in
            var batch: [Incident] = []
            batch.reserveCapacity(512)
            try box.value.forEachIncident(attrsFor: attrsFor, lean: true) { incident in
                batch.append(incident)
                if batch.count == 512 {
                    channel.put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { channel.put(batch) }
        }
        while let batch = try channel.take() {
            for incident in batch { body(incident) }
        }
    }
}

/// A value handed to exactly one other thread, which alone uses it until it finishes.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
