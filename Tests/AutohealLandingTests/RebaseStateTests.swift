import AutohealLanding
import Testing

@Suite("What post-rewrite reads of a rebase")
struct RebaseStateTests {
    @Test("post-rewrite's lines: old and new, anything after ignored")
    func pairs() {
        let a = String(repeating: "a", count: 40), b = String(repeating: "b", count: 40)
        let pairs = RebaseRecording.pairs("\(a) \(b)\n\(b) \(a) extra\nbroken line\n")
        #expect(pairs.map { [$0.old.hex, $0.new.hex] } == [[a, b], [b, a]])
    }
}
