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
            if let reply = handle(line) { write(reply.canonicalJSON + "\n") }
        }
    }

    /// Handles one message; returns the response, or `nil` for notifications.
    func handle(_ line: String) -> JSONValue? {
        guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return nil }
        guard let message = try? JSONParser.parseDocument(Array(line.utf8)), message.objectValue != nil else {
            return Self.error(id: .null, code: -32700, "parse error: each line must be one JSON-RPC message")
        }
        let id = message["id"]
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
                "instructions": "autoheal tracks incidents and their preventive fixes. Use list_open_prevention to find work, get_prevention_brief for a task, and record_prevention after committing a fix with the trailer `Prevents: INC-N`.",
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

    static func error(id: JSONValue, code: Int, _ message: String) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "error": ["code": .number(Double(code)), "message": .string(message)]]
    }
}
