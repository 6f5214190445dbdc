import Foundation
import Testing

@Suite("Interrupting prevent")
struct PreventInterruptTests {
    @Test("Ctrl-C stops the agent's whole process group, then autoheal, and keeps the branch", .timeLimit(.minutes(1)))
    func interrupt() throws {
        let r = PreventRepo()
        let pidFile = r.dir.path + "/grandchild.pid"
        let agent = r.agent("stuck", "sleep 60 &\necho $! > '\(pidFile)'\nwait\n")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Exec.binary)
        p.arguments = ["prevent", "INC-7", "--agent-cmd", agent]
        p.currentDirectoryURL = URL(fileURLWithPath: r.repo)
        p.environment = ProcessInfo.processInfo.environment.merging(r.env) { _, new in new }
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        var grandchild: Int32?
        for _ in 0..<100 where grandchild == nil {
            usleep(100_000)
            grandchild = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
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
