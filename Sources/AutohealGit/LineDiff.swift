import CLibGit2

extension Repository {
    /// What `commit` changed against its first parent (the empty tree for a root commit): every changed
    /// file, renames paired as ``diff(commit:options:)`` pairs them, with its 0-context hunks and their
    /// lines — what `diff(commit:options:).files()` gives with `contextLines: 0`, for less work.
    ///
    /// The tree-to-tree diff only lists the files. Each file's two blobs are then diffed directly, named
    /// by no path, so libgit2 looks up no diff attributes (which would open and hash the index and read
    /// `.gitattributes` files from the work tree on every run), builds no patch and hashes no content.
    /// xdiff sees the whole blobs, as in the full patch: cutting off the lines both share at the start and
    /// end, as the line tracer does, would let xdiff place some changes differently (it slides a change
    /// along lines equal but for whitespace, and weighs lines by how often they occur in the whole file),
    /// and so change which lines SZZ blames. A file with binary content (a NUL byte in its first 8000
    /// bytes: git's rule) has `isBinary` set and no hunks; a submodule or any other entry that is not a
    /// file is read through libgit2's patch, as `files()` reads it.
    public func lineDiff(commit id: ObjectID, ignoreWhitespace: Bool) throws(GitError) -> [FileDiff] {
        let options = DiffOptions(contextLines: 0, ignoreWhitespace: ignoreWhitespace)
        let diff = try diff(commit: id, options: options)
        var out: [FileDiff] = []
        for i in 0..<diff.count {
            guard let delta = git_diff_get_delta(diff.pointer, i)?.pointee else { continue }
            guard let sides = Self.fileSides(delta) else {
                if let file = try diff.file(at: i, withLines: true) { out.append(file) }
                continue
            }
            var file = FileDiff(delta)
            let old = try sides.old.map { (id) throws(GitError) in try blob(id) }
            let new = try sides.new.map { (id) throws(GitError) in try blob(id) }
            if let hunks = try lineHunks(old: old, new: new, path: file.newPath, options: options) {
                file.hunks = hunks
            } else {
                file.isBinary = true
            }
            out.append(file)
        }
        return out
    }

    /// The hunks, with lines, from `old` to `new` (nil: absent); nil when either is binary.
    private func lineHunks(old: Blob?, new: Blob?, path: String, options: DiffOptions) throws(GitError) -> [DiffHunk]? {
        if BlobBytes(old).isBinary || BlobBytes(new).isBinary { return nil }
        return try withDiffOptions(options, forceText: true) { (opts) throws(GitError) -> [DiffHunk] in
            try collectHunks(shift: 0, withLines: true, path: path) { hunk, line, payload in
                // Paths "" rather than nil, which libgit2 would replace with "file" and look attributes up for.
                git_diff_blobs(old?.pointer, "", new?.pointer, "", opts, nil, nil, hunk, line, payload)
            }
        }
    }

    /// The blob ids of a delta's old and new file (nil for the side an addition or deletion lacks), or
    /// nil when a side present is not a file (a submodule) or the status is not a plain change.
    private static func fileSides(_ delta: git_diff_delta) -> (old: ObjectID?, new: ObjectID?)? {
        func isFile(_ f: git_diff_file) -> Bool {
            let mode = UInt32(f.mode)
            return mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue || mode == GIT_FILEMODE_LINK.rawValue
        }
        let hasOld: Bool, hasNew: Bool
        switch delta.status {
        case GIT_DELTA_ADDED: (hasOld, hasNew) = (false, true)
        case GIT_DELTA_DELETED: (hasOld, hasNew) = (true, false)
        case GIT_DELTA_MODIFIED, GIT_DELTA_RENAMED, GIT_DELTA_COPIED: (hasOld, hasNew) = (true, true)
        default: return nil
        }
        if hasOld && !isFile(delta.old_file) || hasNew && !isFile(delta.new_file) { return nil }
        return (hasOld ? ObjectID(delta.old_file.id) : nil, hasNew ? ObjectID(delta.new_file.id) : nil)
    }
}
