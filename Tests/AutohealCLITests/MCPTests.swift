import Foundation
import Testing

/// `autoheal mcp`: a whole session over pipes, every tool called once.
@Suite struct MCPTests {
    /// Sends `messages` (one JSON object a line) through a pipe to `autoheal mcp`, closes stdin and
    /// returns the responses by id.
    func session(_ r: PreventRepo, _ messages: [[String: Any]]) throws -> [Int: [String: Any]] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Exec.binary)
        p.arguments = ["mcp"]
        p.currentDirectoryURL = URL(fileURLWithPath: r.repo)
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in r.env { environment[k] = v }
        environment["NO_COLOR"] = "1"
        p.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = errors
        try p.run()
        for m in messages {
            input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: m))
            input.fileHandleForWriting.write(Data("\n".utf8))
        }
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        var byID: [Int: [String: Any]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(o["jsonrpc"] as? String == "2.0")
            if let id = o["id"] as? Int { byID[id] = o }
        }
        return byID
    }

    static func call(_ id: Int, _ name: String, _ args: [String: Any]) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id, "method": "tools/call", "params": ["name": name, "arguments": args]]
    }

    static func text(_ response: [String: Any]?) -> String {
        let content = (response?["result"] as? [String: Any])?["content"] as? [[String: Any]]
        return content?.first?["text"] as? String ?? ""
    }

    static func isError(_ response: [String: Any]?) -> Bool {
        (response?["result"] as? [String: Any])?["isError"] as? Bool ?? true
    }

    /// record_prevention on a waived incident said nothing, though sync then lands the commit and the
    /// incident counts again in MTTP; the warning for a missing trailer said the landing would not be
    /// detected, which sync contradicts for a recorded commit.
    @Test func recordingAFixForAWaivedIncidentWarns() throws {
        let r = PreventRepo()
        #expect(r.autoheal(["waive", "INC-7", "--reason", "third-party outage"]).code == 0)
        r.dir.write("repo/app.py", "def handler(x):\n    return max(x, 1)\n")
        _ = r.git(["commit", "-q", "-am", "Bound the handler"])
        let fix = r.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let responses = try session(r, [Self.call(1, "record_prevention", ["incident": "INC-7", "commit": fix])])
        let recorded = try #require((responses[1]?["result"] as? [String: Any])?["structuredContent"] as? [String: Any])
        let warning = recorded["warning"] as? String ?? ""
        #expect(warning.contains("INC-7 was waived (third-party outage)"), "\(warning)")
        #expect(warning.contains("sync finds this commit itself"), "\(warning)")
    }

    @Test func aSessionOverPipesCallsEveryTool() throws {
        let r = PreventRepo()
        // A fix commit on a branch, made the way an agent following get_prevention_brief would.
        _ = r.git(["checkout", "-q", "-b", "fix/pool"])
        r.dir.write("repo/app.py", "def handler(x):\n    return max(x, 0)\n")
        _ = r.git(["commit", "-q", "-am", "Bound the handler\n\nPrevents: INC-7"])
        let fix = r.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let first = r.git(["rev-list", "--max-parents=0", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)

        let responses = try session(r, [
            ["jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": ["protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "test", "version": "1"]]],
            ["jsonrpc": "2.0", "method": "notifications/initialized"],
            ["jsonrpc": "2.0", "id": 2, "method": "tools/list"],
            Self.call(3, "list_open_prevention", [:]),
            Self.call(4, "get_incident", ["incident": "INC-7"]),
            Self.call(5, "get_prevention_brief", ["incident": "INC-7", "template": "guard"]),
            Self.call(6, "link_incident", ["incident": "INC-7", "commits": [first]]),
            Self.call(7, "record_prevention", ["incident": "INC-7", "commit": fix]),
            Self.call(8, "get_incident", ["incident": "INC-404"]),
            ["jsonrpc": "2.0", "id": 9, "method": "no/such"],
            Self.call(10, "record_prevention", ["incident": "INC-7", "commit": fix]),
            Self.call(11, "link_incident", ["incident": "INC-7", "commits": [first]]),
            Self.call(12, "link_incident", ["incident": "INC-7", "commit": first]),
        ])

        let initResult = try #require(responses[1]?["result"] as? [String: Any])
        #expect(initResult["protocolVersion"] as? String == "2025-06-18")
        #expect((initResult["capabilities"] as? [String: Any])?["tools"] != nil)
        #expect((initResult["serverInfo"] as? [String: Any])?["name"] as? String == "autoheal")

        let tools = try #require((responses[2]?["result"] as? [String: Any])?["tools"] as? [[String: Any]])
        #expect(Set(tools.compactMap { $0["name"] as? String }) ==
                ["list_open_prevention", "get_incident", "get_prevention_brief", "link_incident", "record_prevention"])
        #expect(tools.allSatisfy { ($0["inputSchema"] as? [String: Any])?["type"] as? String == "object" && $0["description"] is String })

        #expect(!Self.isError(responses[3]))
        #expect(Self.text(responses[3]).contains("\"incident\": \"INC-7\""))
        #expect(!Self.isError(responses[4]))
        #expect(Self.text(responses[4]).contains("\"service\": \"checkout\""))
        #expect(!Self.isError(responses[5]))
        let brief = try #require(((responses[5]?["result"] as? [String: Any])?["structuredContent"] as? [String: Any]))
        #expect(brief["template"] as? String == "guard")
        #expect((brief["brief"] as? String)?.contains("# Preventive fix for INC-7: guard the input") == true)
        #expect(r.branches().sorted() == ["fix/pool", "main"], "get_prevention_brief must not create a branch")
        #expect(!Self.isError(responses[6]), "\(Self.text(responses[6]))")
        #expect(Self.text(responses[6]).contains("\"method\": \"commit\""))
        #expect(!Self.isError(responses[7]), "\(Self.text(responses[7]))")
        let recorded = try #require((responses[7]?["result"] as? [String: Any])?["structuredContent"] as? [String: Any])
        #expect(recorded["recorded"] as? Bool == true)
        #expect(recorded["prevents_trailer"] as? Bool == true)
        #expect(recorded["branch"] as? String == "fix/pool")
        #expect(Self.isError(responses[8]))
        #expect(Self.text(responses[8]).contains("no such incident"))
        #expect((responses[9]?["error"] as? [String: Any])?["code"] as? Int == -32601)
        #expect(((responses[10]?["result"] as? [String: Any])?["structuredContent"] as? [String: Any])?["recorded"] as? Bool == false)
        #expect(!Self.isError(responses[11]), "\(Self.text(responses[11]))")
        #expect(Self.isError(responses[12]))
        #expect(Self.text(responses[12]).contains("unknown argument \"commit\""), "\(Self.text(responses[12]))")

        // The ledger saw the link and the commit.
        let show = r.show()
        #expect((show["prevention"] as? [String: Any])?["commits"] as? [String] == [fix])
        #expect((show["links"] as? [String: Any])?["method"] as? String == "commit")
        // Linking again with the same result stored nothing new.
        #expect((show["events"] as! [[String: Any]]).filter { $0["type"] as? String == "rootcause.linked" }.count == 1)
    }

    @Test func malformedMessagesAndArgumentsAreRefusedAndTheServerKeepsGoing() throws {
        let r = PreventRepo()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Exec.binary)
        p.arguments = ["mcp"]
        p.currentDirectoryURL = URL(fileURLWithPath: r.repo)
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in r.env { environment[k] = v }
        p.environment = environment
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Not JSON; a batch; another JSON-RPC version; an id that is an object; an argument of the wrong
        // type (it read as absent: "yes" meant false); an unknown argument (ignored by some tools);
        // a branch that is no branch name; then a good request.
        let messages = [
            "{not json",
            "[]",
            #"{"jsonrpc":"1.0","id":2,"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_open_prevention","arguments":{"overdue":"yes"}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_incident","arguments":{"incident":"INC-7","bogus":1}}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"record_prevention","arguments":{"incident":"INC-7","commit":"HEAD","branch":"-x"}}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#,
        ]
        input.fileHandleForWriting.write(Data((messages.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
        p.waitUntilExit()
        #expect(lines.count == messages.count)
        guard lines.count == messages.count else { return }
        #expect(lines[0].contains("-32700"))
        for i in 1...3 { #expect(lines[i].contains("-32600"), "\(lines[i])") }
        #expect(lines[4].contains(#"must be a boolean"#) && lines[4].contains(#""isError":true"#), "\(lines[4])")
        #expect(lines[5].contains(#"unknown argument \"bogus\""#), "\(lines[5])")
        #expect(lines[6].contains("is not a branch name") && lines[6].contains(#""isError":true"#), "\(lines[6])")
        #expect(lines[7].contains("\"id\":1"))
    }

    /// Sends `lines` as they are to `autoheal mcp` and returns the lines it answered.
    func rawSession(_ r: PreventRepo, _ lines: [String]) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Exec.binary)
        p.arguments = ["mcp"]
        p.currentDirectoryURL = URL(fileURLWithPath: r.repo)
        p.environment = ProcessInfo.processInfo.environment.merging(r.env) { _, new in new }
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return out.split(separator: "\n").map(String.init)
    }

    @Test func aNullIdIsRefusedAndNothingRuns() throws {
        let r = PreventRepo()
        _ = r.git(["checkout", "-q", "-b", "fix/pool"])
        r.dir.write("repo/app.py", "def handler(x):\n    return max(x, 0)\n")
        _ = r.git(["commit", "-q", "-am", "Bound the handler\n\nPrevents: INC-7"])
        let lines = try rawSession(r, [
            #"{"jsonrpc":"2.0","id":null,"method":"tools/call","params":{"name":"record_prevention","arguments":{"incident":"INC-7","commit":"HEAD"}}}"#,
            #"{"jsonrpc":"2.0","id":null,"method":"ping"}"#,
        ])
        #expect(lines.count == 2)
        for line in lines {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(o["id"] is NSNull)
            #expect((o["error"] as? [String: Any])?["code"] as? Int == -32600, "\(line)")
            #expect(o["result"] == nil)
        }
        #expect((r.show()["prevention"] as? [String: Any])?["status"] as? String == "none")
    }

    @Test("A number id comes back exactly as it was written",
          arguments: ["9007199254740993", "12345678901234567890123", "-7", "1.50", "2e3", "0"])
    func numberIdsAreEchoedExactly(id: String) throws {
        let r = PreventRepo()
        let lines = try rawSession(r, [
            #"{"jsonrpc":"2.0","id": \#(id) ,"method":"ping"}"#,
            #"{"jsonrpc":"2.0","method":"no/such","id":\#(id)}"#,
            #"{"jsonrpc":"2.0","id":"9007199254740993","method":"ping"}"#,
        ])
        #expect(lines.count == 3)
        guard lines.count == 3 else { return }
        #expect(lines[0].contains(#""id":\#(id),"#) && lines[0].contains(#""result":{}"#), "\(lines[0])")
        #expect(lines[1].contains(#""id":\#(id),"#) && lines[1].contains("-32601"), "\(lines[1])")
        #expect(lines[2].contains(#""id":"9007199254740993""#), "\(lines[2])")
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
    }
}

extension MCPTests {
    /// `"id":01` is not JSON, but was read as 1 and echoed as written: the reply was not JSON either.
    @Test("A request whose numbers are not JSON is a parse error, answered in JSON",
          arguments: ["01", "-01", "00", "1e-400"])
    func numbersOutsideJSONAreParseErrors(id: String) throws {
        let r = PreventRepo()
        let lines = try rawSession(r, [#"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#, #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#])
        #expect(lines.count == 2)
        guard lines.count == 2 else { return }
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any], "\(lines[0])")
        #expect(reply["id"] is NSNull, "\(lines[0])")
        #expect((reply["error"] as? [String: Any])?["code"] as? Int == -32700, "\(lines[0])")
        #expect(lines[1].contains(#""id":2,"#) && lines[1].contains(#""result":{}"#), "the server keeps going: \(lines[1])")
    }
}
