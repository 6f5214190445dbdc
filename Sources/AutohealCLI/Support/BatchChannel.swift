import Foundation

/// A bounded queue of batches from one producer thread to one consumer, with the producer's failure
/// passed along: the pipe between parsing (or reading) on one core and storing (or computing) on the other.
final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [[Element]] = []
    private var closed = false
    private let capacity: Int
    private(set) var failure: (any Error)?

    init(capacity: Int = 8) { self.capacity = capacity }

    /// Hands a batch over, waiting while the consumer is `capacity` batches behind.
    func put(_ batch: [Element]) {
        condition.lock()
        while queue.count >= capacity && !closed { condition.wait() }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the stream, with the producer's error if it failed.
    func close(error: (any Error)?) {
        condition.lock()
        closed = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; `nil` once the producer has finished and everything was taken. Throws the
    /// producer's error when it failed.
    func take() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        if queue.isEmpty {
            if let failure { throw failure }
            return nil
        }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Runs `produce` on a new thread, feeding this channel, and closes it when `produce` returns or throws.
    func startProducer(_ produce: @escaping @Sendable (BatchChannel<Element>) throws -> Void) {
        let thread = Thread { [self] in
            do {
                try produce(self)
                close(error: nil)
            } catch {
                close(error: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
