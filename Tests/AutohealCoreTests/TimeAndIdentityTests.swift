import AutohealCore
import Testing

@Suite("Times, JSON and identity")
struct TimeAndIdentityTests {
    @Test("Zone offsets and fractional seconds land on the same instant", arguments: [
        "2026-11-10T02:17:00Z", "2026-11-10T03:17:00+01:00", "2026-11-09T21:17:00-05:00", "2026-11-10T07:47:00+05:30",
        "2026-11-10T02:17:00.000Z", "2026-11-10 02:17:00z",
    ])
    func zones(text: String) throws {
        #expect(try RFC3339.parse(text) == Timestamp(seconds: 1_794_277_020))
    }

    @Test("Fractional seconds keep microseconds and print back")
    func fractions() throws {
        let t = try RFC3339.parse("2026-11-10T02:17:00.123456789+00:00")
        #expect(t.microseconds % 1_000_000 == 123_456)
        #expect(t.description == "2026-11-10T02:17:00.123456Z")
        #expect(try RFC3339.parse("2026-11-10T02:17:00.5Z").description == "2026-11-10T02:17:00.5Z")
        let a = try RFC3339.parse("2026-11-10T02:17:00.75Z"), b = try RFC3339.parse("2026-11-10T02:18:00.25Z")
        #expect(a.seconds(until: b) == 59)
    }

    /// A leap second was read as :59, so a real event stamped :59 was dropped as its duplicate.
    @Test("A leap second falls after :59 and before the next minute")
    func leapSecond() throws {
        let leap = try RFC3339.parse("2016-12-31T23:59:60Z")
        let before = try RFC3339.parse("2016-12-31T23:59:59Z"), after = try RFC3339.parse("2017-01-01T00:00:00Z")
        #expect(before < leap && leap < after)
        #expect(try RFC3339.parse("2017-01-01T05:44:60+05:45") == leap)
    }

