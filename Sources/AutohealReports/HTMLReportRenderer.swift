import AutohealCore

/// The report as one self-contained HTML file: inline CSS and SVG, no script and no network assets
/// (a Content-Security-Policy forbids them), every piece of incident text escaped.
///
/// It shows MTTD, MTTR and MTTP per service by quarter, the Kaplan–Meier curve of time to
/// prevention, open work by age and severity, the clock rules in force, the fallback counts and the
/// tables behind the charts.
public enum HTMLReportRenderer {
    /// Services drawn in a chart at most (the most incidents first); the tables list them all.
    static let maxSeries = 8

    public static func render(_ data: HTMLReportData, generatedAt: Timestamp, title: String = "autoheal report") -> String {
        let report = data.report
        var body = "<header><h1>\(HTML.escape(title))</h1><p class=\"meta\">Generated \(generatedAt); open prevention censored at \(report.asOf); "
        body += "severity policy <b>\(report.query.severityPolicy.rawValue)</b>"
        if let since = report.query.since { body += "; since \(since)" }
        if let until = report.query.until { body += "; until \(until)" }
        body += ".</p></header>\n"
        body += summaryCards(report.total)
        body += "<section id=\"clocks\"><h2>Clocks per service by quarter (median)</h2>\n" + clockCharts(data.byQuarter) + "</section>\n"
        body += "<section id=\"prevention\"><h2>Time to prevention (Kaplan–Meier)</h2>\n"
        body += "<p class=\"note\">Share of recovered incidents still waiting for their preventive fix. Open work is censored at \(report.asOf), never dropped; the median is where a curve crosses the dashed line.</p>\n"
        body += kaplanMeierChart(data.byQuarter, report: report) + "</section>\n"
        body += "<section id=\"open-work\"><h2>Open preventive work by age and severity</h2>\n" + openWorkChart(data.openWork) + openWorkTable(data.openWork) + "</section>\n"
        body += "<section id=\"tables\"><h2>Report</h2>\n" + reportTable(report) + "<h3>By service and quarter</h3>\n" + reportTable(data.byQuarter) + "</section>\n"
        body += "<section id=\"rules\"><h2>Clock rules in force</h2>\n" + rules(report) + "</section>\n"
        body += "<section id=\"fallbacks\"><h2>Fallbacks</h2>\n" + fallbacks(report) + "</section>\n"
        return page(title: title, body: body)
    }

    // MARK: Sections

    static func summaryCards(_ t: ReportGroup) -> String {
        let cards: [(String, String, String)] = [
            ("Incidents", "\(t.incidents)", "\(t.undeclared) undeclared, \(t.retroactive) retroactive, \(t.reclassified) reclassified"),
            ("MTTD", DurationFormat.short(t.mttd.median), "p90 \(DurationFormat.short(t.mttd.p90)) over \(t.mttd.n)"),
            ("MTTR", DurationFormat.short(t.mttr.median), "p90 \(DurationFormat.short(t.mttr.p90)) over \(t.mttr.n)"),
            ("MTTP", DurationFormat.short(t.mttp.median), "\(t.mttp.landed) landed, \(t.mttp.open) open, \(t.mttp.waived) waived"),
        ]
        return "<section id=\"summary\" class=\"cards\">" + cards.map {
            "<div class=\"card\"><div class=\"label\">\(HTML.escape($0.0))</div><div class=\"value\">\(HTML.escape($0.1))</div><div class=\"sub\">\(HTML.escape($0.2))</div></div>"
        }.joined() + "</section>\n"
    }

