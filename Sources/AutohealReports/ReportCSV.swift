import AutohealCore

/// The report as CSV (RFC 4180): one row per group plus a `total` row; durations in seconds. The last
/// column, `row`, says which is which (`group` or `total`): the total row also says `total` in the
/// service column, for people reading the file, but so would a service named `total`.
public enum ReportCSV {
    public static let columns = [
        "service", "severity", "period", "incidents", "declared", "undeclared", "retroactive", "reclassified",
        "mttd_n", "mttd_median", "mttd_p90", "mttd_mean", "mttr_n", "mttr_median", "mttr_p90", "mttr_mean",
        "mttp_n", "mttp_landed", "mttp_open", "mttp_waived", "mttp_median", "mttp_median_landed", "mttp_p90_landed",
        "mttp_within_target", "fallbacks_detection", "fallbacks_recovery", "anomalies", "row",
    ]

    public static func render(_ report: Report) -> String {
        var out = columns.joined(separator: ",") + "\r\n"
        func num(_ d: Double?) -> String { d.map { String(Stats.roundSeconds($0)) } ?? "" }
        func row(_ g: ReportGroup, total: Bool) -> String {
            let period = g.key[.quarter] ?? g.key[.month]
            let fields: [String] = [
                total ? "total" : text(g.key[.service]), text(g.key[.severity]), text(period),
                "\(g.incidents)", "\(g.declared)", "\(g.undeclared)", "\(g.retroactive)", "\(g.reclassified)",
                "\(g.mttd.n)", num(g.mttd.median), num(g.mttd.p90), num(g.mttd.mean),
                "\(g.mttr.n)", num(g.mttr.median), num(g.mttr.p90), num(g.mttr.mean),
                "\(g.mttp.n)", "\(g.mttp.landed)", "\(g.mttp.open)", "\(g.mttp.waived)", num(g.mttp.median),
                num(g.mttp.medianLanded), num(g.mttp.p90Landed), g.mttp.withinTarget.map { String($0) } ?? "",
                "\(g.detectionFallbacks)", "\(g.recoveryFallbacks)", "\(g.anomalies)", total ? "total" : "group",
            ]
            return fields.map(escape).joined(separator: ",") + "\r\n"
        }
        for g in report.groups { out += row(g, total: false) }
        out += row(report.total, total: true)
        return out
    }

    /// A name from the events (service, severity) as a cell: one that a spreadsheet would run as a formula
    /// (starting `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, as OWASP advises for CSV
    /// meant for spreadsheets.
    public static func text(_ name: String?) -> String {
        guard let name, let first = name.first else { return "" }
        return "=+-@\t\r".contains(first) ? "'" + name : name
    }

    /// Quotes a field when it holds a comma, quote or line break.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
