import ArgumentParser
import AutohealCore
import AutohealLinkRun

/// `autoheal waive INC --reason TEXT`: record a decision not to prevent this incident.
struct WaiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive", abstract: "Record a decision not to write a preventive fix (leaves the MTTP population, counted as waived).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The incident id.") var incident: String
    @Option(help: "Why prevention is waived (kept in the ledger).") var reason: String
    @OptionGroup var output: JSONFlag

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--reason must not be empty") }
    }

    func run() throws {
        let ctx = try Context(global)
        let inc = try ctx.incident(incident, toAct: "waive")
        // A fix that has landed prevented the incident: there is no decision left to waive (and MTTP
        // counts it landed). A landing later reverted reopens prevention, and can be waived again.
        if let landed = PreventionState(events: inc.events, asOf: ctx.now).landed {
            throw CLIError("\(VisibleText.of(incident)): its preventive fix already landed (\(landed.commit.map { String($0.prefix(12)) } ?? "a commit") at \(landed.at)); there is nothing to waive")
        }
        let already = inc.all(.preventionWaived).last?.attrs?["reason"]?.stringValue == reason
        if !already {
            let event = Event(incident: incident, type: .preventionWaived, at: ctx.now, source: "autoheal", attrs: ["reason": .string(reason)])
            _ = try ctx.openStore().append([event], recordedAt: ctx.now)
        }
        if output.json {
            Output.json(["incident": .string(incident), "waived": true, "reason": .string(reason), "recorded": .bool(!already)])
        } else {
            // Written visibly (``VisibleText``): an id or reason holding an escape sequence or a bidirectional
            // override would otherwise forge what the terminal shows. (JSON keeps them exact.)
            let id = VisibleText.of(incident), why = VisibleText.of(reason)
            Terminal.out(already ? "\(id): already waived (\(why))\n" : "\(id): prevention waived (\(why))\n")
        }
    }
}
