import AutohealCore

/// Printing helpers shared by commands.
enum Output {
    /// Prints one JSON document on stdout.
    static func json(_ value: JSONValue) {
        Terminal.out(value.prettyJSON + "\n")
    }
}
