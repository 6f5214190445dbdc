import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// The 0-context hunks between two versions of a file, for the line tracer: only hunk ranges are
    /// produced (no patch, no line objects; straight from xdiff when ``XdiffHunks`` can call it), and
    /// the lines the two versions share at the start and end are cut off before libgit2's xdiff sees
    /// them, so a one-line change to a 10,000-line file diffs a few lines. Git's own blame trims the
    /// common tail the same way. Hunk line numbers are for the whole files. Binary content (git's rule,
    /// see ``BlobBytes/isBinary``) gives no hunks.
    ///
    /// `mapping` names the new-version lines the caller will map through the hunks. When none of them
    /// lies between the shared start and end, no diff runs at all: one hunk spanning the whole differing
    /// middle stands for the real ones, and maps each of those lines exactly as they would (a line above
    /// the middle keeps its number, a line below shifts by the middle's change in length). Most commits
    /// that touch a long file change it far from the few lines being traced.
    func traceHunks(old: Blob, new: Blob, path: String, ignoreWhitespace: Bool, mapping lines: [Int]? = nil) throws(GitError) -> [DiffHunk] {
        let o = BlobBytes(old), n = BlobBytes(new)
        if o.isBinary || n.isBinary { return [] }
        let trim = CommonEnds(o.start, o.count, n.start, n.count)
        if trim.prefix == o.count && trim.prefix == n.count { return [] }
        if let lines {
            let oldMiddle = CommonEnds.lines(o.start + trim.prefix, o.count - trim.prefix - trim.suffix)
            let newMiddle = CommonEnds.lines(n.start + trim.prefix, n.count - trim.prefix - trim.suffix)
            let middle = (trim.prefixLines + 1)...(trim.prefixLines + max(newMiddle, 1))
            if !lines.contains(where: { middle.contains($0) }) {
                return [DiffHunk(oldStart: trim.prefixLines + (oldMiddle > 0 ? 1 : 0), oldCount: oldMiddle,
                                 newStart: trim.prefixLines + (newMiddle > 0 ? 1 : 0), newCount: newMiddle)]
            }
        }
        let oldBytes = (o.start + trim.prefix, o.count - trim.prefix - trim.suffix)
        let newBytes = (n.start + trim.prefix, n.count - trim.prefix - trim.suffix)
        guard ignoreWhitespace else { return try middleHunks(old: oldBytes, new: newBytes, shift: trim.prefixLines, path: path) }
        // Whitespace is taken out of both sides before the diff rather than skipped by xdiff: two lines
        // are equal ignoring whitespace exactly when their remains are, and libgit2's xdiff tests every
        // byte of every line with the C library's isspace() while hashing it (a fifth of a trace).
        let oldBare = WhitespaceFree(oldBytes), newBare = WhitespaceFree(newBytes)
        return try oldBare.bytes.withUnsafeBufferPointer { (a) throws(GitError) -> [DiffHunk] in
            try newBare.bytes.withUnsafeBufferPointer { (b) throws(GitError) -> [DiffHunk] in
                try middleHunks(old: (a.baseAddress ?? oldBytes.0, a.count), new: (b.baseAddress ?? newBytes.0, b.count),
                                shift: trim.prefixLines, path: path)
            }
        }
    }

    /// The hunks between the differing middles of two versions, compared byte for byte.
    private func middleHunks(old: (UnsafePointer<UInt8>, Int), new: (UnsafePointer<UInt8>, Int), shift: Int, path: String) throws(GitError) -> [DiffHunk] {
        if let hunks = try XdiffHunks.run(old: old, new: new, ignoreWhitespace: false, shift: shift, path: path) { return hunks }
        return try bufferHunks(old: old, new: new, ignoreWhitespace: false, shift: shift, path: path)
    }

    /// The 0-context hunks from `old` to `new` (start and byte count of each) through libgit2's API,
    /// `git_diff_buffers`, moved down by `shift` lines: what ``XdiffHunks`` gives when it can run.
    func bufferHunks(old: (UnsafePointer<UInt8>, Int), new: (UnsafePointer<UInt8>, Int), ignoreWhitespace: Bool,
                     shift: Int, path: String) throws(GitError) -> [DiffHunk] {
        let options = DiffOptions(contextLines: 0, ignoreWhitespace: ignoreWhitespace, detectRenames: false)
        return try withDiffOptions(options, forceText: true) { (opts) throws(GitError) -> [DiffHunk] in
            try collectHunks(shift: shift, withLines: false, path: path) { hunk, line, payload in
                git_diff_buffers(old.0, old.1, path, new.0, new.1, path, opts, nil, nil, hunk, line, payload)
            }
        }
    }
}

