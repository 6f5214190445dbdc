import AutohealCore

/// The report as OpenMetrics text (`application/openmetrics-text; version=1.0.0`), ending in `# EOF`.
///
/// Every group of the report is one label set (`service`, `severity`, `period` as grouped); the
/// report's total is the same metrics with no group labels. Durations are in seconds. Only gauges and
/// summaries are used, so node_exporter's textfile collector (which reads the Prometheus text format,
/// where `# UNIT` and `# EOF` are comments) takes the file as it is.
///
/// - `autoheal_mttd_seconds`, `autoheal_mttr_seconds`: summaries (median and p90 as quantiles 0.5 and
///   0.9, `_sum` and `_count` over the incidents with a reading).
/// - `autoheal_mttp_seconds`: Kaplan–Meier quantiles of time to prevention, open work censored (a
///   quantile is absent while the curve has not reached it). `autoheal_mttp_landed_seconds`: median and
///   p90 of the landed fixes only.
/// - Gauges: incidents, declared, undeclared, retroactive, reclassified; prevention landed, open,
///   waived and within-target ratio; clock fallbacks by clock; the report's time; the clock rules.
public enum OpenMetricsRenderer {
    public static func render(_ report: Report) -> String {
        var out = OpenMetricsWriter()
        let rows: [(labels: [(String, String)], group: ReportGroup)] =
            report.groups.map { (labels(for: $0, dims: report.query.by), $0) } + [([], report.total)]

        out.family("autoheal_report_timestamp_seconds", type: "gauge", unit: "seconds",
                   help: "When the report was taken (open prevention is censored here), Unix seconds.")
        out.sample("autoheal_report_timestamp_seconds", [], Double(report.asOf.microseconds) / 1_000_000)

        out.family("autoheal_clock_rule", type: "gauge",
                   help: "The clock rules in force (value 1); a > b: a, else b; [a|b]: the earlier of a and b.")
        for (clock, start, stop) in rules(report.query.rules) {
            out.sample("autoheal_clock_rule", [("clock", clock), ("start", start), ("stop", stop),
                                                ("severity_policy", report.query.severityPolicy.rawValue)], 1)
        }

        summary(&out, "autoheal_mttd_seconds", "Time to detect, seconds (median and p90).", rows) { $0.mttd }
        summary(&out, "autoheal_mttr_seconds", "Time to recover, seconds (median and p90).", rows) { $0.mttr }

        out.family("autoheal_mttp_seconds", type: "summary", unit: "seconds",
                   help: "Time to prevention, seconds: Kaplan-Meier quantiles with open work censored.")
        for (labels, g) in rows {
            for q in [0.5, 0.9] {
                if let v = g.mttp.curve.quantile(q) { out.sample("autoheal_mttp_seconds", labels + [("quantile", quantile(q))], round(v)) }
            }
        }
        out.family("autoheal_mttp_landed_seconds", type: "summary", unit: "seconds",
                   help: "Time to prevention of the landed fixes only, seconds (median and p90).")
        for (labels, g) in rows {
            if let v = g.mttp.medianLanded { out.sample("autoheal_mttp_landed_seconds", labels + [("quantile", "0.5")], round(v)) }
            if let v = g.mttp.p90Landed { out.sample("autoheal_mttp_landed_seconds", labels + [("quantile", "0.9")], round(v)) }
        }

        let gauges: [(String, String, (ReportGroup) -> Double)] = [
            ("autoheal_incidents", "Incidents that started in the report's window.", { Double($0.incidents) }),
            ("autoheal_incidents_declared", "Incidents that were declared.", { Double($0.declared) }),
            ("autoheal_incidents_undeclared", "Undeclared episodes: never declared as incidents.", { Double($0.undeclared) }),
            ("autoheal_incidents_retroactive", "Incidents discovered after the fact.", { Double($0.retroactive) }),
            ("autoheal_incidents_reclassified", "Incidents whose severity changed.", { Double($0.reclassified) }),
            ("autoheal_prevention_landed", "Incidents whose preventive fix landed.", { Double($0.mttp.landed) }),
            ("autoheal_prevention_open", "Recovered incidents still waiting for a preventive fix.", { Double($0.mttp.open) }),
            ("autoheal_prevention_waived", "Incidents whose prevention was waived.", { Double($0.mttp.waived) }),
        ]
        for (name, help, value) in gauges {
            out.family(name, type: "gauge", help: help)
            for (labels, g) in rows { out.sample(name, labels, value(g)) }
        }
        out.family("autoheal_prevention_within_target_ratio", type: "gauge", unit: "ratio",
                   help: "Share of decided prevention work that landed within its severity's target.")
        for (labels, g) in rows {
            if let r = g.mttp.withinTarget { out.sample("autoheal_prevention_within_target_ratio", labels, r) }
        }
        out.family("autoheal_clock_fallbacks", type: "gauge",
                   help: "Clock readings taken from a fallback stamp rather than the rule's first choice.")
        for (labels, g) in rows {
            out.sample("autoheal_clock_fallbacks", labels + [("clock", "detection")], Double(g.detectionFallbacks))
            out.sample("autoheal_clock_fallbacks", labels + [("clock", "recovery")], Double(g.recoveryFallbacks))
        }
        out.family("autoheal_clock_anomalies", type: "gauge",
                   help: "Readings left out because their stop preceded their start.")
        for (labels, g) in rows { out.sample("autoheal_clock_anomalies", labels, Double(g.anomalies)) }
        return out.finish()
    }

