import Foundation
import Testing

@Suite("Interrupting prevent")
struct PreventInterruptTests {
    @Test("Ctrl-C stops the agent's whole process group, then autoheal, and keeps the branch", .timeLimit(.minutes(1)))
    func interrupt() throws {
        let r = PreventRepo()
        let (p, grandchild) = try r.startStuckPrevent()
        #expect(grandchild != nil, "the agent never started")
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(p.terminationStatus == SIGINT)
        if let grandchild {
            var gone = false
            for _ in 0..<50 where !gone { gone = kill(grandchild, 0) != 0; if !gone { usleep(100_000) } }
            #expect(gone, "the agent's background process outlived the interrupt")
        }
        #expect(r.branches().contains { $0.hasPrefix("autoheal/INC-7") })
    }
}
