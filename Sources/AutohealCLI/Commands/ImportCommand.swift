import ArgumentParser
import AutohealCore
import AutohealImport
import AutohealLinkRun
import AutohealStore
import Foundation

/// `autoheal import`: add lifecycle events to the ledger, all or nothing, idempotently.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import lifecycle events (NDJSON or a JSON array, or an incident tool's export).",
        discussion: "A bad line is reported as FILE:LINE: reason, exit 65, and nothing from the run is written.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "auto, autoheal, pagerduty, pagerduty-webhook, alertmanager, statuspage, opsgenie or incidentio.")
    var format: String = "auto"
    @Argument(help: "Files to import; - reads standard input.")
    var files: [String]
    @OptionGroup var output: JSONFlag

    func validate() throws {
        guard ImportFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format \(format) (known: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard !files.isEmpty else { throw ValidationError("give at least one file, or - for standard input") }
    }

    func run() throws {
        let ctx = try Context(global)
        // A failed import writes nothing — not even the ledger it was pointed at, which would then pass
        // for an empty one (a mistyped --db in CI).
        let existed = FileManager.default.fileExists(atPath: ctx.databasePath)
        // The folders the ledger's path names that do not exist yet (opening the ledger creates them).
        var missing: [String] = []
        var dir = (ctx.databasePath as NSString).deletingLastPathComponent
        while !dir.isEmpty, dir != "/", !FileManager.default.fileExists(atPath: dir) {
            missing.append(dir)
            dir = (dir as NSString).deletingLastPathComponent
        }
        do { try run(in: ctx) } catch {
            if !existed {
                ctx.discardEmptyLedger()
                for d in missing where (try? FileManager.default.contentsOfDirectory(atPath: d))?.isEmpty == true {
                    try? FileManager.default.removeItem(atPath: d)
                }
            }
            // The run is one transaction: a ledger that cannot be written took none of it.
            if let e = error as? StoreError, let text = e.ledgerDescription(nothingWas: "imported") { throw CLIError(text) }
            throw error
        }
    }

    private func run(in ctx: Context) throws {
        let fmt = ImportFormat(rawValue: format)!
        let store = try ctx.openStore()
        // Parse on a second thread while this one writes, all inside one transaction: a bad line anywhere
        // makes the producer fail, the append rethrows, and the transaction rolls back — nothing written.
        let channel = BatchChannel<LocatedEvent>()
        let files = self.files, cwd = ctx.cwd
        // Messages name each file as the user can find it (``Context/shownPath(_:)``).
        let names = files.map(ctx.shownPath)
        // A progress bar over the input's bytes, on a terminal, for inputs big enough to wait for (~100k events).
        let totalBytes = files.contains("-") ? nil : files.reduce(0) { $0 + Self.size(of: $1, cwd: cwd) }
        let progress = Terminal.isTTY(2) && (totalBytes ?? Int.max) >= 10_000_000 ? Progress("importing", total: totalBytes) : nil
        let bar = UncheckedBox(progress)
        channel.startProducer { channel in
            var done = 0
            for (file, name) in zip(files, names) {
                let bytes = try Self.read(file, cwd: cwd, name: name)
                try fmt.parse(bytes, file: name, progress: { bar.value?.update(done + $0) }) { channel.put($0) }
                done += bytes.count
            }
        }
        var located: [LocatedEvent] = []
        let result: EventStore.AppendResult
        do {
            result = try store.append(batches: {
                guard let batch = try channel.take() else { return nil }
                located.append(contentsOf: batch)
                return batch.map(\.event)
            }, recordedAt: ctx.now, validate: { hasService in
                try Self.checkServices(located, hasService: hasService)
            })
        } catch let conflict as EventStore.Conflict {
            channel.close(error: nil)
            progress?.finish()
            let e = located[conflict.index]
            // The same run may hold the first use of the identity (not the ledger).
            let first = located[..<conflict.index].first(where: { $0.event.identity == conflict.identity })
            let firstUse = first.map { " (first at \($0.file):\($0.line))" } ?? ""
            guard let id = e.event.id else {
                let what = first.map { "as \($0.file):\($0.line)" } ?? "as an event already imported"
                throw ImportError(file: e.file, line: e.line, reason: "the same event \(what) (same incident, type, time, source and attrs) but with another service or severity; send it once, or give each an \"id\"")
            }
            if first != nil {
                throw ImportError(file: e.file, line: e.line, reason: "event id \"\(id)\" is used again with different content\(firstUse)")
            }
            throw ImportError(file: e.file, line: e.line, reason: "event id \"\(id)\" was already imported with different content")
        } catch {
            channel.close(error: nil)
            progress?.finish()
            throw error
        }
        progress?.finish()
        let (incidents, extensionOnly) = try Self.incidentCounts(located, store: store)
        if output.json {
            Output.json(["events": JSONValue(located.count), "new": JSONValue(result.new),
                         "duplicates": JSONValue(result.duplicates), "incidents": JSONValue(incidents),
                         "extension_only_incidents": JSONValue(extensionOnly)])
        } else {
            let others = extensionOnly == 0 ? "" : " (and \(extensionOnly) known only from extension (x-) events, which are stored and ignored)"
            Terminal.out("imported \(counted(located.count, "event")) (\(result.new) new, \(counted(result.duplicates, "duplicate"))) for \(counted(incidents, "incident"))\(others)\n")
        }
    }

    /// The incidents the run's events name, as the ledger now stands: those that are incidents for the
    /// clocks, and those known only from `x-` events (``Incident/isExtensionOnly``: `incidents` does not
    /// list them, no report counts them). Only an incident this run sent nothing but `x-` events for
    /// needs the ledger asked.
    static func incidentCounts(_ located: [LocatedEvent], store: EventStore) throws -> (incidents: Int, extensionOnly: Int) {
        var named = Set<String>(), lifecycle = Set<String>()
        for e in located {
            named.insert(e.event.incident)
            if e.event.type.marksIncidentStart { lifecycle.insert(e.event.incident) }
        }
        var extensionOnly = 0
        for id in named where !lifecycle.contains(id) {
            if Incident(id: id, events: try store.events(incident: id, attrsFor: [])).isExtensionOnly { extensionOnly += 1 }
        }
        return (named.count - extensionOnly, extensionOnly)
    }

    /// Every incident needs a service on at least one of its events, in this run or already stored.
    static func checkServices(_ located: [LocatedEvent], hasService: (String) throws(StoreError) -> Bool) throws {
        var firstLine: [String: LocatedEvent] = [:]
        var withService = Set<String>()
        for e in located {
            if firstLine[e.event.incident] == nil { firstLine[e.event.incident] = e }
            if e.event.service != nil { withService.insert(e.event.incident) }
        }
        for (incident, e) in firstLine.sorted(by: { ($0.value.file, $0.value.line) < ($1.value.file, $1.value.line) })
        where !withService.contains(incident) {
            if try !hasService(incident) {
                throw ImportError(file: e.file, line: e.line, reason: "incident \(incident) has no \"service\" on any event")
            }
        }
    }

    /// The size of a file in bytes (0 when unreadable; reading reports the error).
    static func size(of file: String, cwd: String) -> Int {
        let path = Paths.absolute(file, relativeTo: cwd)
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// The bytes of `file` (`-`: standard input); one that cannot be read is refused with the system's
    /// reason, named `name`.
    static func read(_ file: String, cwd: String, name: String) throws -> [UInt8] {
        do { return Array(try InputFile.read(file, cwd: cwd)) } catch {
            throw CLIError("\(name): cannot read\(error.fromStandardInput ? " standard input" : ""): \(error.reason)", status: .badInput)
        }
    }
}
