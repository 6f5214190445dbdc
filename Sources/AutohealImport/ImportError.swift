import AutohealCore

/// Input that cannot be imported, located as `FILE:LINE: reason`. Nothing from the run is written.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}

/// An event together with the line of the input it came from.
public struct LocatedEvent: Hashable, Sendable {
    public var event: Event
    public var file: String
    public var line: Int

    public init(event: Event, file: String, line: Int) {
        self.event = event
        self.file = file
        self.line = line
    }
}

