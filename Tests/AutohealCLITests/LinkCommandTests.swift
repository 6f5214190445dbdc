import Foundation
import Testing

@Suite("autoheal link through the real binary")
struct LinkCommandTests {
    @Test("--fix finds the introducer, is shown by show, re-running records nothing new, bad input stores nothing")
    func linkFix() {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n")
        r.commit("Sum the range", at: FixRepo.recovered - 5 * 86_400)
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x + 1):\n        total += i\n    return total\n")
        r.commit("Include the upper bound", at: FixRepo.recovered - 2 * 86_400)
        let introducer = r.git(["rev-parse", "HEAD"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        r.write("app.py", "def handler(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n")
        r.commit("Fix the off-by-one", at: FixRepo.recovered + 3600)
        let link = r.autoheal(["link", "INC-7", "--fix", "HEAD", "--json"])
        #expect(link.code == 0, "\(link.err)")
        let doc = link.json as! [String: Any]
        #expect(((doc["introducing"] as! [[String: Any]]).first?["commit"] as? String) == introducer)
        #expect(((doc["paths"] as! [[String: Any]]).first?["path"] as? String) == "app.py")
        let links = r.show()["links"] as? [String: Any]
        #expect(links?["method"] as? String == "fix")
        #expect(r.autoheal(["link", "INC-7", "--fix", "HEAD"]).code == 0)
        let linkedEvents = (r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }
        #expect(linkedEvents.count == 1)
        let bad = r.autoheal(["link", "INC-7", "--fix", "0123456789abcdef0123456789abcdef01234567"])
        #expect(bad.code == 65, "\(bad.err)")
        #expect((r.show()["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }.count == 1)
        #expect(r.autoheal(["link", "INC-404", "--fix", "HEAD"]).code == 1)
    }
}
