import AutohealCore

/// Small inline SVG charts for the HTML report: no script, no external assets, text escaped.
enum SVGChart {
    /// Colours for series, distinguishable on white and in print.
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    static let width = 600.0, height = 260.0
    static let left = 64.0, right = 150.0, top = 16.0, bottom = 40.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    /// A series of a line chart: a value (or a gap) per x position.
    struct Series {
        var name: String
        var values: [Double?]
    }

    /// Lines over categorical x positions (quarters), y in seconds shown in a readable unit.
    static func lines(title: String, xLabels: [String], series: [Series]) -> String {
        let maxY = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let unit = TimeUnit.pick(maxY)
        let ticks = niceTicks(maxY / unit.seconds)
        let yMax = (ticks.last ?? 1) * unit.seconds
        func x(_ i: Int) -> Double {
            xLabels.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(i) / Double(xLabels.count - 1)
        }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - (yMax > 0 ? v / yMax : 0)) }
        var svg = open(title)
        svg += axes(yTicks: ticks.map { ($0 * unit.seconds, format($0) + unit.suffix) }, yOf: y)
        for (i, label) in xLabels.enumerated() {
            svg += text(x(i), height - bottom + 16, label, anchor: "middle")
        }
        for (k, s) in series.enumerated() {
            let colour = palette[k % palette.count]
            var run: [String] = []
            func flush() {
                if run.count > 1 { svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(run.joined(separator: " "))\"/>" }
                run = []
            }
            for (i, v) in s.values.enumerated() {
                guard let v else { flush(); continue }
                run.append("\(n(x(i))),\(n(y(v)))")
                svg += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(v)))\" r=\"3\" fill=\"\(colour)\"><title>\(HTML.escape(s.name)) \(HTML.escape(xLabels[i])): \(DurationFormat.short(v))</title></circle>"
            }
            flush()
        }
        svg += legend(series.map(\.name))
        return svg + "</svg>"
    }

    /// Survival curves as steps: x in days, y the share still waiting (1 → 0), a dashed line at 0.5.
    static func steps(title: String, curves: [(name: String, points: [(time: Double, survival: Double)], end: Double)]) -> String {
        let maxX = max(curves.map(\.end).max() ?? 0, 1)
        let unit = TimeUnit.pick(maxX)
        let ticks = niceTicks(maxX / unit.seconds)
        let xMax = (ticks.last ?? 1) * unit.seconds
        func x(_ t: Double) -> Double { left + plotWidth * (xMax > 0 ? t / xMax : 0) }
        func y(_ s: Double) -> Double { top + plotHeight * (1 - s) }
        var svg = open(title)
        svg += axes(yTicks: [0, 0.25, 0.5, 0.75, 1].map { ($0, format($0 * 100) + "%") }, yOf: y)
        for t in ticks { svg += text(x(t * unit.seconds), height - bottom + 16, format(t) + unit.suffix, anchor: "middle") }
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(y(0.5)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y(0.5)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
        for (k, c) in curves.enumerated() {
            var points = ["\(n(x(0))),\(n(y(1)))"]
            var level = 1.0
            for p in c.points {
                points.append("\(n(x(p.time))),\(n(y(level)))")
                level = p.survival
                points.append("\(n(x(p.time))),\(n(y(level)))")
            }
            points.append("\(n(x(max(c.end, c.points.last?.time ?? 0)))),\(n(y(level)))")
            svg += "<polyline fill=\"none\" stroke=\"\(palette[k % palette.count])\" stroke-width=\"\(k == 0 ? 3 : 1.5)\" points=\"\(points.joined(separator: " "))\"><title>\(HTML.escape(c.name))</title></polyline>"
        }
        svg += legend(curves.map(\.name))
        return svg + "</svg>"
    }

    /// Stacked bars: one bar per category, one stack segment per series (counts).
    static func stackedBars(title: String, categories: [String], series: [(name: String, counts: [Int])]) -> String {
        let totals = categories.indices.map { i in series.reduce(0) { $0 + $1.counts[i] } }
        let ticks = niceTicks(Double(totals.max() ?? 0), integers: true)
        let yMax = max(ticks.last ?? 1, 1)
        func y(_ v: Double) -> Double { top + plotHeight * (1 - v / yMax) }
        var svg = open(title)
        svg += axes(yTicks: ticks.map { ($0, format($0)) }, yOf: y)
        let slot = plotWidth / Double(max(categories.count, 1))
        for (i, label) in categories.enumerated() {
            let x0 = left + slot * Double(i) + slot * 0.2
            var base = 0.0
            for (k, s) in series.enumerated() where s.counts[i] > 0 {
                let top = base + Double(s.counts[i])
                svg += "<rect x=\"\(n(x0))\" y=\"\(n(y(top)))\" width=\"\(n(slot * 0.6))\" height=\"\(n(y(base) - y(top)))\" fill=\"\(palette[k % palette.count])\"><title>\(HTML.escape(s.name)) \(HTML.escape(label)): \(s.counts[i])</title></rect>"
                base = top
            }
            svg += text(left + slot * (Double(i) + 0.5), height - bottom + 16, label, anchor: "middle")
        }
        svg += legend(series.map(\.name))
        return svg + "</svg>"
    }

    // MARK: Pieces

    private static func open(_ title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
            + "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#fff\"/>"
    }

    private static func axes(yTicks: [(Double, String)], yOf: (Double) -> Double) -> String {
        var svg = ""
        for (v, label) in yTicks {
            let y = yOf(v)
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" stroke=\"#e5e5e5\"/>"
            svg += text(left - 6, y + 4, label, anchor: "end")
        }
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotHeight))\" stroke=\"#333\"/>"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(top + plotHeight))\" stroke=\"#333\"/>"
        return svg
    }

    private static func legend(_ names: [String]) -> String {
        var svg = ""
        for (k, name) in names.enumerated() {
            let y = top + 14 + Double(k) * 18
            svg += "<rect x=\"\(n(width - right + 14))\" y=\"\(n(y - 9))\" width=\"10\" height=\"10\" fill=\"\(palette[k % palette.count])\"/>"
            svg += text(width - right + 30, y, name.count > 18 ? String(name.prefix(17)) + "…" : name, anchor: "start")
        }
        return svg
    }

    private static func text(_ x: Double, _ y: Double, _ s: String, anchor: String) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"#333\">\(HTML.escape(s))</text>"
    }

    /// A coordinate with at most one decimal.
    static func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String((v * 10).rounded() / 10)
    }

    /// Up to about five round tick values from 0 to at least `maxValue`.
    static func niceTicks(_ maxValue: Double, integers: Bool = false) -> [Double] {
        guard maxValue > 0 else { return [0, 1] }
        let raw = maxValue / 4
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        var step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        if integers { step = max(1, step.rounded(.up)) }
        var ticks: [Double] = [0]
        while ticks.last! < maxValue { ticks.append(ticks.last! + step) }
        return ticks
    }
}

/// A unit to show durations on an axis.
struct TimeUnit {
    var seconds: Double
    var suffix: String

    static func pick(_ maxSeconds: Double) -> TimeUnit {
        if maxSeconds >= 3 * 86_400 { return TimeUnit(seconds: 86_400, suffix: "d") }
        if maxSeconds >= 3 * 3600 { return TimeUnit(seconds: 3600, suffix: "h") }
        if maxSeconds >= 180 { return TimeUnit(seconds: 60, suffix: "m") }
        return TimeUnit(seconds: 1, suffix: "s")
    }
}

/// HTML escaping for text and attribute values.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // A bidirectional override reorders what follows ("\u{202E}evil" reads "live"): written
            // visibly, as text output writes it; other controls are replaced.
            case _ where (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value):
                out += "\\u{\(String(c.value, radix: 16, uppercase: true))}"
            case _ where VisibleText.isHidden(c) && c != "\n" && c != "\t": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
