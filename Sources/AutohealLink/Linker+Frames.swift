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

    /// Maps frames to repository paths at a commit: (path, line, function) for those that map. A frame
    /// whose path several files match equally (``FrameMapper/mapping(_:package:)``) is refused when
    /// `strict`, else skipped; the first such refusal is returned, for when no frame maps.
    func mapFrames(_ frames: [StackFrame], at id: ObjectID, strict: Bool) throws(LinkError)
        -> (mapped: [(path: String, line: Int, function: String?)], ambiguity: LinkError?) {
        let files = try git { () throws(GitError) in try repository.commit(id).tree().allFilePaths() }
        let mapper = FrameMapper(files: files)
        var out: [(String, Int, String?)] = []
        var ambiguity: LinkError?
        for f in frames {
            let path: String
            switch mapper.mapping(f.path, package: f.package) {
            case .file(let p): path = p
            case .none:
                if strict { throw .frameMapsToNothing("\(f.path):\(f.line)") }
                continue
            case .ambiguous(let candidates):
                let refusal = LinkError.ambiguousFrame(path: f.path, line: f.line, candidates: candidates)
                if strict { throw refusal }
                ambiguity = ambiguity ?? refusal
                continue
            }
            let count = try fileLines(path, at: id).count
            guard f.line <= count else {
                if strict { throw .lineOutOfRange(path: path, line: f.line, lineCount: count) }
                continue
            }
            out.append((path, f.line, f.function))
        }
        return (out, ambiguity)
    }

    private func link(frames: [StackFrame], at: String, method: String, strict: Bool, source: String) throws(LinkError) -> LinkResult {
        let atID = try resolve(at)
        let (mapped, ambiguity) = try mapFrames(frames, at: atID, strict: strict)
        guard !mapped.isEmpty else { throw ambiguity ?? .noFrames(source) }
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
    /// known code, every deployed commit is listed, newest first. A commit's lines are compared, and the
    /// top commits' (those tied with the best score) given as code paths, numbered at B
    /// (``LineForwarder``), as the frames are; their authors are the blame owners.
    ///
    /// `strictFrames` refuses a frame that maps to no file or past a file's end, as `--frame` does;
    /// frames from the incident's hints may be stale and are skipped instead.
    public func deploy(_ range: String, paths known: [String] = [], frames specs: [String] = [], strictFrames: Bool = false) throws(LinkError) -> LinkResult {
        let parts = range.components(separatedBy: "..")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasPrefix(".") else { throw .badRange(range) }
        let from = try resolve(parts[0]), to = try resolve(parts[1])
        var frames: [StackFrame] = []
        for s in specs { if let f = StackFrame(spec: s) { frames.append(f) } else { throw .badFrame(s) } }
        let mapped = try mapFrames(frames, at: to, strict: strictFrames).mapped
        var knownFiles = Set(known)
        for m in mapped { knownFiles.insert(m.path) }

        let walk = try git { () throws(GitError) in try RevWalk(repository) }
        try git { () throws(GitError) in try walk.push(to); try walk.hide(from) }
        let ids = try git { () throws(GitError) in try walk.ids(limit: Self.maxDeployedCommits + 1) }
        // An empty range (TO reaches nothing FROM does not: reversed ends, or the same commit) deploys
        // nothing; storing an empty link would only overwrite a good one.
        guard !ids.isEmpty else { throw .emptyRange(range) }
        guard ids.count <= Self.maxDeployedCommits else { throw .rangeTooLarge(range, limit: Self.maxDeployedCommits) }

        // Each deployed commit's changes, and the renames among them (to follow a changed file to
        // its name at B); apart, the files moved away while a new file took their name, with the commit
        // that moved them (only lines written before the move went with the moved file), and each path's
        // renames and moves in the order of the walk, to follow a file through several.
        var changed: [(id: ObjectID, lines: [String: Set<Int>])] = []
        var renames: [String: String] = [:]
        var hops: [String: [(to: String, by: ObjectID, move: Bool)]] = [:]
        var anyMove = false
        for id in ids {
            // A merge's diff against its first parent repeats the commits it brings in, which are in
            // the range themselves.
            if try git({ () throws(GitError) in try repository.commit(id).parentIDs.count }) > 1 { continue }
            let c = try changes(by: id, aroundDeletions: true)
            for r in c.renames {
                if renames[r.from] == nil { renames[r.from] = r.to }
                hops[r.from, default: []].append((r.to, id, false))
            }
            for m in c.moves { hops[m.from, default: []].append((m.to, id, true)); anyMove = true }
            changed.append((id, c.lines))
        }
        // A commit's lines are numbered in its own version of a file, the frames at B: they are
        // compared once carried to B.
        func followRenames(_ path: String) -> String {
            var p = path, hops = 0
            while let next = renames[p], hops < 100 { p = next; hops += 1 }
            return p
        }
        let toTree = try git { () throws(GitError) in try repository.commit(to).tree() }
        let forwarder = try LineForwarder(self, at: to, renamed: { path in
            let p = followRenames(path)
            return p == path ? nil : p
        }, moved: { [repository] path, id in
            // From the commit on, each time the earliest rename or move of the file after the one
            // before (the walk lists the newest first): a move may follow a rename or another move.
            guard anyMove else { return nil }
            var p = path, since = id, moved = false
            for _ in 0..<100 {
                guard let hop = hops[p]?.last(where: { $0.by != since && (try? repository.isAncestor(since, of: $0.by)) == true }) else { break }
                p = hop.to; since = hop.by
                if hop.move { moved = true }
            }
            guard moved else { return nil }
            return toTree.containsFile(p) ? p : followRenames(p)
        })
        var scored: [(entry: LinkResult.Introducing, time: Int64, score: Int, touched: [String: Set<Int>], id: ObjectID)] = []
        for (id, added) in changed {
            var score = 0, lines = 0
            var touched: [String: Set<Int>] = [:]
            for (path, own) in added {
                // (With no known code, every file counts, and no name at B is needed.)
                let atTo = knownFiles.isEmpty ? nil : try forwarder.path(path, from: id)
                let name = atTo ?? path
                guard knownFiles.isEmpty || knownFiles.contains(name) || known.contains(where: { name.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else { continue }
                touched[path] = own
                lines += own.count
                score += 10
                let frameLines = mapped.filter { $0.path == name }.map(\.line)
                if let atTo, !frameLines.isEmpty {
                    let moved = try forwarder.lines(own, of: path, from: id, atPath: atTo)
                    for line in frameLines { score += 100 * moved.filter { abs($0 - line) <= 3 }.count }
                }
            }
            guard knownFiles.isEmpty || score > 0 else { continue }
            var (entry, time) = try info(id)
            entry.lines = lines
            scored.append((entry, time, score, touched, id))
        }
        // Known code that no deployed commit touched: an empty link would only overwrite a good one.
        if scored.isEmpty && !knownFiles.isEmpty { throw .nothingDeployedTouches(range) }
        scored.sort { ($0.score, $0.time) > ($1.score, $1.time) }
        // The top commits' lines (all those tied with the best score: with no known code, every commit
        // touching as many files), numbered at B (where the result is stated); a file B no longer has is
        // read at the commit. Their authors are the blame owners, so owners and paths tell of the same lines.
        var paths: [LinkResult.CodePath] = []
        var authors: [String: Int] = [:]
        for top in scored.prefix(while: { $0.score == scored.first?.score }) {
            let (atTo, gone) = try forwarder.forward(top.touched, from: top.id)
            paths += try codePaths(atTo, at: to) + codePaths(gone, at: top.id)
            authors[top.entry.author, default: 0] += top.entry.lines
        }
        paths = mergePaths(paths)
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
