#if canImport(Glibc)
import Glibc
#endif

/// Text of a commit object in the encoding its `encoding` header names (`git commit` with
/// `i18n.commitEncoding=latin1` writes one), turned into UTF-8 as git's own `log` does. Without the
/// header, or with UTF-8 named, the bytes are read as UTF-8. Text that does not convert (an unknown
/// encoding, bytes invalid in the named one) is read as UTF-8, invalid bytes becoming U+FFFD.
enum CommitEncoding {
    /// `text` (NUL-terminated) in `encoding` (nil: UTF-8) as a Swift string.
    static func decode(_ text: UnsafePointer<CChar>, encoding: String?) -> String {
        guard let encoding, !isUTF8(encoding) else { return String(cString: text) }
        return convert(text, from: encoding) ?? String(cString: text)
    }

    private static func isUTF8(_ name: String) -> Bool {
        let n = name.lowercased()
        return n == "utf-8" || n == "utf8"
    }

    private static func convert(_ text: UnsafePointer<CChar>, from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        guard let cd, Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        let length = strlen(text)
        if length == 0 { return "" }
        var output = [CChar](repeating: 0, count: length * 4 + 4)
        var inLeft = length, outLeft = output.count - 1
        let ok = output.withUnsafeMutableBufferPointer { out -> Bool in
            var input: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: text)
            var target: UnsafeMutablePointer<CChar>? = out.baseAddress
            return iconv(cd, &input, &inLeft, &target, &outLeft) != -1 && inLeft == 0
        }
        guard ok else { return nil }
        let written = output.count - 1 - outLeft
        return String(decoding: output[..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
