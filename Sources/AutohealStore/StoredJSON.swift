import AutohealCore

/// Parses the canonical JSON autoheal itself wrote into the `attrs` column.
enum StoredJSON {
    static func parse(_ text: String) -> JSONValue? {
        try? JSONParser.parseDocument(Array(text.utf8))
    }
}