    @Test("Zone-less and malformed times are refused", arguments: [
        ("2026-11-10T02:17:00", true), ("2026-11-10T02:17:00.5", true), ("2026-11-10", false),
        ("yesterday", false), ("2026-11-10T02:17:00+0100", false), ("2026-11-10T02:17:00Z junk", false),
    ])
    func refused(text: String, zoneless: Bool) {
        #expect(throws: zoneless ? RFC3339.ParseError.missingZone(text) : RFC3339.ParseError.malformed(text)) {
            try RFC3339.parse(text)
        }
    }

    @Test("Dates before 1970 and leap days format correctly")
    func calendar() throws {
        for s in ["1969-12-31T23:59:59Z", "2024-02-29T12:00:00Z", "2000-03-01T00:00:00Z", "2099-12-31T23:59:59Z"] {
            #expect(try RFC3339.parse(s).description == s)
        }
        #expect(try RFC3339.parseDateOrTime("2026-10-01") == RFC3339.parse("2026-10-01T00:00:00Z"))
    }

    @Test("A date-only --since/--until that names no calendar day is refused as a date, not as a malformed time")
    func impossibleDates() {
        for s in ["2026-13-01", "2026-02-30", "2025-02-29", "2026-00-10", "2026-04-31"] {
            #expect(throws: RFC3339.ParseError.notADate(s)) { try RFC3339.parseDateOrTime(s) }
        }
        #expect(throws: RFC3339.ParseError.malformed("2026-1-01")) { try RFC3339.parseDateOrTime("2026-1-01") }
        #expect(RFC3339.ParseError.notADate("2026-13-01").description.contains("no day of the calendar"))
    }

    /// A full time on 30 February was "not RFC 3339 (want e.g. …)" while the date alone was "no day of
    /// the calendar"; `--since 0000-01-01` was taken though a full time in year 0000 is refused.
    @Test("A full time on no calendar day, or at no time of day, says so; year 0000 is refused as a date too")
    func impossibleTimes() throws {
        for s in ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2025-02-29T12:00:00+01:00", "2026-02-30T00:00:00"] {
            #expect(throws: RFC3339.ParseError.notADate(s)) { try RFC3339.parse(s) }
            #expect(throws: RFC3339.ParseError.notADate(s)) { try RFC3339.parseDateOrTime(s) }
        }
        for s in ["2026-11-10T25:00:00Z", "2026-11-10T23:60:00Z", "2026-11-10T23:59:61Z"] {
            #expect(throws: RFC3339.ParseError.notATimeOfDay(s)) { try RFC3339.parse(s) }
        }
        #expect(RFC3339.ParseError.notADate("2026-02-30T00:00:00Z").description
                == "time \"2026-02-30T00:00:00Z\" is on no day of the calendar (month 01–12, a day the month has)")
        #expect(RFC3339.ParseError.notATimeOfDay("2026-11-10T25:00:00Z").description
                == "time \"2026-11-10T25:00:00Z\" is no time of day (hour 00–23, minute 00–59, second 00–60)")
        #expect(throws: RFC3339.ParseError.outOfRange("0000-01-01")) { try RFC3339.parseDateOrTime("0000-01-01") }
        #expect(throws: RFC3339.ParseError.outOfRange("0000-01-01T00:00:00Z")) { try RFC3339.parseDateOrTime("0000-01-01T00:00:00Z") }
        #expect(try RFC3339.parseDateOrTime("0001-01-01") == RFC3339.parse("0001-01-01T00:00:00Z"))
    }

    @Test("SHA-256 matches the standard test vectors")
    func sha256() {
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("Identity: the sender's id when given, else a hash that ignores key order in attrs")
    func identity() throws {
        let at = try RFC3339.parse("2026-11-10T02:00:00Z")
        let a = Event(incident: "INC-1", type: .alertFired, at: at, source: "agent", attrs: ["a": 1, "b": ["x", true]])
        var b = a
        b.attrs = .object(["b": ["x", true], "a": 1])
        b.service = "checkout" // not part of the content identity
        #expect(a.identity == b.identity)
        var c = a
        c.at = at.adding(seconds: 1)
        #expect(a.identity != c.identity)
        var d = a
        d.id = "evt-1"
        #expect(d.identity == "id:evt-1")
    }

    @Test("Canonical JSON escapes control characters and sorts keys")
    func canonical() {
        let v: JSONValue = ["z": "a\"b\n\u{1}", "a": [1, 2.5, nil, false]]
        #expect(v.canonicalJSON == #"{"a":[1,2.5,null,false],"z":"a\"b\n\u0001"}"#)
        // Written as bytes: a CRLF pair (one Character), a backslash, a tab, combining marks, CJK and an
        // emoji sequence keep their exact bytes, as event identity needs.
        let w: JSONValue = ["k\\": "x\r\ny\t\u{1F}é\u{301}東京👩‍👩‍👧", "e": [], "o": [:]]
        #expect(w.canonicalJSON == #"{"e":[],"k\\":"x\r\ny\t\u001fé\#u{301}東京👩‍👩‍👧","o":{}}"#)
        #expect(w.prettyJSON == "{\n  \"e\": [],\n  \"k\\\\\": \"x\\r\\ny\\t\\u001fé\u{301}東京👩‍👩‍👧\",\n  \"o\": {}\n}")
        var out = "<"
        JSONValue.writeString("a\"b", to: &out)
        #expect(out == #"<"a\"b""#)
    }

    @Test("The JSON parser reports the line of a syntax error")
    func parserLines() throws {
        #expect(throws: JSONParser.SyntaxError(line: 3, reason: "expected ',' or '}' in object")) {
            try JSONParser.parseDocument(Array("{\n\"a\": 1,\n\"b\": 2 \"c\"}".utf8))
        }
        #expect(try JSONParser.parseDocument(Array(#"{"s":"\u00e9\ud83d\ude00"}"#.utf8)) == ["s": "é😀"])
    }
}

@Suite struct VisibleTextTests {
    /// One rule for `show` and for error messages that quote input: controls, DEL and C1 controls and
    /// bidirectional overrides become `\u{…}`; everything else, accents and emoji included, is kept.
    @Test func hiddenCharactersAreWrittenOut() {
        #expect(VisibleText.of("ok\nFAKE\u{1B}[31m \u{202E}evil\u{7F}\u{85}") == #"ok\u{A}FAKE\u{1B}[31m \u{202E}evil\u{7F}\u{85}"#)
        #expect(VisibleText.of("café ☕ INC-7") == "café ☕ INC-7")
        #expect(!VisibleText.isHidden(" ") && VisibleText.isHidden("\t") && VisibleText.isHidden("\u{2066}"))
    }
}
