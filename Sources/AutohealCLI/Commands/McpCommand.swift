import ArgumentParser
import Foundation

/// `autoheal mcp`: a Model Context Protocol server on stdio for coding agents (Claude Code, Cursor, Codex, …).
struct McpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the Model Context Protocol on stdin/stdout for coding agents.",
        discussion: "Tools: list_open_prevention, get_incident, get_prevention_brief, link_incident, record_prevention. See docs/mcp.md for client configuration.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ctx = try Context(global)
        // A tool call has no --db: the server reads the ledger it was started with.
        ctx.anotherLedgerHint = "the server reads the ledger it was started with; start it as autoheal mcp --db PATH to read another"
        let server = MCPServer(tools: MCPTools.all(ctx: ctx), write: { Terminal.out($0) })
        server.serve()
    }
}
