#if canImport(Glibc)
import Glibc
#endif

/// The lines of a text, found once by their newline bytes; a line becomes a `Substring` only when it
/// is read.
///
/// `link` needs a few lines of a file (the ones above each blamed line, to name its function) and its
/// line count. Splitting a large file into one `Substring` per line cost a small fix more than its
/// whole trace; this keeps only the offsets. Lines keep a trailing `\r`; a final newline ends the last
/// line rather than starting an empty one.
public struct TextLines: RandomAccessCollection, Sendable {
    /// The whole text.
    public let text: String
    /// The UTF-8 offset where each line starts, then the end of the text (the end of the last line,
    /// past its newline).
    private let starts: [Int]
    /// Whether the last line ends with a newline.
    private let lastEnds: Bool

    public init(_ text: String) {
        var text = text
        var starts: [Int] = [0]
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count, let hit = memchr(base + offset, 10, bytes.count - offset) {
                offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                starts.append(offset)
            }
            if starts.last != bytes.count { starts.append(bytes.count) }
        }
        self.lastEnds = text.utf8.last == 10
        self.text = text
        self.starts = starts
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { starts.count - 1 }

    /// Line `i` (0-based), without its newline.
    public subscript(i: Int) -> Substring {
        precondition(i >= 0 && i < endIndex, "line index out of range")
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: starts[i])
        let end = starts[i + 1] - (i + 1 < endIndex || lastEnds ? 1 : 0)
        return text[from..<utf8.index(utf8.startIndex, offsetBy: end)]
    }
}

extension StringProtocol {
    /// The text's lines, split at `\n`, `\r\n` or a lone `\r`, without their line ends; empty lines kept.
    ///
    /// Swift reads `\r\n` as one `Character`, equal to neither `"\n"` nor `"\r"`: splitting at those
    /// two alone leaves a file with CRLF line ends (written on Windows) as a single line.
    func splitLines() -> [SubSequence] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}
