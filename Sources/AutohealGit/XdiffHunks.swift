import CLibGit2Support

/// 0-context hunks from libgit2's xdiff called directly, as git's blame calls it: no SHA-1 of the two
/// buffers and no patch object, which is what `git_diff_buffers` adds around the same xdiff run (about a
/// quarter of a trace's diff time). Only possible when libgit2 is linked statically (`make` does; see
/// `Sources/CLibGit2Support/xdiff_hunks.c`); otherwise ``run(old:new:ignoreWhitespace:shift:path:)``
/// returns nil and the caller diffs through libgit2's API, which gives the same hunks.
enum XdiffHunks {
    /// Whether hunks come straight from xdiff in this build.
    static var isAvailable: Bool { autoheal_xdiff_available() != 0 }

    /// The hunks from `old` to `new` (start and byte count of each), with the flags
    /// ``withDiffOptions(_:forceText:_:)`` gives libgit2 (indent heuristic; all whitespace ignored when
    /// asked), numbered like libgit2's hunk headers (a hunk of no lines starts at the line before it) and
    /// moved down by `shift` lines. Nil when xdiff cannot be called directly.
    static func run(old: (UnsafePointer<UInt8>, Int), new: (UnsafePointer<UInt8>, Int), ignoreWhitespace: Bool,
                    shift: Int, path: String) throws(GitError) -> [DiffHunk]? {
        final class Box {
            var hunks: [DiffHunk] = []
        }
        let box = Box()
        let status = withExtendedLifetime(box) {
            autoheal_xdiff_hunks(
                UnsafeRawPointer(old.0).assumingMemoryBound(to: CChar.self), old.1,
                UnsafeRawPointer(new.0).assumingMemoryBound(to: CChar.self), new.1,
                ignoreWhitespace ? 1 : 0,
                { oldStart, oldCount, newStart, newCount, payload in
                    guard let payload else { return -1 }
                    Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue().hunks.append(DiffHunk(
                        oldStart: oldCount > 0 ? oldStart + 1 : oldStart, oldCount: oldCount,
                        newStart: newCount > 0 ? newStart + 1 : newStart, newCount: newCount))
                    return 0
                },
                Unmanaged.passUnretained(box).toOpaque())
        }
        if status == AUTOHEAL_XDIFF_UNAVAILABLE { return nil }
        guard status == 0 else {
            throw GitError(code: .other(-1), message: "out of memory", context: "diff two versions of \(path)")
        }
        if shift == 0 { return box.hunks }
        return box.hunks.map {
            DiffHunk(oldStart: $0.oldStart + shift, oldCount: $0.oldCount, newStart: $0.newStart + shift, newCount: $0.newCount)
        }
    }
}
