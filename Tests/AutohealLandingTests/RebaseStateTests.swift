import AutohealLanding
import Testing

@Suite("What post-rewrite reads of a rebase")
struct RebaseStateTests {
    @Test("Lines that replay or drop a commit name it; comments and other commands name none")
    func todoCommits() {
        let todo = """
            pick 42333ead6d097e802fa2f312b99601252d21af98 c1
            drop 7974411 c2
            # pick 0123456 commented out
            fixup -C f5c450ee6f25ff9f98e137ef75f73bfc3133c530 c3
            s 0910f23 squashed
            exec make test
            break
            label onto
            merge -C 6551204 feature
            reword abcdef0 reworded
            pick not-a-sha
            """
        #expect(RebaseState.todoCommits(todo) == ["42333ead6d097e802fa2f312b99601252d21af98", "7974411",
                                                 "f5c450ee6f25ff9f98e137ef75f73bfc3133c530", "0910f23", "abcdef0"])
    }

    @Test("post-rewrite's lines: old and new, anything after ignored")
    func pairs() {
        let a = String(repeating: "a", count: 40), b = String(repeating: "b", count: 40)
        let pairs = RebaseRecording.pairs("\(a) \(b)\n\(b) \(a) extra\nbroken line\n")
        #expect(pairs.map { [$0.old.hex, $0.new.hex] } == [[a, b], [b, a]])
    }
}
