import CLibGit2

/// Walks commit ids from one or more starting points. Yields ids only, so long walks stay cheap:
/// read a commit's message with ``Repository/commit(_:)-(ObjectID)`` only when you need it.
public final class RevWalk {
    let pointer: OpaquePointer
    public let repository: Repository

    /// The order commits come out in.
    public struct Sorting: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Parents never before their children.
        public static let topological = Sorting(rawValue: GIT_SORT_TOPOLOGICAL.rawValue)
        /// By committer time, newest first.
        public static let time = Sorting(rawValue: GIT_SORT_TIME.rawValue)
        /// Oldest first (combine with the others).
        public static let reverse = Sorting(rawValue: GIT_SORT_REVERSE.rawValue)
    }

    /// A walk over `repository`; add starting points with ``push(_:)``.
    public init(_ repository: Repository, sorting: Sorting = [.topological, .time], firstParentOnly: Bool = false) throws(GitError) {
        var w: OpaquePointer?
        try check(git_revwalk_new(&w, repository.pointer), "start a history walk")
        pointer = w!
        self.repository = repository
        try check(git_revwalk_sorting(pointer, sorting.rawValue), "sort the history walk")
        if firstParentOnly { try check(git_revwalk_simplify_first_parent(pointer), "walk first parents only") }
    }

    deinit { git_revwalk_free(pointer) }

    /// Starts the walk at `id` (and its ancestors).
    public func push(_ id: ObjectID) throws(GitError) {
        var oid = id.raw
        try check(git_revwalk_push(pointer, &oid), "walk from \(id.short())")
    }

    /// Starts the walk at what `reference` (e.g. `refs/heads/main`, `HEAD`) points at.
    public func push(reference: String) throws(GitError) {
        try check(git_revwalk_push_ref(pointer, reference), "walk from \(reference)")
    }

    /// Leaves out `id` and its ancestors (for incremental walks: hide the last commit seen).
    public func hide(_ id: ObjectID) throws(GitError) {
        var oid = id.raw
        try check(git_revwalk_hide(pointer, &oid), "hide \(id.short()) from the walk")
    }

    /// The next commit id, or `nil` at the end.
    public func next() throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let rc = git_revwalk_next(&oid, pointer)
        if rc == GIT_ITEROVER.rawValue { return nil }
        try check(rc, "walk the history")
        return ObjectID(oid)
    }

    /// Up to `limit` ids from the walk.
    public func ids(limit: Int = .max) throws(GitError) -> [ObjectID] {
        var out: [ObjectID] = []
        while out.count < limit, let id = try next() { out.append(id) }
        return out
    }
}
