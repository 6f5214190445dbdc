/// Parses durations such as `7d`, `36h`, `90m`, `45s`, `2w` or a plain number of seconds.
public enum DurationText {
    public static func seconds(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: " ")
        if let n = Int64(t), n >= 0 { return n }
        var total: Int64 = 0
        var number = ""
        var sawUnit = false
        for c in t {
            if c.isNumber { number.append(c); continue }
            guard let n = Int64(number) else { return nil }
            let unit: Int64
            switch c {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            case "w": unit = 604_800
            default: return nil
            }
            let (part, over) = n.multipliedReportingOverflow(by: unit)
            let (sum, overSum) = total.addingReportingOverflow(part)
            if over || overSum { return nil }
            total = sum
            number = ""
            sawUnit = true
        }
        return sawUnit && number.isEmpty ? total : nil
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
