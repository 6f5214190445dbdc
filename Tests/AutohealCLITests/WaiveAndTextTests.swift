import Foundation
import Testing

/// `waive`, and the text `prevent`, `sync`, `land` and `waive` print, as the real binary.
@Suite struct WaiveAndTextTests {
    @Test("A reason of only whitespace is refused, newlines included", arguments: ["\n", "\t", " \r\n\t ", "\u{0B}\u{0C}"])
    func blankReason(reason: String) throws {
        let r = PreventRepo()
        let run = r.autoheal(["waive", "INC-7", "--reason", reason])
        #expect(run.code == 64)
        #expect(run.err.contains("--reason must not be empty"), "\(run.err)")
        #expect((r.show()["prevention"] as? [String: Any])?["status"] as? String == "none")
    }
}
