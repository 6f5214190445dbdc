import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// A tree-to-tree diff. Read it with ``files(withLines:)``; fingerprint it with ``patchID()``.
public final class Diff {
    let pointer: OpaquePointer
    public let repository: Repository

    init(_ pointer: OpaquePointer, _ repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_diff_free(pointer) }

    /// The number of changed files.
    public var count: Int { git_diff_num_deltas(pointer) }

    /// Each changed file's paths, status and blob ids, without reading any blob (cheap, unlike ``files(withLines:)``).
    public func deltas() -> [DiffDelta] {
        (0..<git_diff_num_deltas(pointer)).compactMap { i in
            git_diff_get_delta(pointer, i).map { delta in
                let file = FileDiff(delta.pointee)
                return DiffDelta(oldPath: file.oldPath, newPath: file.newPath, status: file.status,
                                 oldID: ObjectID(delta.pointee.old_file.id), newID: ObjectID(delta.pointee.new_file.id))
            }
        }
    }

    /// Each changed file with its hunks; with `withLines`, each hunk's lines and line numbers too.
    public func files(withLines: Bool = true) throws(GitError) -> [FileDiff] {
        var out: [FileDiff] = []
        for i in 0..<git_diff_num_deltas(pointer) {
            if let file = try file(at: i, withLines: withLines) { out.append(file) }
        }
        return out
    }

    /// The changed file at `index` with its hunks (and lines), read through libgit2's patch.
    func file(at index: Int, withLines: Bool) throws(GitError) -> FileDiff? {
        guard let delta = git_diff_get_delta(pointer, index) else { return nil }
        var file = FileDiff(delta.pointee)
        var patch: OpaquePointer?
        try check(git_patch_from_diff(&patch, pointer, index), "read the changes to \(file.newPath)")
        if let patch {
            defer { git_patch_free(patch) }
            file.hunks = try readHunks(patch, withLines: withLines, path: file.newPath)
        }
        return file
    }

    /// The stable patch id of this diff, equal for the same change applied anywhere (like `git patch-id --stable`).
    public func patchID() throws(GitError) -> ObjectID {
        var oid = git_oid()
        try check(git_diff_patchid(&oid, pointer, nil), "compute a patch id")
        return ObjectID(oid)
    }
}

extension FileDiff {
    init(_ delta: git_diff_delta) {
        let status: DeltaStatus
        switch delta.status {
        case GIT_DELTA_ADDED: status = .added
        case GIT_DELTA_DELETED: status = .deleted
        case GIT_DELTA_MODIFIED: status = .modified
        case GIT_DELTA_RENAMED: status = .renamed
        case GIT_DELTA_COPIED: status = .copied
        case GIT_DELTA_TYPECHANGE: status = .typeChange
        case GIT_DELTA_UNMODIFIED: status = .unmodified
        default: status = .other
        }
        let old = delta.old_file.path.map { String(validatingCString: $0) }
        let new = delta.new_file.path.map { String(validatingCString: $0) }
        let oldPath = delta.old_file.path.map { String(cString: $0) } ?? ""
        let newPath = delta.new_file.path.map { String(cString: $0) } ?? oldPath
        let gitlink = UInt32(GIT_FILEMODE_COMMIT.rawValue)
        self.init(oldPath: oldPath, newPath: newPath, status: status,
                  isBinary: delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0,
                  oldIsSubmodule: UInt32(delta.old_file.mode) == gitlink, newIsSubmodule: UInt32(delta.new_file.mode) == gitlink,
                  pathsAreUTF8: old != .some(nil) && new != .some(nil))
    }
}

/// Reads the hunks (and optionally lines) of a patch.
func readHunks(_ patch: OpaquePointer, withLines: Bool, path: String) throws(GitError) -> [DiffHunk] {
    var hunks: [DiffHunk] = []
    for h in 0..<git_patch_num_hunks(patch) {
        var hunkPtr: UnsafePointer<git_diff_hunk>?
        var lineCount = 0
        try check(git_patch_get_hunk(&hunkPtr, &lineCount, patch, h), "read a hunk of \(path)")
        let raw = hunkPtr!.pointee
        var hunk = DiffHunk(oldStart: Int(raw.old_start), oldCount: Int(raw.old_lines),
                            newStart: Int(raw.new_start), newCount: Int(raw.new_lines))
        if withLines {
            hunk.lines.reserveCapacity(lineCount)
            for l in 0..<lineCount {
                var linePtr: UnsafePointer<git_diff_line>?
                try check(git_patch_get_line_in_hunk(&linePtr, patch, h, l), "read a line of \(path)")
                if let line = DiffLine(linePtr!.pointee, shift: 0) { hunk.lines.append(line) }
            }
        }
        hunks.append(hunk)
    }
    return hunks
}

extension DiffLine {
    /// A libgit2 diff line with its line numbers moved down by `shift`; nil for the "no newline at end of
    /// file" markers.
    init?(_ line: git_diff_line, shift: Int) {
        switch UInt8(bitPattern: line.origin) {
        case UInt8(ascii: "+"): origin = .addition
        case UInt8(ascii: "-"): origin = .deletion
        case UInt8(ascii: " "): origin = .context
        default: return nil
        }
        content = ""
        if let text = line.content, line.content_len > 0 {
            var bytes = Array(UnsafeRawBufferPointer(start: text, count: Int(line.content_len)))
            while let last = bytes.last, last == 10 || last == 13 { bytes.removeLast() }
            content = String(decoding: bytes, as: UTF8.self)
        }
        oldLine = line.old_lineno > 0 ? Int(line.old_lineno) + shift : nil
        newLine = line.new_lineno > 0 ? Int(line.new_lineno) + shift : nil
    }
}

