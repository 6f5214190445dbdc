/// Options for a diff.
public struct DiffOptions: Sendable {
    /// Unchanged lines shown around each change (git's `-U`).
    public var contextLines: Int
    /// Treat lines differing only in whitespace as equal (git's `-w`).
    public var ignoreWhitespace: Bool
    /// Pair deleted and added files into renames (git's `-M`).
    public var detectRenames: Bool
    /// Limit the diff to these paths (exact paths or directory prefixes); empty for all.
    public var paths: [String]
    /// With `detectRenames`, also take a file whose content mostly changed for a rename's source (git's
    /// `-B -M`): a file moved away while a new file took its name is then reported renamed, and its name
    /// added. A rewrite that is no rename's source stays a modification.
    public var breakRewrites: Bool

    public init(contextLines: Int = 3, ignoreWhitespace: Bool = false, detectRenames: Bool = true, paths: [String] = [],
                breakRewrites: Bool = false) {
        self.contextLines = contextLines
        self.ignoreWhitespace = ignoreWhitespace
        self.detectRenames = detectRenames
        self.paths = paths
        self.breakRewrites = breakRewrites
    }
}

/// How a file changed.
public enum DeltaStatus: String, Sendable {
    case added, deleted, modified, renamed, copied, typeChange, unmodified, other
}

/// One line of a hunk.
public struct DiffLine: Sendable, Equatable {
    /// Context, added or deleted.
    public enum Origin: Character, Sendable { case context = " ", addition = "+", deletion = "-" }

    public var origin: Origin
    /// 1-based line number in the old file (nil for an addition).
    public var oldLine: Int?
    /// 1-based line number in the new file (nil for a deletion).
    public var newLine: Int?
    /// The text without its line ending.
    public var content: String

    public init(origin: Origin, oldLine: Int?, newLine: Int?, content: String) {
        self.origin = origin
        self.oldLine = oldLine
        self.newLine = newLine
        self.content = content
    }
}

/// A hunk: a run of changed lines with its surrounding context, as in `@@ -a,b +c,d @@`.
public struct DiffHunk: Sendable, Equatable {
    public var oldStart: Int
    public var oldCount: Int
    public var newStart: Int
    public var newCount: Int
    /// The lines; empty when only the ranges were read.
    public var lines: [DiffLine]

    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, lines: [DiffLine] = []) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.lines = lines
    }
}

/// One changed file as the diff lists it, before any blob is read.
public struct DiffDelta: Sendable, Equatable {
    public var oldPath: String
    public var newPath: String
    public var status: DeltaStatus
    /// The blob before the change (all zeros when the file was added).
    public var oldID: ObjectID
    /// The blob after the change (all zeros when the file was deleted).
    public var newID: ObjectID
}

/// The change to one file.
public struct FileDiff: Sendable, Equatable {
    /// Path before the change (equals `newPath` unless renamed or copied).
    public var oldPath: String
    /// Path after the change.
    public var newPath: String
    public var status: DeltaStatus
    public var isBinary: Bool
    /// Whether the side before (after) the change is a submodule, a gitlink: git diffs it as one
    /// `Subproject commit <id>` line, which is no line of any file and cannot be blamed.
    public var oldIsSubmodule: Bool
    public var newIsSubmodule: Bool
    /// False when either path is not valid UTF-8 (git allows any bytes but NUL and `/` in a name): the
    /// paths above then hold U+FFFD in place of the bad bytes and name nothing in the tree.
    public var pathsAreUTF8: Bool
    public var hunks: [DiffHunk]

    public init(oldPath: String, newPath: String, status: DeltaStatus, isBinary: Bool = false,
                oldIsSubmodule: Bool = false, newIsSubmodule: Bool = false, pathsAreUTF8: Bool = true, hunks: [DiffHunk] = []) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.status = status
        self.isBinary = isBinary
        self.oldIsSubmodule = oldIsSubmodule
        self.newIsSubmodule = newIsSubmodule
        self.pathsAreUTF8 = pathsAreUTF8
        self.hunks = hunks
    }

    /// Whether the lines of the side before the change can be blamed: a file (not a submodule) whose
    /// path is UTF-8.
    public var oldSideHasLines: Bool { !isBinary && status != .added && !oldIsSubmodule && pathsAreUTF8 }

    /// Whether the lines of the side after the change are lines of a file (not a submodule) whose path
    /// is UTF-8.
    public var newSideHasLines: Bool { !isBinary && status != .deleted && !newIsSubmodule && pathsAreUTF8 }
}
