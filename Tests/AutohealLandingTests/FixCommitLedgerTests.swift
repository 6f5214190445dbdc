import AutohealCore
import AutohealLanding
import Testing

@Suite("What the hooks read of an incident's fix commits")
struct FixCommitLedgerTests {
    let now = Timestamp(seconds: 1_795_000_000)

    func committed(_ attrs: [String: JSONValue], at seconds: Int64) -> Event {
        Event(incident: "INC-7", type: .preventionCommitted, at: Timestamp(seconds: seconds), source: "test", attrs: .object(attrs))
    }

    @Test("Each drop and restoring of the same commit gets its own id, derived from the records before it")
    func idsCountRestorings() {
        var ledger = FixCommitLedger(incident: "INC-7", events: [committed(["commit": "aaa"], at: 1_794_000_000)])
        #expect(ledger.listed == ["aaa"])
        let first = ledger.dropped("aaa", branch: "autoheal/INC-7-x", now: now)
        #expect(first.id == "dropped:INC-7:aaa")
        ledger.add([first])
        #expect(ledger.listed.isEmpty && ledger.recorded == ["aaa"])
        let back = ledger.restored("aaa", branch: "autoheal/INC-7-x", now: now)
        #expect(back.id == "restored:INC-7:aaa")
        ledger.add([back])
        #expect(ledger.listed == ["aaa"])
        let second = ledger.dropped("aaa", branch: nil, now: now)
        #expect(second.id == "dropped:INC-7:aaa:1")
        ledger.add([second])
        #expect(ledger.restored("aaa", branch: nil, now: now).id == "restored:INC-7:aaa:1")
        #expect(ledger.listed.isEmpty)
    }

    @Test("Records are read in time order, ties in recording order; another incident's are left out")
    func order() {
        let restore = committed(["commit": "aaa", "restored": true], at: 1_794_000_100)
        let drop = committed(["dropped": "aaa"], at: 1_794_000_100)
        let first = committed(["commit": "aaa", "branch": "autoheal/INC-7-x"], at: 1_794_000_000)
        // Recorded: the drop, then the restoring, at the same time; the commit's record is dated earlier.
        let ledger = FixCommitLedger(incident: "INC-7", events: [drop, restore, first])
        #expect(ledger.listed == ["aaa"])
        #expect(ledger.branchOf["aaa"] == "autoheal/INC-7-x")
        var other = FixCommitLedger(incident: "INC-7", events: [first])
        other.add([Event(incident: "INC-8", type: .preventionCommitted, at: now, attrs: ["dropped": "aaa"])])
        #expect(other.listed == ["aaa"])
    }

    @Test("A fix branch's incident is the leading LETTERS-DIGITS of its name, as the hooks read it")
    func leadingID() {
        #expect(FixBranchName.leadingID("INC-7-bound-retries") == "INC-7")
        #expect(FixBranchName.leadingID("OPS-2025-5-x") == "OPS-2025")
        #expect(FixBranchName.leadingID("INC_A1-77") == "INC_A1-77")
        #expect(FixBranchName.leadingID("7-x") == nil)
        #expect(FixBranchName.leadingID("retries") == nil)
        #expect(FixBranchName.leadingID("INC-x") == nil)
    }
}
