import AutohealCore
import AutohealGit
import Foundation

/// What a rebase that git is finishing was asked to do, read from its state directory
/// (`<git-dir>/rebase-merge`), which git removes only after the post-rewrite hook has run.
public struct RebaseState: Equatable, Sendable {
    /// Where the rebased commits were put (`onto`): the rebased branch is `onto..HEAD`.
    public var onto: ObjectID?
    /// The branch's tip when the rebase started (`orig-head`): what left it is `HEAD..orig-head`.
    public var origHead: ObjectID?
    /// The commits the rebase was given to replay: the todo list as git first wrote it
    /// (`git-rebase-todo.backup`, an interactive rebase: a line deleted in the editor is still there)
    /// and the steps it took (`done`: a `drop` line, a pick skipped with `--skip`).
    public var given: [ObjectID]

    public init(onto: ObjectID?, origHead: ObjectID? = nil, given: [ObjectID]) {
        self.onto = onto
        self.origHead = origHead
        self.given = given
    }

    /// The state of the rebase under way in `repository`'s git dir (its worktree's), or `nil` when
    /// there is none (the apply backend keeps none).
    public static func read(_ repository: Repository) -> RebaseState? {
        read(directory: repository.gitDir + "/rebase-merge", repository)
    }

    /// The state in `dir`: a rebase's `rebase-merge` folder, or a copy of its `onto`, `orig-head`,
    /// `git-rebase-todo.backup` and `done` (the hooks keep one for a record made later).
    public static func read(directory dir: String, _ repository: Repository) -> RebaseState? {
        guard let ontoText = try? String(contentsOfFile: dir + "/onto", encoding: .utf8) else { return nil }
        var given: [ObjectID] = []
        var seen = Set<ObjectID>()
        for file in ["git-rebase-todo.backup", "done"] {
            guard let text = try? String(contentsOfFile: dir + "/" + file, encoding: .utf8) else { continue }
            for id in todoCommits(text).compactMap({ try? repository.resolveCommit($0) }) where seen.insert(id).inserted {
                given.append(id)
            }
        }
        let origHead = (try? String(contentsOfFile: dir + "/orig-head", encoding: .utf8))
            .flatMap { ObjectID(hex: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return RebaseState(onto: ObjectID(hex: ontoText.trimmingCharacters(in: .whitespacesAndNewlines)), origHead: origHead, given: given)
    }

    /// The rewrites of the rebase under way in `repository`'s git dir so far (`rebase-merge/rewritten-list`,
    /// or the apply backend's `rebase-apply/rewritten`), as post-rewrite would get them; none without one.
    /// A branch a rebase moves besides the rebased one (`--update-refs`) is moved once they are all made.
    public static func rewrites(_ repository: Repository) -> [(old: ObjectID, new: ObjectID)] {
        for file in ["rebase-merge/rewritten-list", "rebase-apply/rewritten"] {
            if let text = try? String(contentsOfFile: repository.gitDir + "/" + file, encoding: .utf8) {
                return RebaseRecording.pairs(text)
            }
        }
        return []
    }

    /// The commit names of a todo list's lines that replay or drop a commit (`pick`, `reword`, `edit`,
    /// `squash`, `fixup [-C|-c]`, `drop` and their one-letter forms); comments, `exec`, `break`, `label`,
    /// `merge` and the like name none.
    public static func todoCommits(_ text: String) -> [String] {
        let commands: Set<Substring> = ["pick", "p", "reword", "r", "edit", "e", "squash", "s", "fixup", "f", "drop", "d"]
        var out: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let command = words.first, commands.contains(command) else { continue }
            guard let name = words.dropFirst().first(where: { !$0.hasPrefix("-") }),
                  name.count >= 4, name.allSatisfy(\.isHexDigit) else { continue }
            out.append(String(name))
        }
        return out
    }
}

/// What the post-rewrite hook records after a rebase of a fix branch, in one pass:
///
/// - each rewritten commit, replacing the commit it rewrote (as `hook-event committed --replaces`);
/// - each commit on the rebased branch (`onto..HEAD`) that names an incident on a `Prevents:` line and
///   was never recorded for it: one made by hand while the rebase was stopped (at an `edit` or `break`,
///   after resolving a conflict), which post-commit leaves alone during a rebase, and git's rewritten
///   list either maps to the stop's commit or leaves out;
/// - each listed fix commit the rebase was given but left off the branch (a `drop` line, a deleted
///   line, `rebase --skip`): a `prevention.committed` record with `dropped` and no `commit`, which
///   takes it off the incident's list;
/// - then the branch as the rebase left it against the one it started from (``BranchReconciliation``):
///   listed commits it was never given that are off the branch now (`rebase --onto X HEAD~2` leaves the
///   commits below `HEAD~2` behind) are dropped too, and recorded ones it brought back are restored.
public struct RebaseRecording {
    var records: FixCommitRecords
    public var repository: Repository { records.repository }
    /// The rebased branch, recorded on each event.
    public var branch: String? { records.branch }

