import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// The 0-context hunks between two versions of a file, for the line tracer: only hunk headers are
    /// produced (no patch, no line objects), and the lines the two versions share at the start and end are
    /// cut off before libgit2's xdiff sees them, so a one-line change to a 10,000-line file diffs a few
    /// lines. Git's own blame trims the common tail the same way. Hunk line numbers are for the whole
    /// files. Binary content gives no hunks, as `git_patch_from_blobs` does.
    ///
    /// `mapping` names the new-version lines the caller will map through the hunks. When none of them
    /// lies between the shared start and end, no diff runs at all: one hunk spanning the whole differing
    /// middle stands for the real ones, and maps each of those lines exactly as they would (a line above
    /// the middle keeps its number, a line below shifts by the middle's change in length). Most commits
    /// that touch a long file change it far from the few lines being traced.
    func traceHunks(old: Blob, new: Blob, path: String, ignoreWhitespace: Bool, mapping lines: [Int]? = nil) throws(GitError) -> [DiffHunk] {
        if old.isBinary || new.isBinary { return [] }
        let oldCount = Int(git_blob_rawsize(old.pointer)), newCount = Int(git_blob_rawsize(new.pointer))
        guard let o = git_blob_rawcontent(old.pointer)?.assumingMemoryBound(to: UInt8.self),
              let n = git_blob_rawcontent(new.pointer)?.assumingMemoryBound(to: UInt8.self) else {
            return try diff(old: old, oldPath: path, new: new, newPath: path,
                            options: DiffOptions(contextLines: 0, ignoreWhitespace: ignoreWhitespace, detectRenames: false),
                            withLines: false)
        }
        let trim = CommonEnds(o, oldCount, n, newCount)
        if trim.prefix == oldCount && trim.prefix == newCount { return [] }
        if let lines {
            let oldMiddle = CommonEnds.lines(o + trim.prefix, oldCount - trim.prefix - trim.suffix)
            let newMiddle = CommonEnds.lines(n + trim.prefix, newCount - trim.prefix - trim.suffix)
            let middle = (trim.prefixLines + 1)...(trim.prefixLines + max(newMiddle, 1))
            if !lines.contains(where: { middle.contains($0) }) {
                return [DiffHunk(oldStart: trim.prefixLines + (oldMiddle > 0 ? 1 : 0), oldCount: oldMiddle,
                                 newStart: trim.prefixLines + (newMiddle > 0 ? 1 : 0), newCount: newMiddle)]
            }
        }

        final class Box { var hunks: [DiffHunk] = [] }
        let box = Box()
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        return try withDiffOptions(DiffOptions(contextLines: 0, ignoreWhitespace: ignoreWhitespace, detectRenames: false)) {
            (opts) throws(GitError) -> [DiffHunk] in
            let rc = git_diff_buffers(o + trim.prefix, oldCount - trim.prefix - trim.suffix, path,
                                      n + trim.prefix, newCount - trim.prefix - trim.suffix, path, opts,
                                      nil, nil, { _, hunk, payload in
                guard let hunk, let payload else { return 0 }
                let box = Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue()
                let h = hunk.pointee
                box.hunks.append(DiffHunk(oldStart: Int(h.old_start), oldCount: Int(h.old_lines),
                                          newStart: Int(h.new_start), newCount: Int(h.new_lines)))
                return 0
            }, nil, unmanaged.toOpaque())
            try check(rc, "diff two versions of \(path)")
            return box.hunks.map { h in
                var h = h
                h.oldStart += trim.prefixLines
                h.newStart += trim.prefixLines
                return h
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

    /// The newline bytes among the first `count` bytes of `p`.
    static func newlines(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var n = 0
        for k in 0..<count { n &+= p[k] == 0x0A ? 1 : 0 }
        return n
    }
}
