import AutohealCore
import AutohealReports
import Testing

@Suite struct DisplayWidthTests {
    /// Terminal columns, not characters: ideographs, kana, Hangul, fullwidth forms and emoji take two;
    /// combining marks, variation selectors and joiners none; an emoji sequence one wide glyph.
    @Test func columnsPerCharacter() {
        #expect(DisplayWidth.of("checkout") == 8)
        #expect(DisplayWidth.of("支付网关") == 8)
        #expect(DisplayWidth.of("かな・カナ") == 10)
        #expect(DisplayWidth.of("결제") == 4)
        #expect(DisplayWidth.of("ＡＢ１") == 6, "fullwidth forms")
        #expect(DisplayWidth.of("ｶﾅ") == 2, "halfwidth katakana")
        #expect(DisplayWidth.of("cafe\u{301}") == 4, "a combining accent")
        #expect(DisplayWidth.of("\u{1112}\u{1161}\u{11AB}") == 2, "a conjoining Hangul syllable")
        #expect(DisplayWidth.of("🔥") == 2 && DisplayWidth.of("a🔥b") == 4)
        #expect(DisplayWidth.of("👨\u{200D}👩\u{200D}👧") == 2, "a ZWJ family")
        #expect(DisplayWidth.of("🇯🇵") == 2, "a flag")
        #expect(DisplayWidth.of("👍🏽") == 2, "a skin tone")
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2 && DisplayWidth.of("❤") == 1, "the emoji variation selector")
        #expect(DisplayWidth.of("a\u{200B}b") == 2, "a zero-width space")
        #expect(DisplayWidth.of("–…é") == 3, "ambiguous and Latin characters are narrow")
        // East Asian Ambiguous (A) is narrow, as glibc's wcwidth and terminals have it by default (README).
        #expect(DisplayWidth.of("±°→αЖ─○※") == 8, "ambiguous-width characters are narrow")
    }

    /// Cutting keeps both ends, stays within the width and never splits a wide character.
    @Test func clipByColumns() {
        #expect(DisplayWidth.clip("PAYMENTS-2025-0001", to: 12) == "PAYMEN…-0001")
        #expect(DisplayWidth.clip("东京区域支付网关服务集群", to: 16) == "东京区域…务集群")
        #expect(DisplayWidth.clip("东京区域支付网关服务集群", to: 18) == "东京区域…服务集群")
        #expect(DisplayWidth.clip("支付网关", to: 8) == "支付网关", "what fits is whole")
        for width in 3...30 {
            for text in ["东京区域支付网关服务集群", "결제-서비스-🔥-아시아-태평양", "a支b付c网d关e服f务", "👨\u{200D}👩\u{200D}👧👨\u{200D}👩\u{200D}👧👨\u{200D}👩\u{200D}👧"] {
                let cut = DisplayWidth.clip(text, to: width)
                #expect(DisplayWidth.of(cut) <= width && DisplayWidth.of(cut) >= min(width, DisplayWidth.of(text)) - 1, "\(text) to \(width): \(cut)")
                #expect(cut.allSatisfy { $0 == "…" || text.contains($0) }, "whole characters only: \(cut)")
            }
        }
    }

    /// Cells of Chinese, Japanese or Korean text were padded by character count, so the columns after
    /// them moved right by one column per wide character.
    @Test func tableColumnsAlignWithWideCharacters() {
        var table = TextTable(headers: ["SERVICE", "SEV", "N"], alignments: [.left, .left, .right])
        table.add(["支付网关", "重大", "12"])
        table.add(["checkout", "SEV2", "3"])
        table.add(["결제🔥", "–", "100"])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines == [
            "SERVICE   SEV     N",
            "支付网关  重大   12",
            "checkout  SEV2    3",
            "결제🔥    –     100",
        ], "\(lines)")
        // Cut on a narrow terminal: to 10 columns, not 10 characters (20 columns); 9 here, as the end gets
        // at most 4 and the start cannot take half an ideograph.
        var wide = TextTable(headers: ["SERVICE", "N"], alignments: [.left, .right], maxWidths: [10, nil])
        wide.add(["东京区域支付网关服务集群", "1"])
        let cut = wide.render(style: TerminalStyle(colour: false, fitsWidth: true, columns: 20)).split(separator: "\n").map(String.init)
        #expect(cut == ["SERVICE    N", "东京…集群  1"], "\(cut)")
    }
}
