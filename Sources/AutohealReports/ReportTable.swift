import AutohealCore

/// The human report: one aligned row per group, readable in an 80-column terminal, followed by the
/// clock rules in force and the fallback counts (no metric without its definition).
public enum ReportTable {
    public static func render(_ report: Report, style: TerminalStyle = .plain) -> String {
        let dims = report.query.by
        let groupHeader = dims.isEmpty ? "ALL" : dims.map { $0.rawValue.uppercased() }.joined(separator: "/")
        let legend = "UND undeclared  RET retroactive  RCL reclassified  OPEN open  WVD waived"
        var table = TextTable(
            headers: [groupHeader, "INC", "UND", "RET", "RCL", "MTTD", "p90", "MTTR", "p90", "MTTP", "OPEN", "WVD"],
            alignments: [.left] + Array(repeating: .right, count: 11),
            maxWidths: [18] + Array(repeating: nil, count: 11),
            gaps: [0, 2, 1, 1, 1, 2, 1, 2, 1, 2, 1, 1])
        func row(_ name: String, _ g: ReportGroup) -> [String] {
            [name, "\(g.incidents)", "\(g.undeclared)", "\(g.retroactive)", "\(g.reclassified)",
             DurationFormat.short(g.mttd.median), DurationFormat.short(g.mttd.p90),
             DurationFormat.short(g.mttr.median), DurationFormat.short(g.mttr.p90),
             DurationFormat.short(g.mttp.median), "\(g.mttp.open)", "\(g.mttp.waived)"]
        }
        for g in report.groups {
            table.add(row(dims.map { g.key[$0] ?? "none" }.joined(separator: " / "), g))
        }
        if report.groups.count != 1 || dims.isEmpty { table.add(row("total", report.total)) }
        var out = table.render(style: style)
        let t = report.total
        out += "\n" + style.dim(legend) + "\n"
        out += style.dim("MTTD/MTTR: median and p90; readings: MTTD \(t.mttd.n), MTTR \(t.mttr.n) of \(counted(t.incidents, "incident"))") + "\n"
        out += style.dim("MTTP: Kaplan–Meier median, open work censored at \(report.asOf)") + "\n"
        out += "fallbacks: detection \(t.detectionFallbacks), recovery \(t.recoveryFallbacks)"
        if t.anomalies > 0 { out += "; stop before start (left out): \(t.anomalies)" }
        out += "; severity policy: \(report.query.severityPolicy.rawValue)\n"
        out += RulesText.render(report.query.rules)
        return out
    }
}

/// The clock rules as short human lines.
public enum RulesText {
    public static func render(_ rules: ClockRules) -> String {
        let recoveryStart: String
        switch rules.recoveryStart {
        case .detectionStop: recoveryStart = "the detection stop"
        case .chain(let c): recoveryStart = c.description
        }
        return """
        clock rules (a > b: a, else b; [a|b]: the earlier of a and b)
        detection  start \(rules.detectionStart)
                   stop  \(rules.detectionStop)
        recovery   start \(recoveryStart)
                   stop  \(rules.recoveryStop)
        prevention start the recovery stop
                   stop  first landing of the preventive fix on the default branch

        """
    }
}
