import AutohealGit

extension Linker {
    /// `--frame PATH:LINE ...`: each frame's path is mapped to a repository path (longest suffix that
    /// exists in the tree at `at`) and its line is blamed at `at`. A frame that maps to nothing is bad input.
    public func frames(_ specs: [String], at: String = "HEAD") throws(LinkError) -> LinkResult {
        var frames: [StackFrame] = []
        for s in specs {
            guard let f = StackFrame(spec: s) else { throw .badFrame(s) }
            frames.append(f)
        }
        return try link(frames: frames, at: at, method: "frame", strict: true, source: "")
    }

    /// `--stack FILE`: the frames of a Go, Java/Kotlin, Python, Swift or JavaScript/Node stack trace. Frames
    /// outside the repository (runtime, dependencies) are skipped; at least one must map.
    public func stack(_ text: String, source: String = "the stack trace", at: String = "HEAD") throws(LinkError) -> LinkResult {
        let frames = StackTrace.parse(text)
        return try link(frames: frames, at: at, method: "stack", strict: false, source: source)
    }

    /// Maps frames to repository paths at a commit: (path, line, function) for those that map.
    func mapFrames(_ frames: [StackFrame], at id: ObjectID, strict: Bool) throws(LinkError) -> [(path: String, line: Int, function: String?)] {
        let files = try git { () throws(GitError) in try repository.commit(id).tree().allFilePaths() }
        let mapper = FrameMapper(files: files)
        var out: [(String, Int, String?)] = []
        for f in frames {
            guard let path = mapper.map(f.path) else {
                if strict { throw .frameMapsToNothing("\(f.path):\(f.line)") }
                continue
            }
            let count = try fileLines(path, at: id).count
            guard f.line <= count else {
                if strict { throw .lineOutOfRange(path: path, line: f.line, lineCount: count) }
                continue
            }
            out.append((path, f.line, f.function))
        }
        return out
    }

    private func link(frames: [StackFrame], at: String, method: String, strict: Bool, source: String) throws(LinkError) -> LinkResult {
        let atID = try resolve(at)
        let mapped = try mapFrames(frames, at: atID, strict: strict)
        guard !mapped.isEmpty else { throw .noFrames(source) }
        var lines: [String: Set<Int>] = [:]
        var hints: [String: [String]] = [:]
        for m in mapped {
            lines[m.path, default: []].insert(m.line)
            if let f = m.function { hints[m.path, default: []].append(f) }
        }
        let origins = try trace(lines, at: atID)
        let (all, _, authors) = try candidates(from: origins)
        let paths = try codePaths(lines, at: atID, functionHints: hints)
        return LinkResult(method: method, at: atID.hex, introducing: Array(all.prefix(10)), candidates: all, paths: paths,
                          owners: try owners(paths, at: atID, authors: authors))
    }
}

extension Linker {
    /// `--deploy A..B`: the commits deployed (in B, not in A), ranked by how much they touched the incident's
    /// known code: lines within 3 of a frame weigh most, then files named in `paths` or by a frame. With no
    /// known code, every deployed commit is listed, newest first.
    ///
    /// `strictFrames` refuses a frame that maps to no file or past a file's end, as `--frame` does;
    /// frames from the incident's hints may be stale and are skipped instead.
    public func deploy(_ range: String, paths known: [String] = [], frames specs: [String] = [], strictFrames: Bool = false) throws(LinkError) -> LinkResult {
        let parts = range.components(separatedBy: "..")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasPrefix(".") else { throw .badRange(range) }
        let from = try resolve(parts[0]), to = try resolve(parts[1])
        var frames: [StackFrame] = []
        for s in specs { if let f = StackFrame(spec: s) { frames.append(f) } else { throw .badFrame(s) } }
        let mapped = try mapFrames(frames, at: to, strict: strictFrames)
        var knownFiles = Set(known)
        for m in mapped { knownFiles.insert(m.path) }

        let walk = try git { () throws(GitError) in try RevWalk(repository) }
        try git { () throws(GitError) in try walk.push(to); try walk.hide(from) }
        let ids = try git { () throws(GitError) in try walk.ids(limit: Self.maxDeployedCommits + 1) }
        // An empty range (TO reaches nothing FROM does not: reversed ends, or the same commit) deploys
        // nothing; storing an empty link would only overwrite a good one.
        guard !ids.isEmpty else { throw .emptyRange(range) }
        guard ids.count <= Self.maxDeployedCommits else { throw .rangeTooLarge(range, limit: Self.maxDeployedCommits) }

        var scored: [(entry: LinkResult.Introducing, time: Int64, score: Int, touched: [String: Set<Int>])] = []
        var authors: [String: Int] = [:]
        for id in ids {
            // A merge's diff against its first parent repeats the commits it brings in, which are in
            // the range themselves.
            if try git({ () throws(GitError) in try repository.commit(id).parentIDs.count }) > 1 { continue }
            let added = try addedLines(by: id, aroundDeletions: true)
            var score = 0, lines = 0
            var touched: [String: Set<Int>] = [:]
            for (path, changed) in added where knownFiles.isEmpty || knownFiles.contains(path) || known.contains(where: { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) {
                touched[path] = changed
                lines += changed.count
                score += 10
                for m in mapped where m.path == path {
                    score += 100 * changed.filter { abs($0 - m.line) <= 3 }.count
                }
            }
            guard knownFiles.isEmpty || score > 0 else { continue }
            var (entry, time) = try info(id)
            entry.lines = lines
            authors[entry.author, default: 0] += lines
            scored.append((entry, time, score, touched))
        }
        // Known code that no deployed commit touched: an empty link would only overwrite a good one.
        if scored.isEmpty && !knownFiles.isEmpty { throw .nothingDeployedTouches(range) }
        scored.sort { ($0.score, $0.time) > ($1.score, $1.time) }
        var lines: [String: Set<Int>] = [:]
        if let top = scored.first { lines = top.touched }
        let topID = scored.first.flatMap { ObjectID(hex: $0.entry.commit) } ?? to
        let paths = try codePaths(lines, at: topID)
        return LinkResult(method: "deploy", at: to.hex, introducing: scored.map(\.entry), paths: paths,
                          owners: try owners(paths, at: to, authors: authors))
    }
}

extension Linker {
    /// A deploy range is walked up to this many commits; a longer one is refused, not cut.
    public static let maxDeployedCommits = 10_000
}

extension String {
    func components(separatedBy sep: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let r = rest.firstRange(of: sep) {
            out.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}