/// Runs a libgit2 diff that reports through callbacks (`run` passes on the hunk and line callbacks and
/// their payload, and returns libgit2's result) and collects its hunks, with their lines when `withLines`.
/// Line numbers are moved down by `shift`, for a diff of buffers that start `shift` lines into the files.
func collectHunks(shift: Int, withLines: Bool, path: String,
                  _ run: (git_diff_hunk_cb, git_diff_line_cb?, UnsafeMutableRawPointer) -> Int32) throws(GitError) -> [DiffHunk] {
    final class Box {
        let shift: Int
        var hunks: [DiffHunk] = []
        init(shift: Int) { self.shift = shift }
    }
    let box = Box(shift: shift)
    let unmanaged = Unmanaged.passRetained(box)
    defer { unmanaged.release() }
    let onHunk: git_diff_hunk_cb = { _, hunk, payload in
        guard let hunk, let payload else { return 0 }
        let box = Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue()
        let h = hunk.pointee
        box.hunks.append(DiffHunk(oldStart: Int(h.old_start) + box.shift, oldCount: Int(h.old_lines),
                                  newStart: Int(h.new_start) + box.shift, newCount: Int(h.new_lines)))
        return 0
    }
    let onLine: git_diff_line_cb = { _, _, line, payload in
        guard let line, let payload else { return 0 }
        let box = Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue()
        if !box.hunks.isEmpty, let l = DiffLine(line.pointee, shift: box.shift) { box.hunks[box.hunks.count - 1].lines.append(l) }
        return 0
    }
    try check(run(onHunk, withLines ? onLine : nil, unmanaged.toOpaque()), "diff two versions of \(path)")
    return box.hunks
}

/// Builds libgit2 diff options and keeps the pathspec C strings alive for `body`. With `forceText`,
/// libgit2 skips its own binary check (for callers that made it already).
func withDiffOptions<R>(_ options: DiffOptions, forceText: Bool = false,
                        _ body: (UnsafeMutablePointer<git_diff_options>) throws(GitError) -> R) throws(GitError) -> R {
    var opts = git_diff_options()
    git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION))
    opts.context_lines = UInt32(max(0, options.contextLines))
    opts.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue
    if options.ignoreWhitespace { opts.flags |= GIT_DIFF_IGNORE_WHITESPACE.rawValue }
    if forceText { opts.flags |= GIT_DIFF_FORCE_TEXT.rawValue }
    var cStrings: [UnsafeMutablePointer<CChar>?] = options.paths.map { strdup($0) }
    defer { cStrings.forEach { free($0) } }
    return try cStrings.withUnsafeMutableBufferPointer { (buf) throws(GitError) -> R in
        if !options.paths.isEmpty {
            opts.pathspec = git_strarray(strings: buf.baseAddress, count: buf.count)
        }
        return try body(&opts)
    }
}

extension Repository {
    /// The diff from `old` to `new` (nil = the empty tree), with renames found when asked.
    public func diff(from old: Tree?, to new: Tree?, options: DiffOptions = DiffOptions()) throws(GitError) -> Diff {
        let d: OpaquePointer = try withDiffOptions(options) { (opts) throws(GitError) -> OpaquePointer in
            var d: OpaquePointer?
            try check(git_diff_tree_to_tree(&d, pointer, old?.pointer, new?.pointer, opts), "diff two trees")
            return d!
        }
        let diff = Diff(d, self)
        if options.detectRenames {
            var find = git_diff_find_options()
            git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            if options.breakRewrites {
                // Broken into a deletion and an addition (below 60 % similar), joined again unless the
                // deleted side pairs with a rename.
                find.flags |= GIT_DIFF_FIND_AND_BREAK_REWRITES.rawValue | GIT_DIFF_BREAK_REWRITES_FOR_RENAMES_ONLY.rawValue
            }
            if options.ignoreWhitespace { find.flags |= GIT_DIFF_FIND_IGNORE_WHITESPACE.rawValue }
            try check(git_diff_find_similar(diff.pointer, &find), "detect renames")
        }
        return diff
    }

    /// What `commit` changed relative to its first parent (or to the empty tree for a root commit).
    public func diff(commit id: ObjectID, options: DiffOptions = DiffOptions()) throws(GitError) -> Diff {
        let c = try commit(id)
        let new = try c.tree()
        let old = c.parentCount > 0 ? try c.parent(0).tree() : nil
        return try diff(from: old, to: new, options: options)
    }

    /// The patch id of `commit`'s change against its first parent; a cherry-pick or rebase keeps it.
    public func patchID(commit id: ObjectID) throws(GitError) -> ObjectID {
        try diff(commit: id, options: DiffOptions(detectRenames: false)).patchID()
    }

    /// The diff between two blobs (nil = empty), named by their paths for the hunk headers.
    public func diff(old: Blob?, oldPath: String, new: Blob?, newPath: String,
                     options: DiffOptions = DiffOptions(), withLines: Bool = true) throws(GitError) -> [DiffHunk] {
        try withDiffOptions(options) { (opts) throws(GitError) -> [DiffHunk] in
            var patch: OpaquePointer?
            try check(git_patch_from_blobs(&patch, old?.pointer, oldPath, new?.pointer, newPath, opts),
                      "diff two versions of \(newPath)")
            guard let patch else { return [] }
            defer { git_patch_free(patch) }
            return try readHunks(patch, withLines: withLines, path: newPath)
        }
    }
}
