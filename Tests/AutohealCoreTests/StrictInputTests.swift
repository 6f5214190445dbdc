import AutohealCore
import Testing

/// JSON numbers by RFC 8259's grammar, and the incident ids import accepts.
@Suite struct StrictInputTests {
    @Test("Numbers RFC 8259 allows are read as their value",
          arguments: [("0", 0.0), ("-0", 0.0), ("7", 7), ("10", 10), ("-12", -12), ("1.5", 1.5), ("0.25", 0.25),
                      ("1e3", 1000), ("1E+3", 1000), ("25e-1", 2.5), ("-0.0e0", 0), ("0e-400", 0), ("2.5e-308", 2.5e-308)])
    func validNumbers(text: String, value: Double) throws {
        #expect(try JSONParser.parseDocument(Array(text.utf8)) == .number(value))
    }

    /// `01` was read as 1 and `1e-400` as 0: both stood for another value.
    @Test("Numbers outside RFC 8259's grammar, or that a double cannot hold, are refused",
          arguments: [("01", "no leading zeros"), ("-01", "no leading zeros"), ("00", "no leading zeros"), ("007.5", "no leading zeros"),
                      ("1.", "invalid number"), ("-", "invalid number"), ("1e", "invalid number"), ("1e+", "invalid number"),
                      ("+1", "unexpected character"), (".5", "unexpected character"),
                      ("1e400", "out of range"), ("-1e400", "out of range"), ("1e-400", "too close to zero"), ("-2.5e-999", "too close to zero")])
    func invalidNumbers(text: String, words: String) {
        #expect {
            _ = try JSONParser.parseDocument(Array(text.utf8))
        } throws: { error in
            (error as? JSONParser.SyntaxError)?.reason.contains(words) == true
        }
    }

    @Test("An id number is an integer JSON carries exactly")
    func exactIntegers() {
        #expect(JSONValue.number(42).exactIntegerText == "42")
        #expect(JSONValue.number(-7).exactIntegerText == "-7")
        #expect(JSONValue.number(9_007_199_254_740_991).exactIntegerText == "9007199254740991")
        #expect(JSONValue.number(9_007_199_254_740_992).exactIntegerText == nil)
        #expect(JSONValue.number(1.5).exactIntegerText == nil)
        #expect(JSONValue.string("42").exactIntegerText == nil)
    }

    @Test("Ids that print as themselves are accepted",
          arguments: ["INC-7", "Q0RIJJZL24RC6W", "OPS-2025-5", "inc 7", "ИНЦ-7", "事故-7", "a\"b", "é",
                      // Joiners and variation selectors that are part of how the text is written: a Persian
                      // ZWNJ, a Devanagari ZWJ, emoji with VS16 (phone keyboards add it), a keycap, an emoji ZWJ
                      // sequence, a Mongolian free variation selector.
                      "می\u{200C}خواهم", "क्\u{200D}ष", "\u{2764}\u{FE0F}-1", "1\u{FE0F}\u{20E3}", "#\u{FE0F}\u{20E3}-2",
                      "\u{2764}\u{FE0F}\u{200D}\u{1F525}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{1F44D}\u{1F3FD}", "ᠠ\u{180B}"])
    func visibleIds(id: String) {
        #expect(IncidentID.problem(id) == nil)
    }

    @Test("Ids that are empty, blank, padded or hold a character that does not show are refused",
          arguments: [("", "is empty"), ("  ", "is only whitespace"), ("\u{A0}", "is only whitespace"),
                      // Not whitespace, but nothing shows.
                      ("\u{200B}", "shows nothing (\"\\u{200B}\"): it holds U+200B (ZERO WIDTH SPACE)"),
                      ("\u{3164}", "shows nothing (\"\\u{3164}\"): it holds U+3164 (HANGUL FILLER)"), (" \u{2800} ", "shows nothing"),
                      // Blank-looking characters that are neither whitespace nor default-ignorable.
                      ("INC\u{2800}1", "holds U+2800 (BRAILLE PATTERN BLANK)"), ("INC\u{3164}1", "holds U+3164"),
                      ("INC\u{115F}1", "holds U+115F"), ("INC\u{1160}1", "holds U+1160"), ("INC\u{FFA0}1", "holds U+FFA0"),
                      // Joiners and selectors outside the text they belong to.
                      ("INC\u{200D}-1", "holds U+200D (ZERO WIDTH JOINER)"), ("INC\u{200C}1", "holds U+200C"),
                      ("\u{200D}\u{1F525}", "holds U+200D"), ("\u{1F525}\u{200D}", "holds U+200D"), ("é\u{200D}1", "holds U+200D"),
                      ("INC-1\u{FE0F}", "holds U+FE0F"), ("\u{2764}\u{FE0F}\u{FE0F}", "holds U+FE0F"), ("1\u{FE0F}", "holds U+FE0F"),
                      ("\u{1F525}\u{200B}\u{1F525}", "holds U+200B"), ("\u{1F525}\u{2060}\u{1F525}", "holds U+2060"),
                      ("INC-1 ", "ends with whitespace (\"INC-1 \")"), ("\tINC-1", "begins with whitespace"),
                      ("INC-1\u{3000}", "ends with whitespace (\"INC-1\\u{3000}\")"),
                      ("INC\u{200B}-1", "holds U+200B (ZERO WIDTH SPACE)"), ("INC\u{A0}1", "holds U+00A0 (NO-BREAK SPACE)"),
                      ("INC\u{202E}1", "holds U+202E"), ("INC\u{AD}1", "holds U+00AD (SOFT HYPHEN)"), ("INC\u{2060}1", "holds U+2060"),
                      ("INC\u{FE0F}1", "holds U+FE0F"), ("INC\u{85}1", "holds U+0085"), ("INC\u{E0041}", "holds U+E0041")])
    func invisibleIds(id: String, words: String) {
        let problem = IncidentID.problem(id)
        #expect(problem?.contains(words) == true, "\(problem ?? "accepted")")
    }

    /// `é` as one character and as `e` with a combining accent are one id: Swift's `String` compares
    /// them equal, so the ledger keeps one spelling (NFC).
    @Test("Ids are kept composed (NFC)")
    func normalizedIds() {
        #expect(Array(IncidentID.normalized("cafe\u{301}").utf8) == Array("caf\u{E9}".utf8))
        #expect(Array(IncidentID.normalized("\u{212B}").utf8) == Array("\u{C5}".utf8))  // ANGSTROM SIGN
        #expect(IncidentID.normalized("INC-7") == "INC-7")
        #expect(Array(IncidentID.normalized("\u{1100}\u{1161}").utf8) == Array("\u{AC00}".utf8))  // Hangul jamo
    }
}