    public init(repository: Repository, branchPrefix: String, branch: String?,
                knows: @escaping (String) throws -> Bool, preventionEvents: @escaping (String) throws -> [Event]) {
        records = FixCommitRecords(repository: repository, branchPrefix: branchPrefix, branch: branch,
                                   knows: knows, preventionEvents: preventionEvents)
    }

    /// The `prevention.committed` record of `commit` for each incident its message names (see
    /// ``FixCommitRecords/committed(_:replaces:)``).
    public func committed(_ commit: Commit, replaces old: ObjectID? = nil) throws -> [Event] {
        try records.committed(commit, replaces: old)
    }

    /// Everything to record for a rebase that rewrote `pairs` (git's `<old> <new>` list) and left the
    /// branch at `head`; `state` is what the rebase was given (`nil`: only the pairs are recorded).
    /// `incident` is the rebased fix branch's incident, whose dropped commits may name no incident;
    /// `scope` says where its commits count as landed or kept (see ``BranchReconciliation``).
    public mutating func events(pairs: [(old: ObjectID, new: ObjectID)], head: ObjectID, state: RebaseState?,
                                incident: String?, scope: BranchReconciliation.Scope = .init(), now: Timestamp) throws -> [Event] {
        var out: [Event] = []
        for (old, new) in pairs {
            out += try committed(try repository.commit(new), replaces: old)
        }
        guard let state, let onto = state.onto else { return out }
        let rewrittenNew = Set(pairs.map(\.new)), rewrittenOld = Set(pairs.map(\.old))
        records.note(out)

        // The branch as the rebase left it: a commit on it carrying a Prevents line, never recorded for
        // that incident and not a rewrite just recorded, was made by hand during the rebase.
        let walk = try RevWalk(repository, sorting: [.topological, .reverse])
        try walk.push(head)
        if repository.hasObject(onto) { try walk.hide(onto) }
        // (Each pass's records are noted once at its end, not per commit: a record says nothing about
        // another commit, and each note re-reads every record of the incident.)
        var onBranch = Set<ObjectID>()
        var made: [Event] = []
        while let id = try walk.next() {
            onBranch.insert(id)
            if rewrittenNew.contains(id) { continue }
            let commit = try repository.commit(id)
            for named in try records.incidents(of: commit.message) where try !records.ledger(named).recorded.contains(id.hex) {
                made += try committed(commit).filter { $0.incident == named }
            }
        }
        records.note(made)
        out += made

        // A listed commit the rebase was given, did not rewrite, and left off the branch was dropped
        // (each once: git's backup of the todo list and its list of done picks name the same commits).
        var gone: [Event] = [], seen = Set<ObjectID>()
        for id in state.given where seen.insert(id).inserted && !rewrittenOld.contains(id) && !onBranch.contains(id) {
            if try repository.isAncestor(id, of: head) { continue }
            var named = (try? records.incidents(of: repository.commit(id).message)) ?? []
            if let incident, !named.contains(incident) { named.append(incident) }
            for inc in named {
                let ledger = try records.ledger(inc)
                guard ledger.listed.contains(id.hex) else { continue }
                gone.append(ledger.dropped(id.hex, branch: branch, now: now))
            }
        }
        records.note(gone)
        out += gone

        // What the rebase left behind without being given it, or brought back.
        guard branch != nil else { return out }
        var reconciliation = BranchReconciliation(records: records, incident: incident, scope: scope)
        out += try reconciliation.events(tip: head, previous: state.origHead, pairs: pairs, now: now)
        return out
    }

    /// Reads git's `<old-sha> <new-sha>[ <extra>]` lines (post-rewrite's input).
    public static func pairs(_ text: String) -> [(old: ObjectID, new: ObjectID)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 2, let old = ObjectID(hex: String(words[0])), let new = ObjectID(hex: String(words[1])) else { return nil }
            return (old, new)
        }
    }
}
