import AutohealCore

/// The one rule for every duration autoheal takes — `.autoheal.yml`'s prevention targets, `agent.timeout`
/// and `verify_timeout`, and `prevent --timeout`: a number and a unit, repeated (`7d`, `36h`, `90m`, `45s`,
/// `2w`, `1w2d`), at most ``maximumSeconds``. A bare number is refused (`7` would be seven seconds).
public enum DurationText {
    /// The longest duration taken: 36500 days, a hundred years. Longer is surely a typo, and it keeps
    /// every sum of a duration and a time, and every duration as a double, far inside `Int64`.
    public static let maximumSeconds: Int64 = 36_500 * 86_400

    /// Why a text is not a usable duration.
    public enum Problem: Error, Equatable, Sendable {
        /// Digits without a unit (`7`).
        case noUnit
        /// Not numbers and units (`soon`, `7 days`).
        case notADuration
        /// More than ``DurationText/maximumSeconds``.
        case tooLarge
        /// Zero, where a limit must allow some time (a timeout).
        case zero
    }

    /// The seconds `text` means, or why it means none. Zero is a duration (a target of `0s`); a
    /// timeout also refuses it (``positive(_:)``). Spaces are refused wherever they are (` 5m` as `7 d`).
    public static func parse(_ text: String) -> Result<Int64, Problem> {
        let t = text
        if !t.isEmpty, t.allSatisfy(\.isASCIIDigit) { return .failure(.noUnit) }
        var total: Int64 = 0
        var number = ""
        var sawUnit = false
        var tooLarge = false
        for c in t {
            if c.isASCIIDigit { number.append(c); continue }
            guard !number.isEmpty, let unit = unitSeconds[c] else { return .failure(.notADuration) }
            // More digits than Int64 holds is as much too large as an overflowing product.
            if let n = Int64(number) {
                let (part, over) = n.multipliedReportingOverflow(by: unit)
                let (sum, overSum) = total.addingReportingOverflow(part)
                if over || overSum || sum > maximumSeconds { tooLarge = true } else { total = sum }
            } else {
                tooLarge = true
            }
            number = ""
            sawUnit = true
        }
        guard sawUnit, number.isEmpty else { return .failure(.notADuration) }
        return tooLarge ? .failure(.tooLarge) : .success(total)
    }

    /// Like ``parse(_:)``, refusing zero: for a limit such as a timeout. A bare `0` is zero with or
    /// without a unit, so it is refused as zero (suggesting `0d` would suggest what is refused next).
    public static func positive(_ text: String) -> Result<Int64, Problem> {
        if !text.isEmpty, text.allSatisfy({ $0 == "0" }) { return .failure(.zero) }
        return parse(text).flatMap { $0 > 0 ? .success($0) : .failure(.zero) }
    }

    /// The seconds `text` means, or `nil` when it is not a usable duration.
    public static func seconds(_ text: String) -> Int64? { try? parse(text).get() }

    /// What is wrong with `text`, in the words every place that takes a duration uses (the text cut to
    /// ``EchoedText/limit`` characters).
    public static func reason(_ problem: Problem, text: String) -> String {
        let t = EchoedText.of(text)
        switch problem {
        case .noUnit: return "\(t) has no unit; write a duration like \(t)d, \(t)h or \(t)m"
        case .notADuration:
            let spaces = text.contains { $0 == " " || $0 == "\t" } ? " (no spaces)" : ""
            return "\"\(t)\" is not a duration like 20m, 36h or 7d\(spaces)"
        case .tooLarge: return "\(t) is too large: a duration is at most 36500d (100 years)"
        case .zero: return "\(t) must be more than zero"
        }
    }

    private static let unitSeconds: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
}

extension Character {
    /// `0`…`9` only (`isNumber` also takes other scripts' digits and fractions, which `Int64` cannot read).
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