/// The whole lines two buffers share at the start (`prefix` bytes, `prefixLines` lines) and at the end
/// (`suffix` bytes), never overlapping.
struct CommonEnds {
    var prefix = 0
    var prefixLines = 0
    var suffix = 0

    /// Bytes compared per `memcmp` before the byte-by-byte search for the first difference.
    private static let block = 256

    init(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ b: UnsafePointer<UInt8>, _ bCount: Int) {
        let limit = min(aCount, bCount)
        var i = 0
        while i + Self.block <= limit, memcmp(a + i, b + i, Self.block) == 0 { i += Self.block }
        while i < limit, a[i] == b[i] { i += 1 }
        if i == aCount && i == bCount {
            prefix = i
        } else {
            // Back to the start of the line holding the first difference.
            while i > 0, a[i - 1] != 0x0A { i -= 1 }
            prefix = i
        }
        prefixLines = Self.newlines(a, i)
        if prefix == aCount && prefix == bCount { return }

        let room = min(aCount, bCount) - prefix
        var s = 0
        while s + Self.block <= room, memcmp(a + aCount - s - Self.block, b + bCount - s - Self.block, Self.block) == 0 { s += Self.block }
        while s < room, a[aCount - 1 - s] == b[bCount - 1 - s] { s += 1 }
        // The shared tail must start at a line start in both buffers.
        while s > 0 {
            let sa = aCount - s, sb = bCount - s
            if (sa == prefix || a[sa - 1] == 0x0A) && (sb == prefix || b[sb - 1] == 0x0A) { break }
            s -= 1
        }
        suffix = s
    }

    /// The number of lines in `count` bytes that start at a line start: one per newline, plus an
    /// unterminated last line.
    static func lines(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        guard count > 0 else { return 0 }
        return newlines(p, count) + (p[count - 1] == 0x0A ? 0 : 1)
    }

    /// The newline bytes among the first `count` bytes of `p`, counted eight at a time: in each 64-bit
    /// word XORed with newlines, exactly the zero bytes are newlines, and `~(((v & 0x7F…) + 0x7F…) | v | 0x7F…)`
    /// keeps one bit (the top one) per zero byte, without carries between bytes. The tail goes byte by byte.
    static func newlines(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let raw = UnsafeRawPointer(p)
        var n = 0
        var k = 0
        while k + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            n &+= (~(((v & low) &+ low) | v | low)).nonzeroBitCount
            k += 8
        }
        while k < count { n &+= p[k] == 0x0A ? 1 : 0; k += 1 }
        return n
    }
}

/// Lines without their whitespace (the bytes the C library's `isspace()` takes in the C locale, newlines
/// kept), for diffing that ignores whitespace: line for line the same lines, so hunk line numbers hold
/// for the originals. A last line without a newline gets one, as xdiff ignoring whitespace counts the
/// missing newline as whitespace too (and so a last line of blanks stays a line).
struct WhitespaceFree {
    let bytes: [UInt8]

    init(_ source: (UnsafePointer<UInt8>, Int)) {
        let (start, count) = source
        bytes = [UInt8](unsafeUninitializedCapacity: count + 1) { out, used in
            var n = 0
            for i in 0..<count {
                let c = start[i]
                // space, \t, \v, \f, \r (not \n, which ends the line)
                if c == 0x20 || (c >= 0x09 && c <= 0x0D && c != 0x0A) { continue }
                out[n] = c
                n += 1
            }
            if count > 0 && start[count - 1] != 0x0A {
                out[n] = 0x0A
                n += 1
            }
            used = n
        }
    }
}
