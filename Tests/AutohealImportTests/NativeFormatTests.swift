import AutohealImport
import Testing

@Suite struct NativeFormatTests {
    private func error(_ text: String) -> ImportError? {
        do { _ = try NativeFormat.parse(Array(text.utf8), file: "events.json"); return nil } catch { return error }
    }

    /// In a pretty-printed array, an error about one field pointed at the object's `{` line; it now
    /// points at the field's own line, and at the object's line for what is missing from it.
    @Test func errorsInAPrettyPrintedArrayPointAtTheField() {
        let text = """
        [
          {
            "incident": "INC-1",
            "attrs": {"type": "nested, not the event's"},
            "type": "alert.fird",
            "at": "2026-01-01T00:00:00Z"
          },
          {
            "incident": "INC-1",
            "type": "page.sent",
            "at": "2026-13-01T00:01:00Z"
          }
        ]
        """
        #expect(error(text)?.line == 5, "the top-level \"type\", not the one inside attrs")
        #expect(error(text)?.reason.contains("alert.fird") == true)
        let badTime = text.replacingOccurrences(of: "alert.fird", with: "alert.fired")
        #expect(error(badTime)?.line == 11)
        let missing = "[\n  {\n    \"incident\": \"INC-1\",\n    \"type\": \"page.sent\"\n  }\n]"
        #expect(error(missing)?.line == 2, "nothing to point at: the object's line")
        let unknown = "[\n  {\"incident\": \"INC-1\", \"type\": \"page.sent\",\n   \"servce\": \"api\", \"at\": \"x\"}\n]"
        #expect(error(unknown)?.line == 3, "\(String(describing: error(unknown)))")
        #expect(error(unknown)?.reason.contains("servce") == true)
        let valueLikeKey = "[\n  {\"incident\": \"type\",\n   \"type\": 5, \"at\": \"2026-01-01T00:00:00Z\"}\n]"
        #expect(error(valueLikeKey)?.line == 3, "a value that reads like the key is not the key")
    }
}