    /// The services with the most incidents first, at most `maxSeries`.
    static func topServices(_ byQuarter: Report) -> [String] {
        var counts: [String: Int] = [:]
        for g in byQuarter.groups { counts[g.key[.service] ?? "none", default: 0] += g.incidents }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maxSeries).map(\.key)
    }

    static func clockCharts(_ byQuarter: Report) -> String {
        let quarters = Array(Set(byQuarter.groups.compactMap { $0.key[.quarter] })).sorted()
        let services = topServices(byQuarter)
        guard !quarters.isEmpty else { return "<p class=\"empty\">No incidents in this window.</p>\n" }
        var index: [String: ReportGroup] = [:]
        for g in byQuarter.groups { index[(g.key[.service] ?? "none") + "\u{1F}" + (g.key[.quarter] ?? "none")] = g }
        let clocks: [(String, (ReportGroup) -> Double?)] = [
            ("MTTD — time to detect", { $0.mttd.median }),
            ("MTTR — time to recover", { $0.mttr.median }),
            ("MTTP — time to prevention (Kaplan–Meier median)", { $0.mttp.median }),
        ]
        // With more services than a chart can tell apart, say which are drawn (the tables below have all).
        let allServices = Set(byQuarter.groups.map { $0.key[.service] ?? "none" }).count
        let shown = allServices > services.count
            ? " — the \(services.count) services with the most incidents of \(allServices); the tables below have every one" : ""
        var out = "<div class=\"charts\">"
        for (title, pick) in clocks {
            let series = services.map { s in
                SVGChart.Series(name: s, values: quarters.map { q in index[s + "\u{1F}" + q].flatMap(pick) })
            }
            out += "<figure>" + SVGChart.lines(title: title, xLabels: quarters, series: series) + "<figcaption>\(HTML.escape(title + shown))</figcaption></figure>"
        }
        return out + "</div>\n"
    }

    static func kaplanMeierChart(_ byQuarter: Report, report: Report) -> String {
        // Curves per service come from the main report when it is grouped by service alone.
        var curves: [(name: String, points: [(time: Double, survival: Double)], end: Double)] = []
        func add(_ name: String, _ km: KaplanMeier) {
            let points = km.steps.map { (time: $0.time, survival: $0.survival) }
            curves.append((name, points, points.last?.time ?? 0))
        }
        add("all services", report.total.mttp.curve)
        if report.query.by == [.service] {
            for g in report.groups.sorted(by: { $0.incidents > $1.incidents }).prefix(maxSeries - 1) where !g.mttp.curve.steps.isEmpty {
                add(g.key[.service] ?? "none", g.mttp.curve)
            }
        }
        if report.total.mttp.n == 0 { return "<p class=\"empty\">No recovered incidents yet.</p>\n" }
        let t = report.total.mttp
        return "<figure>" + SVGChart.steps(title: "Time to prevention: share still open", curves: curves)
            + "<figcaption>Median \(DurationFormat.short(t.median)) (Kaplan–Meier, \(t.open) open censored); landed only: median \(DurationFormat.short(t.medianLanded)), p90 \(DurationFormat.short(t.p90Landed)).</figcaption></figure>\n"
    }

    static let ageBuckets: [(String, Int64)] = [("< 7d", 7 * 86_400), ("7–14d", 14 * 86_400), ("14–30d", 30 * 86_400), ("30–90d", 90 * 86_400), ("≥ 90d", Int64.max)]

    static func openWorkChart(_ work: [OpenWorkItem]) -> String {
        guard !work.isEmpty else { return "<p class=\"empty\">No open preventive work.</p>\n" }
        let severities = Array(Set(work.map { $0.severity ?? "none" })).sorted {
            let a = SeverityOrder.rank($0), b = SeverityOrder.rank($1)
            return a != b ? a < b : $0 < $1
        }
        let series = severities.map { sev in
            (name: sev, counts: ageBuckets.indices.map { i in
                work.filter { ($0.severity ?? "none") == sev && bucket($0.ageSeconds) == i }.count
            })
        }
        return "<figure>" + SVGChart.stackedBars(title: "Open preventive work by age and severity", categories: ageBuckets.map(\.0), series: series)
            + "<figcaption>\(work.count) open, \(work.filter(\.overdue).count) overdue.</figcaption></figure>\n"
    }

    static func bucket(_ age: Int64) -> Int { ageBuckets.firstIndex { age < $0.1 } ?? ageBuckets.count - 1 }

    static func openWorkTable(_ work: [OpenWorkItem]) -> String {
        guard !work.isEmpty else { return "" }
        var rows = ""
        for w in work {
            rows += "<tr\(w.overdue ? " class=\"overdue\"" : "")><td>\(HTML.escape(w.incident))</td><td>\(HTML.escape(w.service ?? "none"))</td>"
            rows += "<td>\(HTML.escape(w.severity ?? "none"))</td><td>\(HTML.escape(w.status))</td>"
            rows += "<td class=\"num\" title=\"\(w.ageSeconds) s\">\(DurationFormat.short(w.ageSeconds))</td><td class=\"num\">\(DurationFormat.short(w.targetSeconds))</td>"
            rows += "<td>\(w.overdue ? "overdue" : "")</td></tr>\n"
        }
        return "<table><thead><tr><th>Incident</th><th>Service</th><th>Severity</th><th>Status</th><th>Age</th><th>Target</th><th></th></tr></thead><tbody>\n\(rows)</tbody></table>\n"
    }

    static func reportTable(_ report: Report) -> String {
        let dims = report.query.by
        var head = dims.map { "<th>\(HTML.escape($0.rawValue))</th>" }.joined()
        if dims.isEmpty { head = "<th>group</th>" }
        head += ["incidents", "declared", "undeclared", "retroactive", "reclassified", "MTTD median", "MTTD p90", "MTTD mean",
                 "MTTR median", "MTTR p90", "MTTR mean", "MTTP median (KM)", "MTTP landed median", "landed", "open", "waived",
                 "within target", "fallbacks detection", "fallbacks recovery"].map { "<th>\($0)</th>" }.joined()
        func duration(_ v: Double?) -> String {
            "<td class=\"num\"\(v.map { " title=\"\(Stats.roundSeconds($0)) s\"" } ?? "")>\(DurationFormat.short(v))</td>"
        }
        func row(_ g: ReportGroup, total: Bool) -> String {
            var r = total ? "<tr class=\"total\">" : "<tr>"
            if dims.isEmpty || total {
                r += "<td colspan=\"\(max(dims.count, 1))\">\(total ? "total" : "all")</td>"
            } else {
                r += dims.map { "<td>\(HTML.escape(g.key[$0] ?? "none"))</td>" }.joined()
            }
            r += [g.incidents, g.declared, g.undeclared, g.retroactive, g.reclassified].map { "<td class=\"num\">\($0)</td>" }.joined()
            r += duration(g.mttd.median) + duration(g.mttd.p90) + duration(g.mttd.mean)
            r += duration(g.mttr.median) + duration(g.mttr.p90) + duration(g.mttr.mean)
            r += duration(g.mttp.median) + duration(g.mttp.medianLanded)
            r += [g.mttp.landed, g.mttp.open, g.mttp.waived].map { "<td class=\"num\">\($0)</td>" }.joined()
            r += "<td class=\"num\">\(g.mttp.withinTarget.map { "\(Int(($0 * 100).rounded()))%" } ?? "–")</td>"
            r += "<td class=\"num\">\(g.detectionFallbacks)</td><td class=\"num\">\(g.recoveryFallbacks)</td></tr>\n"
            return r
        }
        var rows = report.groups.map { row($0, total: false) }.joined()
        rows += row(report.total, total: true)
        return "<div class=\"scroll\"><table><thead><tr>\(head)</tr></thead><tbody>\n\(rows)</tbody></table></div>\n"
    }

    static func rules(_ report: Report) -> String {
        var out = "<p class=\"note\">a &gt; b: a, else b; [a|b]: the earlier of a and b. A stamp from anything but a chain's first step is a fallback.</p><table class=\"rules\"><thead><tr><th>clock</th><th>start</th><th>stop</th></tr></thead><tbody>\n"
        for (clock, start, stop) in OpenMetricsRenderer.rules(report.query.rules) {
            out += "<tr><td>\(HTML.escape(clock))</td><td><code>\(HTML.escape(start))</code></td><td><code>\(HTML.escape(stop))</code></td></tr>\n"
        }
        out += "</tbody></table>\n<p>Severity policy: <b>\(report.query.severityPolicy.rawValue)</b>. Prevention targets: "
        let targets = report.query.targets
        out += targets.bySeverity.sorted { SeverityOrder.rank($0.key) < SeverityOrder.rank($1.key) }
            .map { "\(HTML.escape($0.key)) \(DurationFormat.short($0.value))" }.joined(separator: ", ")
        out += (targets.bySeverity.isEmpty ? "" : ", ") + "others \(DurationFormat.short(targets.other)).</p>\n"
        return out
    }

    static func fallbacks(_ report: Report) -> String {
        let t = report.total
        var out = "<p>Detection: <b>\(t.detectionFallbacks)</b> of \(counted(t.mttd.n, "reading")) from a fallback stamp; recovery: <b>\(t.recoveryFallbacks)</b> of \(t.mttr.n).</p>\n"
        if t.anomalies > 0 { out += "<p>Readings left out because their stop preceded their start: <b>\(t.anomalies)</b>.</p>\n" }
        return out
    }

    // MARK: Page

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 24px auto; max-width: 1400px; padding: 0 16px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .meta, .note, figcaption { color: #555; font-size: 13px; }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; }
        .card { border: 1px solid #ddd; border-radius: 6px; padding: 10px 16px; min-width: 180px; background: #fafafa; }
        .card .label { font-size: 12px; text-transform: uppercase; color: #666; } .card .value { font-size: 26px; font-weight: 600; }
        .card .sub { font-size: 12px; color: #666; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; } figure { margin: 0; } svg.chart { max-width: 100%; height: auto; border: 1px solid #eee; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
        th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: 600; background: #f8f8f8; } tr.overdue td { background: #fdecea; }
        .scroll { overflow-x: auto; } .empty { color: #777; font-style: italic; } code { font-size: 12px; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
