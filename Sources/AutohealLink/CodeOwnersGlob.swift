/// A CODEOWNERS glob compiled to a sequence of tokens and matched by simulating the automaton they
/// form: every position of the pattern reachable after each byte of the text is kept at once, so a
/// match costs at most (pattern tokens × text bytes) steps and no recursion, whatever the pattern —
/// `*a*a*a*a*a*a*a*a*a*a*a*a*b` against a 105-byte name, or a pattern of 400,000 stars.
///
/// Syntax: `*` any run without `/`, `**` any run, `**/` nothing or any run ending in `/`, `?` one
/// non-`/` byte, `\x` the byte `x` (a trailing `\` is itself); every other byte is itself.
struct CodeOwnersGlob {
    enum Token: Equatable {
        /// This byte.
        case byte(UInt8)
        /// `?`: one byte other than `/`.
        case one
        /// `*`: any run of bytes other than `/`.
        case star
        /// `**`: any run of bytes.
        case globstar
        /// `**/`, where it begins: nothing (on past ``dirsBody``), or ``dirsBody``.
        case dirsEntry
        /// `**/` matching something: any run of bytes, then a `/`.
        case dirsBody
    }

    let tokens: [Token]

    init(_ pattern: String) {
        let p = Array(pattern.utf8)
        var tokens: [Token] = []
        tokens.reserveCapacity(p.count)
        var i = 0
        while i < p.count {
            switch p[i] {
            case UInt8(ascii: "*"):
                if i + 1 < p.count, p[i + 1] == UInt8(ascii: "*") {
                    if i + 2 < p.count, p[i + 2] == UInt8(ascii: "/") {
                        tokens.append(.dirsEntry); tokens.append(.dirsBody); i += 3
                    } else {
                        tokens.append(.globstar); i += 2
                    }
                } else {
                    tokens.append(.star); i += 1
                }
            case UInt8(ascii: "\\") where i + 1 < p.count:
                tokens.append(.byte(p[i + 1])); i += 2
            case UInt8(ascii: "?"):
                tokens.append(.one); i += 1
            default:
                tokens.append(.byte(p[i])); i += 1
            }
        }
        self.tokens = tokens
    }

    /// Whether the whole of `text` matches.
    func matches(_ text: some Collection<UInt8>) -> Bool {
        var whole = false
        scan(text) { end, matched in if end == text.count { whole = matched } }
        return whole
    }

    /// Runs the pattern over `text` once and reports, for the empty prefix and after each byte,
    /// whether the prefix read so far matches the whole pattern: `report(prefixLength, matched)`.
    /// Stops early once no position of the pattern is reachable (every later prefix fails too).
    func scan(_ text: some Collection<UInt8>, report: (Int, Bool) -> Void) {
        let n = tokens.count
        var current = [Bool](repeating: false, count: n + 1)
        var next = current
        current[0] = true
        var low = 0, high = 0   // the reachable positions lie in low...high
        close(&current, from: low, high: &high)
        report(0, current[n])
        var read = 0
        for c in text {
            read += 1
            var newLow = Int.max, newHigh = -1
            for i in low...high where current[i] && i < n {
                current[i] = false
                var stay = false, advance = false
                switch tokens[i] {
                case .byte(let b): advance = c == b
                case .one: advance = c != UInt8(ascii: "/")
                case .star: stay = c != UInt8(ascii: "/")
                case .globstar: stay = true
                case .dirsEntry: break
                case .dirsBody: stay = true; advance = c == UInt8(ascii: "/")
                }
                if stay { next[i] = true; newLow = min(newLow, i); newHigh = max(newHigh, i) }
                if advance { next[i + 1] = true; newLow = min(newLow, i + 1); newHigh = max(newHigh, i + 1) }
            }
            current[n] = false
            swap(&current, &next)
            guard newHigh >= 0 else {
                report(read, false)
                return
            }
            low = newLow; high = newHigh
            close(&current, from: low, high: &high)
            report(read, current[n])
        }
    }

    /// Adds the positions reachable without reading a byte: past a star, which may match nothing, and
    /// from the start of a `**/` into it or past it.
    private func close(_ set: inout [Bool], from low: Int, high: inout Int) {
        var i = low
        while i <= high, i < tokens.count {
            if set[i] {
                switch tokens[i] {
                case .star, .globstar:
                    set[i + 1] = true
                    high = max(high, i + 1)
                case .dirsEntry:
                    set[i + 1] = true
                    set[i + 2] = true
                    high = max(high, i + 2)
                default: break
                }
            }
            i += 1
        }
    }
}
