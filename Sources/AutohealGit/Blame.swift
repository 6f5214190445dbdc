import CLibGit2

/// Options for libgit2's blame.
public struct BlameOptions: Sendable {
    /// Treat lines differing only in whitespace as unchanged (`git blame -w`).
    public var ignoreWhitespace: Bool
    /// Follow only first parents (`--first-parent`).
    public var firstParent: Bool
    /// First and last line (1-based, inclusive) to blame; nil for the whole file. Blame only what you need:
    /// libgit2's blame is about 10× slower than git's.
    public var lines: ClosedRange<Int>?

    public init(ignoreWhitespace: Bool = false, firstParent: Bool = false, lines: ClosedRange<Int>? = nil) {
        self.ignoreWhitespace = ignoreWhitespace
        self.firstParent = firstParent
        self.lines = lines
    }
}

/// A run of consecutive lines last changed by one commit.
public struct BlameHunk: Sendable, Equatable {
    /// First line of the run in the blamed version (1-based).
    public var finalStartLine: Int
    /// Number of lines in the run.
    public var lineCount: Int
    /// The commit that last changed these lines.
    public var commit: ObjectID
    /// The file's path in that commit (differs after a rename).
    public var originalPath: String
    /// First line of the run in that commit's version.
    public var originalStartLine: Int
    /// The commit's author name, when libgit2 reported it.
    public var authorName: String?
}

/// A blame of one file, via libgit2's `git_blame_file`.
public final class Blame {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_blame_free(pointer) }

    /// The hunks, in line order.
    public var hunks: [BlameHunk] {
        (0..<git_blame_get_hunk_count(pointer)).compactMap { i in
            guard let h = git_blame_get_hunk_byindex(pointer, i)?.pointee else { return nil }
            return BlameHunk(finalStartLine: Int(h.final_start_line_number), lineCount: Int(h.lines_in_hunk),
                             commit: ObjectID(h.final_commit_id),
                             originalPath: h.orig_path.map { String(cString: $0) } ?? "",
                             originalStartLine: Int(h.orig_start_line_number),
                             authorName: h.final_signature.map { String(cString: $0.pointee.name) })
        }
    }
}

extension Repository {
    /// Blames `path` as of `commit`, restricted to `options.lines` when given.
    public func blame(path: String, at commit: ObjectID, options: BlameOptions = BlameOptions()) throws(GitError) -> Blame {
        var opts = git_blame_options()
        git_blame_options_init(&opts, UInt32(GIT_BLAME_OPTIONS_VERSION))
        if options.ignoreWhitespace { opts.flags |= GIT_BLAME_IGNORE_WHITESPACE.rawValue }
        if options.firstParent { opts.flags |= GIT_BLAME_FIRST_PARENT.rawValue }
        opts.newest_commit = commit.raw
        if let lines = options.lines {
            opts.min_line = max(1, lines.lowerBound)
            opts.max_line = max(opts.min_line, lines.upperBound)
        }
        var b: OpaquePointer?
        try check(git_blame_file(&b, pointer, path, &opts), "blame \(path) at \(commit.short())")
        return Blame(b!)
    }
}
