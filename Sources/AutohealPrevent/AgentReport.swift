import AutohealCore

/// What an agent said about its own run, when it printed a JSON result object (claude and gemini do
/// with `--output-format json`; codex prints JSON lines): cost, turns and a summary.
public struct AgentReport: Equatable, Sendable {
    public var costUSD: Double?
    public var turns: Int?
    public var summary: String?

    /// Reads the agent's stdout: the whole output as one JSON document, else its JSON lines, newest
    /// first. `nil` when no object carries any of the known fields.
    public static func parse(_ output: [UInt8]) -> AgentReport? {
        var candidates: [JSONValue] = []
        if let whole = try? JSONParser.parseDocument(output) { candidates.append(whole) }
        if candidates.isEmpty {
            for line in output.split(separator: UInt8(ascii: "\n")).reversed().prefix(200) {
                guard line.first(where: { $0 != 32 && $0 != 9 }) == UInt8(ascii: "{") else { continue }
                if let v = try? JSONParser.parseDocument(Array(line)) { candidates.append(v) }
            }
        }
        for c in candidates {
            let objects = c.arrayValue?.reversed() ?? [c]
            for o in objects {
                if let r = report(o) { return r }
            }
        }
        return nil
    }

    static func report(_ o: JSONValue) -> AgentReport? {
        guard o.objectValue != nil else { return nil }
        let usage = o["usage"] ?? o["stats"]
        let cost = o["total_cost_usd"]?.numberValue ?? o["cost_usd"]?.numberValue ?? o["cost"]?.numberValue
            ?? usage?["total_cost_usd"]?.numberValue ?? usage?["cost"]?.numberValue
        // A turn count is a whole number from 0 up; anything else (`1e19`, `-1`, `2.5`, `"7"`) is not one.
        func count(_ v: JSONValue?) -> Int? { v?.intValue.flatMap { $0 >= 0 ? $0 : nil } }
        let turns = count(o["num_turns"]) ?? count(o["turns"]) ?? count(usage?["num_turns"])
        var summary = o["result"]?.stringValue ?? o["summary"]?.stringValue ?? o["response"]?.stringValue
            ?? o["message"]?.stringValue ?? o["msg"]?["message"]?.stringValue
        if let s = summary, s.count > 4000 { summary = String(s.prefix(4000)) + "…" }
        guard cost != nil || turns != nil || summary != nil else { return nil }
        return AgentReport(costUSD: cost, turns: turns, summary: summary)
    }

    public var json: JSONValue {
        ["cost_usd": JSONValue(costUSD), "turns": JSONValue(turns), "summary": JSONValue(summary)]
    }
}
