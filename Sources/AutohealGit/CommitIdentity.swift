#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who the commits autoheal makes itself are by, and when, the way git decides it: for the author,
/// `GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL` and `GIT_AUTHOR_DATE` first, then `author.name`/`author.email`,
/// then `user.name`/`user.email` (and `$EMAIL` for the address), then a fallback; the committer the
/// same with `GIT_COMMITTER_*` and `committer.*`. A date left unset is the moment of the commit.
public struct CommitIdentity: Sendable, Equatable {
    /// One side of a commit.
    public struct Person: Sendable, Equatable {
        public var name: String
        public var email: String
        /// The given moment, or `nil` for "now".
        public var date: GitDate?
    }

    public var author: Person
    public var committer: Person

    /// Resolves both sides from `environment` and `config` (a configuration lookup such as
    /// ``Repository/configString(_:)``). Empty values count as unset. Throws for a date git would
    /// refuse too ("invalid date format").
    public static func resolve(environment: [String: String], config: (String) -> String?,
                               fallbackName: String = "autoheal", fallbackEmail: String = "autoheal@localhost") throws(GitError) -> CommitIdentity {
        func value(_ s: String?) -> String? {
            guard let s, !s.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { return nil }
            return s
        }
        func person(_ variable: String, _ configSection: String) throws(GitError) -> Person {
            let name = value(environment["GIT_\(variable)_NAME"]) ?? value(config("\(configSection).name"))
                ?? value(config("user.name")) ?? fallbackName
            let email = value(environment["GIT_\(variable)_EMAIL"]) ?? value(config("\(configSection).email"))
                ?? value(config("user.email")) ?? value(environment["EMAIL"]) ?? fallbackEmail
            var date: GitDate?
            if let text = value(environment["GIT_\(variable)_DATE"]) {
                guard let d = GitDate.parse(text) else {
                    throw GitError(code: .other(-1), message: "invalid date format: \(text)", context: "read GIT_\(variable)_DATE")
                }
                date = d
            }
            return Person(name: name, email: email, date: date)
        }
        return CommitIdentity(author: try person("AUTHOR", "author"), committer: try person("COMMITTER", "committer"))
    }
}

/// A moment as git takes it from `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE`: git's own `@1700000000 +0100`
/// (or without `@`), ISO 8601 (`2026-11-20T10:00:00Z`, `2026-11-20 10:00:00 +0100`), RFC 2822
/// (`Fri, 20 Nov 2026 10:00:00 +0100`) or git log's (`Fri Nov 20 10:00:00 2026 +0100`). Without a
/// zone, local time (as git).
public struct GitDate: Sendable, Equatable {
    /// Seconds since the Unix epoch.
    public var seconds: Int64
    /// The zone, in minutes east of UTC.
    public var offsetMinutes: Int

