/// Strict RFC 3339 parsing and UTC formatting, without Foundation's date machinery.
///
/// Parsing accepts `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (a space or lower-case `t` as separator
/// too) and refuses a time without a zone offset, because a zone-less stamp cannot be placed on the
/// timeline without guessing.
public enum RFC3339 {
    /// Why a time string was refused.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case missingZone(String)
        case malformed(String)
        case outOfRange(String)
        /// A `YYYY-MM-DD` date, or a time on such a date, that names no day of the calendar (month 13,
        /// 30 February).
        case notADate(String)
        /// A time whose hour, minute or second no clock shows (`25:00:00`).
        case notATimeOfDay(String)

        public var description: String {
            switch self {
            case .notADate(let s) where s.utf8.count == 10:
                return "date \"\(s)\" is no day of the calendar (month 01–12, a day the month has)"
            case .notADate(let s): return "time \"\(s)\" is on no day of the calendar (month 01–12, a day the month has)"
            case .notATimeOfDay(let s): return "time \"\(s)\" is no time of day (hour 00–23, minute 00–59, second 00–60)"
            case .outOfRange(let s): return "time \"\(s)\" falls outside the years 0001–9999 in UTC, which RFC 3339 can write"
            case .missingZone(let s): return "time \"\(s)\" has no zone offset (add Z or ±HH:MM)"
            case .malformed(let s): return "time \"\(s)\" is not RFC 3339 (want e.g. 2026-11-03T02:00:00Z)"
            }
        }
    }

    /// Parses an RFC 3339 time with a zone offset.
    public static func parse(_ string: String) throws(ParseError) -> Timestamp {
        var s = string
        let result: Timestamp? = s.withUTF8 { parse(bytes: $0) }
        if let result {
            // An offset can carry 9999-12-31 past the year 9999 in UTC (or 0001-01-01 before year 1),
            // which autoheal could not write back as RFC 3339.
            guard result.microseconds >= Self.earliest, result.microseconds <= Self.latest else { throw .outOfRange(string) }
            return result
        }
        // Distinguish a missing zone, and a day or time no calendar or clock has, from other
        // malformations for a better message.
        let digits = Array(string.utf8)
        if digits.count >= 19, parseCore(digits[...]).map({ $0.end == digits.count }) == true {
            throw .missingZone(string)
        }
        if let impossible = impossibleParts(digits, string) { throw impossible }
        throw .malformed(string)
    }

    /// For text shaped like `YYYY-MM-DDTHH:MM:SS…` whose date or time of day does not exist (month 13,
    /// 30 February, hour 25), the error saying so; `nil` otherwise.
    private static func impossibleParts(_ b: [UInt8], _ string: String) -> ParseError? {
        guard b.count >= 19, let y1 = twoDigits(b, 0), let y2 = twoDigits(b, 2), b[4] == 45, let mo = twoDigits(b, 5),
              b[7] == 45, let d = twoDigits(b, 8), [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(b[10]),
              let h = twoDigits(b, 11), b[13] == 58, let mi = twoDigits(b, 14), b[16] == 58, let sec = twoDigits(b, 17)
        else { return nil }
        if !(1...12).contains(mo) || d < 1 || d > daysInMonth(year: y1 * 100 + y2, month: mo) { return .notADate(string) }
        if h > 23 || mi > 59 || sec > 60 { return .notATimeOfDay(string) }
        return nil
    }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, in microseconds since 1970.
    static let earliest: Int64 = -62_135_596_800 * 1_000_000
    static let latest: Int64 = 253_402_300_799 * 1_000_000 + 999_999

    /// Parses from raw UTF-8 bytes; `nil` when malformed or zone-less.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard let core = parseCore(bytes[...]) else { return nil }
        var i = core.end
        guard i < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[i] == UInt8(ascii: "+") ? 1 : -1
            guard i + 6 <= bytes.count, bytes[i + 3] == UInt8(ascii: ":"),
                  let hh = twoDigits(bytes, i + 1), let mm = twoDigits(bytes, i + 4), hh < 24, mm < 60
            else { return nil }
            offsetSeconds = sign * Int64(hh * 3600 + mm * 60)
            i += 6
        default:
            return nil
        }
        guard i == bytes.count else { return nil }
        return Timestamp(microseconds: core.localMicros - offsetSeconds * 1_000_000)
    }

    private struct Core { var localMicros: Int64; var end: Int }

    private static func parseCore<C: RandomAccessCollection>(_ b: C) -> Core? where C.Element == UInt8, C.Index == Int {
        let s = b.startIndex
        guard b.count >= 19,
              let y1 = twoDigits(b, s), let y2 = twoDigits(b, s + 2), b[s + 4] == UInt8(ascii: "-"),
              let mo = twoDigits(b, s + 5), b[s + 7] == UInt8(ascii: "-"),
              let d = twoDigits(b, s + 8),
              b[s + 10] == UInt8(ascii: "T") || b[s + 10] == UInt8(ascii: "t") || b[s + 10] == UInt8(ascii: " "),
              let h = twoDigits(b, s + 11), b[s + 13] == UInt8(ascii: ":"),
              let mi = twoDigits(b, s + 14), b[s + 16] == UInt8(ascii: ":"),
              let sec = twoDigits(b, s + 17)
        else { return nil }
        let year = y1 * 100 + y2
        guard (1...12).contains(mo), d >= 1, d <= daysInMonth(year: year, month: mo), h < 24, mi < 60, sec <= 60
        else { return nil }
        var i = s + 19
        var micros: Int64 = 0
        if i < b.endIndex, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
                if digits < 6 { micros = micros * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        // A leap second (:60) is kept as the last microsecond of :59: after it, before the next minute,
        // and distinct from an event stamped :59 (which it would otherwise duplicate).
        if sec == 60 { micros = 999_999 }
        let days = daysFromCivil(year: year, month: mo, day: d)
        let secs = days * 86_400 + Int64(h * 3600 + mi * 60 + min(sec, 59))
        return Core(localMicros: secs * 1_000_000 + micros, end: i - s)
    }

    private static func twoDigits<C: RandomAccessCollection>(_ b: C, _ i: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        guard i + 1 < b.endIndex else { return nil }
        let a = b[i], c = b[i + 1]
        guard a >= 48, a <= 57, c >= 48, c <= 57 else { return nil }
        return Int(a - 48) * 10 + Int(c - 48)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// Formats an instant as RFC 3339 UTC (`Z`), with a fraction only when it is not whole seconds.
    public static func format(_ t: Timestamp) -> String {
        var secs = t.microseconds / 1_000_000
        var micros = t.microseconds % 1_000_000
        if micros < 0 { micros += 1_000_000; secs -= 1 }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civil(days: days)
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(Int(rem / 3600), 2)):\(pad(Int(rem % 3600 / 60), 2)):\(pad(Int(rem % 60), 2))"
        if micros != 0 {
            var frac = pad(Int(micros), 6)
            while frac.hasSuffix("0") { frac.removeLast() }
            out += "." + frac
        }
        return out + "Z"
    }

    /// Parses a calendar date `YYYY-MM-DD` (taken as UTC midnight) or a full RFC 3339 time.
    public static func parseDateOrTime(_ string: String) throws(ParseError) -> Timestamp {
        let b = Array(string.utf8)
        if b.count == 10, let y1 = twoDigits(b, 0), let y2 = twoDigits(b, 2), b[4] == 45, let m = twoDigits(b, 5),
           b[7] == 45, let d = twoDigits(b, 8), (1...12).contains(m), d >= 1, d <= daysInMonth(year: y1 * 100 + y2, month: m) {
            // Year 0000 is before what RFC 3339 times take (0001–9999), as for a full time.
            guard y1 * 100 + y2 >= 1 else { throw .outOfRange(string) }
            return Timestamp(seconds: daysFromCivil(year: y1 * 100 + y2, month: m, day: d) * 86_400)
        }
        if b.count == 10, twoDigits(b, 0) != nil, twoDigits(b, 2) != nil, b[4] == 45, twoDigits(b, 5) != nil,
           b[7] == 45, twoDigits(b, 8) != nil {
            throw .notADate(string)
        }
        return try parse(string)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
