import AutohealCore
import AutohealLinkRun
import Foundation

/// A Model Context Protocol server speaking newline-delimited JSON-RPC 2.0 on stdin/stdout: `initialize`,
/// `notifications/initialized`, `ping`, `tools/list` and `tools/call`. Diagnostics go to stderr only.
final class MCPServer {
    /// A tool: its name, description, JSON Schema for the arguments, and the handler.
    struct Tool {
        var name: String
        var description: String
        var inputSchema: JSONValue
        var handler: (JSONValue) throws -> JSONValue
    }

    /// A tool failure reported to the client as `isError: true` content.
    struct ToolError: Error { var message: String }

    static let protocolVersion = "2025-06-18"
    static let supportedVersions: Set<String> = ["2024-11-05", "2025-03-26", "2025-06-18"]

    let tools: [Tool]
    let write: (String) -> Void

    init(tools: [Tool], write: @escaping (String) -> Void) {
        self.tools = tools
        self.write = write
    }

    /// Serves until stdin closes.
    func serve() {
        while let line = readLine(strippingNewline: true) {
            if let reply = reply(to: line) { write(reply + "\n") }
        }
    }

    /// The response to one line as the text to send, or `nil` for notifications. A number id goes back
    /// exactly as the request wrote it: JSON numbers are read as doubles, so `9007199254740993` would
    /// come back as `9007199254740992` and `12345678901234567890123` in another notation.
    func reply(to line: String) -> String? {
        guard let response = handle(line) else { return nil }
        guard case .object(var members) = response, members["id"]?.numberValue != nil,
              let raw = Self.numberID(in: Array(line.utf8)) else { return response.canonicalJSON }
        members["id"] = nil
        return "{\"id\":" + raw + "," + JSONValue.object(members).canonicalJSON.dropFirst()
    }

    /// The text of the request's `"id"` member when it is a number, as it appears in `bytes` (the
    /// request, already known to be one valid JSON object).
    static func numberID(in bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { buffer -> String? in
            var p = JSONParser(bytes: buffer)
            do {
                try p.expect(UInt8(ascii: "{"), "an object")
                if p.consume(UInt8(ascii: "}")) { return nil }
                repeat {
                    let key = try p.parseValue(depth: 1)
                    try p.expect(UInt8(ascii: ":"), "':'")
                    let first = p.peek()
                    let start = p.index
                    _ = try p.parseValue(depth: 1)
                    if key == .string("id") {
                        guard let first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
                        return String(decoding: buffer[start..<p.index], as: UTF8.self)
                    }
                } while p.consume(UInt8(ascii: ","))
            } catch {}
            return nil
        }
    }

    /// Handles one message; returns the response, or `nil` for notifications.
    func handle(_ line: String) -> JSONValue? {
        guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return nil }
        guard let message = try? JSONParser.parseDocument(Array(line.utf8)) else {
            return Self.error(id: .null, code: -32700, "parse error: each line must be one JSON-RPC message")
        }
        guard message.objectValue != nil else {
            // Valid JSON, but not a request object: a batch (which MCP no longer has) or a scalar.
            return Self.error(id: .null, code: -32600, "invalid request: send one JSON-RPC object per line (no batches)")
        }
        let id = message["id"]
        // MCP, unlike JSON-RPC 2.0, forbids a null id: such a request is refused, and nothing is run.
        if let id, id.stringValue == nil, id.numberValue == nil {
            return Self.error(id: .null, code: -32600, "invalid request: an id is a string or a number\(id == .null ? " (MCP requests may not have a null id)" : "")")
        }
        guard message["jsonrpc"]?.stringValue == "2.0" else {
            return id == nil ? nil : Self.error(id: id!, code: -32600, "invalid request: \"jsonrpc\" must be \"2.0\"")
        }
        guard let method = message["method"]?.stringValue else {
            // A response from the client (we send no requests) or junk without a method.
            return id == nil ? nil : Self.error(id: id!, code: -32600, "invalid request: no method")
        }
        guard let id else { return nil } // notifications, e.g. notifications/initialized
        let params = message["params"] ?? .object([:])
        switch method {
        case "initialize":
            let asked = params["protocolVersion"]?.stringValue ?? Self.protocolVersion
            return Self.result(id: id, [
                "protocolVersion": .string(Self.supportedVersions.contains(asked) ? asked : Self.protocolVersion),
                "capabilities": ["tools": ["listChanged": false]],
                "serverInfo": ["name": "autoheal", "version": .string(AutohealVersion.current)],
                "instructions": "autoheal tracks incidents and their preventive fixes. Use list_open_prevention to find work, get_prevention_brief for a task, and record_prevention after committing a fix with the trailer `Prevents: INC-N` (again with `pr` once you open a pull request for it).",
            ])
        case "ping":
            return Self.result(id: id, .object([:]))
        case "tools/list":
            return Self.result(id: id, ["tools": .array(tools.map {
                ["name": .string($0.name), "description": .string($0.description), "inputSchema": $0.inputSchema]
            })])
        case "tools/call":
            guard let name = params["name"]?.stringValue else { return Self.error(id: id, code: -32602, "tools/call needs a tool name") }
            guard let tool = tools.first(where: { $0.name == name }) else {
                return Self.error(id: id, code: -32602, "unknown tool \(name) (tools/list lists them)")
            }
            let args = params["arguments"] ?? .object([:])
            if let problem = Self.argumentProblem(args, schema: tool.inputSchema) {
                return Self.result(id: id, ["content": [["type": "text", "text": .string(problem)]], "isError": true])
            }
            do {
                let value = try tool.handler(args)
                let text = value.stringValue ?? value.prettyJSON
                var result: [String: JSONValue] = ["content": [["type": "text", "text": .string(text)]], "isError": false]
                if value.objectValue != nil { result["structuredContent"] = value }
                return Self.result(id: id, .object(result))
            } catch {
                let message = (error as? ToolError)?.message ?? ErrorMapping.map(error)?.message ?? "\(error)"
                return Self.result(id: id, ["content": [["type": "text", "text": .string(message)]], "isError": true])
            }
        default:
            return Self.error(id: id, code: -32601, "method not found: \(method)")
        }
    }

    static func result(id: JSONValue, _ result: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

/// Why `args` does not fit a tool's input schema (an object of the declared properties, each of its
    /// declared JSON type), or `nil`: a wrong type would otherwise read as absent (`"overdue":"yes"`
    /// meant false), and an unknown argument as ignored.
    static func argumentProblem(_ args: JSONValue, schema: JSONValue) -> String? {
        guard let given = args.objectValue else { return "the arguments must be an object" }
        let properties = schema["properties"]?.objectValue ?? [:]
        for (name, value) in given.sorted(by: { $0.key < $1.key }) {
            guard let declared = properties[name] else {
                return "unknown argument \"\(name)\" (known: \(properties.keys.sorted().joined(separator: ", ")))"
            }
            guard let type = declared["type"]?.stringValue else { continue }
            let fits: Bool
            switch type {
            case "string": fits = value.stringValue != nil
            case "boolean": fits = value.boolValue != nil
            case "number", "integer": fits = value.numberValue != nil
            case "array": fits = value.arrayValue != nil
            case "object": fits = value.objectValue != nil
            default: fits = true
            }
            if !fits { return "the argument \"\(name)\" must be a\(type.first.map { "aeiou".contains($0) } == true ? "n" : "") \(type)" }
        }
        return nil
    }

        static func error(id: JSONValue, code: Int, _ message: String) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "error": ["code": .number(Double(code)), "message": .string(message)]]
    }
}
