import AutohealCore

/// Human renderings of one incident: `show` and `clocks`.
public enum IncidentText {
    /// `autoheal show`.
    public static func show(_ a: IncidentAnalysis, policy: SeverityPolicy, escapes: [String] = [], style: TerminalStyle = .plain) -> String {
        let inc = a.incident
        let sev = inc.severity
        if inc.isExtensionOnly {
            // No clock reads an `x-` event: say so instead of empty clocks and an "active" status.
            return style.bold("\(shown(inc.id))  \(shown(inc.service ?? "no service"))") + "\n" + extensionOnlyNote + "\n" + timeline(inc)
        }
        var out = style.bold("\(shown(inc.id))  \(shown(inc.service ?? "no service"))  \(shown(sev.level(for: policy) ?? "no severity"))  \(a.status)") + "\n"
        if let title = inc.title { out += "\(shown(title))\n" }
        var flags: [String] = []
        if inc.isUndeclared { flags.append("undeclared episode") } else if let d = inc.declaredAt { flags.append("declared \(d)") }
        if inc.isRetroactive { flags.append("retroactive") }
        if sev.reclassified {
            flags.append("reclassified " + sev.changes.map(\.severity).joined(separator: "→") + " (policy \(policy.rawValue))")
        }
        out += flags.joined(separator: "; ") + "\n\n"
        out += clockLine("detection", a.detection, style: style)
        out += clockLine("recovery", a.recovery, style: style)
        if let hidden = a.hiddenInvestigationSeconds {
            out += "hidden investigation  \(DurationFormat.short(hidden))  (detection stop → incident.declared)\n"
        }
        let state = a.preventionState
        var prevention = "prevention  \(state.status.rawValue)"
        if let landed = a.prevention.seconds {
            prevention += " after \(DurationFormat.short(landed))"
            if let l = state.landed { prevention += " (\(l.commit.map { String($0.prefix(12)) } ?? "?") at \(l.at), \(l.precision ?? "?"))" }
        } else if a.preventionOpen, let elapsed = a.preventionElapsedSeconds {
            prevention += ", open for \(DurationFormat.short(elapsed))"
        }
        if let anomaly = a.prevention.anomaly, let l = state.landed {
            prevention += " (\(l.commit.map { String($0.prefix(12)) } ?? "?") at \(l.at), before the recovery stop)  "
                + style.red("[\(anomaly): left out]")
        }
        if let b = state.branch { prevention += ", branch \(shown(b))" }
        if let r = state.waivedReason { prevention += state.status == .waived ? ": \(shown(r))" : ", waived: \(shown(r))" }
        out += prevention + "\n"
        if !escapes.isEmpty {
            out += style.red("prevention escaped: ") + "this recurs on code whose preventive fix had landed for \(shown(escapes.joined(separator: ", ")))\n"
        }
        if let link = inc.link {
            out += "\nroot cause (\(link["method"]?.stringValue ?? "linked")):\n"
            for c in link["introducing"]?.arrayValue ?? [] {
                out += "  \(shown(String((c["commit"]?.stringValue ?? "").prefix(12))))  \(shown(c["summary"]?.stringValue ?? ""))\n"
            }
            for p in link["paths"]?.arrayValue ?? [] {
                let ranges = (p["lines"]?.arrayValue ?? []).map { r in
                    let v = r.arrayValue?.compactMap(\.intValue) ?? []
                    return v.count == 2 ? (v[0] == v[1] ? "\(v[0])" : "\(v[0])-\(v[1])") : "?"
                }.joined(separator: ",")
                out += "  \(shown(p["path"]?.stringValue ?? "")):\(ranges)\n"
            }
            let related = (link["related_incidents"]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0["incident"]?.stringValue }
            if !related.isEmpty { out += "  related incidents: \(shown(related.joined(separator: ", ")))\n" }
        }
        return out + "\n" + timeline(inc)
    }

    /// What `show` and `clocks` say of an incident known only from `x-` events (``Incident/isExtensionOnly``).
    static let extensionOnlyNote = "only extension (x-) events, which are stored and ignored: not an incident for the clocks (neither listed nor counted)\n"

    /// The stored events, one a line.
    static func timeline(_ inc: Incident) -> String {
        var out = "timeline:\n"
        for e in inc.events {
            var line = "  \(e.at)  \(e.type.rawValue)"
            if let s = e.severity { line += " \(shown(s))" }
            if let s = e.source { line += "  [\(shown(s))]" }
            out += line + "\n"
        }
        return out
    }

    static func clockLine(_ name: String, _ c: Clock, style: TerminalStyle) -> String {
        var line = name.padding(10) + "  "
        if let s = c.seconds { line += DurationFormat.short(s).leftPadding(7) } else { line += "–".leftPadding(7) }
        if let start = c.start, let stop = c.stop {
            line += "  \(start.type.rawValue) \(start.at) → \(stop.type.rawValue) \(stop.at)"
        } else if let start = c.start {
            line += "  from \(start.type.rawValue) \(start.at), not stopped"
        } else {
            line += "  no start stamp"
        }
        if c.fallback { line += "  " + style.yellow("[fallback]") }
        if let anomaly = c.anomaly { line += "  " + style.red("[\(anomaly): left out]") }
        return line + "\n"
    }

    /// `autoheal clocks`: every reading side by side; `*` marks the configured rules.
    public static func readings(_ a: IncidentAnalysis, style: TerminalStyle = .plain) -> String {
        var table = TextTable(headers: ["CLOCK", "FROM", "TO", "TIME", "RULE"], alignments: [.left, .left, .left, .right, .left])
        for r in a.readings {
            table.add([r.clock, r.start, r.stop, r.seconds.map { DurationFormat.short($0) } ?? "stop<start", r.rule ? "*" : ""])
        }
        var out = style.bold(shown(a.incident.id)) + "\n"
        if a.incident.isExtensionOnly {
            out += extensionOnlyNote
        } else if a.readings.isEmpty {
            // An empty table says nothing; say which stamp each clock is waiting for.
            out += "no reading yet: no clock has both a start and a stop stamp\n"
            out += clockLine("detection", a.detection, style: style) + clockLine("recovery", a.recovery, style: style)
        } else {
            out += table.render(style: style)
        }
        if let hidden = a.hiddenInvestigationSeconds { out += "hidden investigation: \(DurationFormat.short(hidden))\n" }
        return out
    }
}

/// Text from the events as a terminal should show it (``VisibleText``).
func shown(_ text: String) -> String { VisibleText.of(text) }

extension String {
    /// Spaces after, up to `width` terminal columns (``DisplayWidth``).
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - DisplayWidth.of(self))) }
    /// Spaces before, up to `width` terminal columns (``DisplayWidth``).
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - DisplayWidth.of(self))) + self }
}