    /// The group labels of one report row, in the query's order. A group without a value has the label
    /// empty — which Prometheus reads as the label being absent (a value named `none` stays apart) — and
    /// an `unset` label naming the dimensions it lacks, so it is not the same series as the total's,
    /// which has no labels at all (`autoheal_incidents{severity=""}` and `autoheal_incidents` would be).
    static func labels(for g: ReportGroup, dims: [ReportDimension]) -> [(String, String)] {
        var out = dims.map { d in (d == .quarter || d == .month ? "period" : d.rawValue, g.key[d] ?? "") }
        let unset = dims.filter { g.key[$0] == nil }.map { $0 == .quarter || $0 == .month ? "period" : $0.rawValue }
        if !unset.isEmpty { out.append(("unset", unset.joined(separator: ","))) }
        return out
    }

    static func rules(_ r: ClockRules) -> [(String, String, String)] {
        let recoveryStart: String
        switch r.recoveryStart {
        case .detectionStop: recoveryStart = "detection.stop"
        case .chain(let c): recoveryStart = c.description
        }
        return [("detection", r.detectionStart.description, r.detectionStop.description),
                ("recovery", recoveryStart, r.recoveryStop.description),
                ("prevention", "recovery.stop", "prevention.landed")]
    }

    private static func summary(_ out: inout OpenMetricsWriter, _ name: String, _ help: String,
                                _ rows: [(labels: [(String, String)], group: ReportGroup)], _ pick: (ReportGroup) -> Summary) {
        out.family(name, type: "summary", unit: "seconds", help: help)
        for (labels, g) in rows {
            let s = pick(g)
            if let m = s.median { out.sample(name, labels + [("quantile", "0.5")], round(m)) }
            if let p = s.p90 { out.sample(name, labels + [("quantile", "0.9")], round(p)) }
            out.sample(name + "_sum", labels, s.mean.map { ($0 * Double(s.n)).rounded() } ?? 0)
            out.sample(name + "_count", labels, Double(s.n))
        }
    }

    private static func quantile(_ q: Double) -> String { q == 0.5 ? "0.5" : "0.9" }
    private static func round(_ v: Double) -> Double { Double(Stats.roundSeconds(v)) }
}

/// Writes OpenMetrics text: metric families with their metadata, samples with escaped labels, `# EOF`.
struct OpenMetricsWriter {
    private(set) var text = ""

    mutating func family(_ name: String, type: String, unit: String? = nil, help: String) {
        text += "# TYPE \(name) \(type)\n"
        if let unit { text += "# UNIT \(name) \(unit)\n" }
        text += "# HELP \(name) \(Self.escape(help, quotes: false))\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1, quotes: true))\"" }.joined(separator: ",") + "}"
        }
        text += " " + Self.number(value) + "\n"
    }

    func finish() -> String { text + "# EOF\n" }

    /// A number as OpenMetrics writes it: integers without a fraction, `NaN`, `+Inf`, `-Inf`.
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v.rounded() == v, abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    /// Escapes backslash and line feed (and double quote in label values).
    static func escape(_ s: String, quotes: Bool) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