    public init(seconds: Int64, offsetMinutes: Int) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// The moment `text` names, or `nil` when it is none of the forms above.
    public static func parse(_ text: String) -> GitDate? {
        var s = Substring(text.trimmingSpaces())
        // git's internal form: [@]seconds [±hhmm]
        let raw = s.hasPrefix("@") ? s.dropFirst() : s
        let parts = raw.split(separator: " ", omittingEmptySubsequences: true)
        if let first = parts.first, first.allSatisfy(\.isASCIIDigit), let seconds = Int64(first), parts.count <= 2,
           s.hasPrefix("@") || parts.count == 2 || seconds >= 100_000_000 {
            if parts.count == 1 { return GitDate(seconds: seconds, offsetMinutes: 0) }
            guard let offset = zone(parts[1]) else { return nil }
            return GitDate(seconds: seconds, offsetMinutes: offset)
        }
        // RFC 2822: [Day,] DD Mon YYYY HH:MM[:SS] zone
        if let comma = s.firstIndex(of: ","), s[..<comma].allSatisfy(\.isLetter) { s = s[s.index(after: comma)...] }
        let words = s.split(separator: " ", omittingEmptySubsequences: true)
        if words.count == 4 || words.count == 5, let day = Int(words[0]), let month = monthNumber(words[1]), let year = Int(words[2]),
           let (h, m, sec) = clock(words[3]) {
            let offset = words.count == 5 ? zone(words[4]) : nil
            if words.count == 5, offset == nil { return nil }
            return make(year, month, day, h, m, sec, offset: offset)
        }
        // git log's own: Day Mon DD HH:MM:SS YYYY [zone]
        if words.count == 5 || words.count == 6, words[0].allSatisfy(\.isLetter), let month = monthNumber(words[1]),
           let day = Int(words[2]), let (h, m, sec) = clock(words[3]), let year = Int(words[4]) {
            let offset = words.count == 6 ? zone(words[5]) : nil
            if words.count == 6, offset == nil { return nil }
            return make(year, month, day, h, m, sec, offset: offset)
        }
        // ISO 8601: YYYY-MM-DD[T ]HH:MM[:SS[.frac]][ ][Z|±hh[:]mm]
        let chars = Array(s)
        guard chars.count >= 16, chars[4] == "-", chars[7] == "-", chars[10] == "T" || chars[10] == "t" || chars[10] == " ",
              let year = Int(String(chars[0..<4])), let month = Int(String(chars[5..<7])), let day = Int(String(chars[8..<10])) else { return nil }
        var rest = String(chars[11...])
        var zoneText = ""
        if let z = rest.firstIndex(where: { $0 == "Z" || $0 == "z" || $0 == "+" || $0 == "-" || $0 == " " }) {
            zoneText = String(rest[z...]).trimmingSpaces()
            rest = String(rest[..<z])
        }
        if let dot = rest.firstIndex(of: ".") {
            guard rest[rest.index(after: dot)...].allSatisfy(\.isASCIIDigit) else { return nil }
            rest = String(rest[..<dot])
        }
        guard let (h, m, sec) = clock(Substring(rest)) else { return nil }
        var offset: Int?
        if !zoneText.isEmpty {
            guard let o = zoneText == "Z" || zoneText == "z" ? 0 : zone(Substring(zoneText.replacingColon())) else { return nil }
            offset = o
        }
        return make(year, month, day, h, m, sec, offset: offset)
    }

    /// `±hhmm` (or `±hh`) as minutes east of UTC.
    static func zone(_ t: Substring) -> Int? {
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let digits = t.dropFirst()
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let hours = Int(digits.prefix(2))!, minutes = digits.count == 4 ? Int(digits.suffix(2))! : 0
        guard hours < 24, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    /// `HH:MM[:SS]`.
    static func clock(_ t: Substring) -> (Int, Int, Int)? {
        let p = t.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2 || p.count == 3, p.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let h = Int(p[0])!, m = Int(p[1])!, s = p.count == 3 ? Int(p[2])! : 0
        guard h < 24, m < 60, s <= 60 else { return nil }
        return (h, m, s)
    }

    static func monthNumber(_ t: Substring) -> Int? {
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        return names.firstIndex(of: t.prefix(3).lowercased()).map { $0 + 1 }
    }

    /// The moment from its calendar fields, in `offset` (minutes east of UTC) or else local time.
    static func make(_ year: Int, _ month: Int, _ day: Int, _ h: Int, _ m: Int, _ s: Int, offset: Int?) -> GitDate? {
        guard (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month - 1)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(h)
        t.tm_min = Int32(m)
        t.tm_sec = Int32(s)
        guard let offset else {
            t.tm_isdst = -1
            let local = mktime(&t)
            guard local != -1 else { return nil }
            var back = tm()
            var when = local
            localtime_r(&when, &back)
            return GitDate(seconds: Int64(local), offsetMinutes: Int(timegm(&back) - local) / 60)
        }
        let utc = timegm(&t)
        return GitDate(seconds: Int64(utc) - Int64(offset) * 60, offsetMinutes: offset)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return String(s)
    }

    fileprivate func replacingColon() -> String { String(filter { $0 != ":" }) }
}

extension Repository {
    /// The identity commits made here are by (``CommitIdentity``), from `environment` and this
    /// repository's configuration.
    public func commitIdentity(environment: [String: String]) throws(GitError) -> CommitIdentity {
        try CommitIdentity.resolve(environment: environment, config: { configString($0) })
    }
}
