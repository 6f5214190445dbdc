import AutohealCore
import AutohealStore
import Foundation

/// Reads incidents from the ledger on a second thread while the caller's thread consumes them, so a
/// large report uses both cores: one decoding rows, one computing clocks.
enum IncidentStream {
    /// Calls `body` with every incident, in ledger order.
    static func forEach(_ store: EventStore, attrsFor: Set<EventType>?, _ body: (Incident) -> Void) throws {
        let channel = BatchChannel()
        let box = UncheckedBox(store)
        let reader = Thread {
            var batch: [Incident] = []
            batch.reserveCapacity(BatchChannel.batchSize)
            do {
                try box.value.forEachIncident(attrsFor: attrsFor) { incident in
                    batch.append(incident)
                    if batch.count == BatchChannel.batchSize {
                        channel.put(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { channel.put(batch) }
                channel.close(error: nil)
            } catch {
                channel.close(error: error)
            }
        }
        reader.stackSize = 8 << 20
        reader.start()
        while let batch = channel.take() {
            for incident in batch { body(incident) }
        }
        if let error = channel.failure { throw error }
    }
}

/// A value handed to exactly one other thread, which alone uses it until it finishes.
private final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A bounded queue of incident batches between the reader thread and the consumer.
private final class BatchChannel: @unchecked Sendable {
    static let batchSize = 512
    private let condition = NSCondition()
    private var queue: [[Incident]] = []
    private var closed = false
    private(set) var failure: (any Error)?

    func put(_ batch: [Incident]) {
        condition.lock()
        while queue.count >= 8 { condition.wait() }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func close(error: (any Error)?) {
        condition.lock()
        closed = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the reader has finished and the queue is empty.
    func take() -> [Incident]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        if queue.isEmpty { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }
}
