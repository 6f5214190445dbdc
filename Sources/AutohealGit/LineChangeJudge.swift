/// Decides, while a line is traced back through history, whether a commit's change to that line is
/// incidental to what the trace is after, so the trace continues to the line the change replaced.
///
/// SZZ uses it to see past a commit that changed a part of a line the fix leaves alone (renaming one
/// argument where the fix corrects a comparison further along): such a commit only last touched the
/// line, it did not write the part the fix corrects. ``TraceOptions/judge`` asks it only about lines a
/// commit changed (not added outright) against its first parent, in a change of at most 1,000 lines.
public protocol LineChangeJudge: Sendable {
    /// - Parameters:
    ///   - line: the traced line's text in the changing commit (no line ending).
    ///   - offset: the line's position among the lines of its hunk in the changing commit (0 for the first).
    ///   - replaced: the lines of the commit's first parent that the change replaced (the old side of
    ///     the hunk holding `line`, in order).
    ///   - traced: the line's number in the version being traced, as the caller asked for it.
    ///   - seenThrough: how many earlier changes to this line were already judged incidental.
    /// - Returns: the index into `replaced` of the line to continue tracing from, or `nil` to stop the
    ///   trace at this commit.
    func lineToFollow(from line: [UInt8], at offset: Int, replacing replaced: [[UInt8]], traced: Int, seenThrough: Int) -> Int?
}
