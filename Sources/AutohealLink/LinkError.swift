import AutohealGit

/// Why a link could not be made. Every case except ``git(_:)`` is bad input: nothing should be stored.
public enum LinkError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownRevision(String)
    case notACommit(String, kind: String)
    case onlyNewFiles(String, paths: [String])
    case pathNotInTree(path: String, at: String)
    case directoryTooLarge(String, files: Int, limit: Int)
    case lineOutOfRange(path: String, line: Int, lineCount: Int)
    case shallowHistory(String)
    case noParent(String)
    case notARevert(String)
    case revertedNotInHistory(String, named: String)
    case frameMapsToNothing(String)
    case ambiguousFrame(path: String, line: Int, candidates: [String])
    case noFrames(String)
    case badFrame(String)
    case badRange(String)
    case emptyRange(String)
    case rangeTooLarge(String, limit: Int)
    case nothingDeployedTouches(String)
    case nothingToBlame(String)
    case atWithOwnRevisions(String)
    case noHints(String)
    case deployToIsRoot(String)
    case deployWithoutTo(String)
    case badStoredResult(String)
    case git(GitError)

    /// True when the user's input (or the incident's hints) is at fault, not the repository or libgit2.
    public var isBadInput: Bool {
        if case .git = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .unknownRevision(let r): return "unknown revision '\(r)': no such commit in this repository (check the SHA, or `git fetch` the missing history)"
        case .notACommit(let r, let kind): return "'\(r)' names a \(kind), not a commit: give a commit (a SHA, branch or tag)"
        case .directoryTooLarge(let p, let n, let limit): return "'\(p)' is a directory of \(n) files (at most \(limit) stand in for a directory); name the files"
        case .pathNotInTree(let p, let at): return "'\(p)' is not a file in the tree at \(at)"
        case .lineOutOfRange(let p, let l, let n): return "\(p):\(l): the file has only \(lineCount(n))"
        case .shallowHistory(let c):
            let whose = c.isEmpty ? "the history this link needs is" : "commit \(c)'s history is"
            return "\(whose) missing from this shallow clone; run `git fetch --unshallow` and retry"
        case .noParent(let c): return "commit \(c) has no parent, so it fixed nothing that existed before it"
        case .notARevert(let c): return "commit \(c) does not say which commit it reverts (no \"This reverts commit X.\") and its tree matches no earlier commit's parent"
        case .revertedNotInHistory(let c, let named):
            return "commit \(c) says it reverts \(named), which is not a commit in its history (rewritten by a rebase?), and its tree matches no earlier commit's parent; link with --commit instead"
        case .frameMapsToNothing(let f): return "frame '\(f)' maps to no file in the repository (paths are matched by their longest suffix that exists in the tree)"
        case .ambiguousFrame(let path, let line, let candidates):
            let named = candidates.prefix(3).joined(separator: ", ") + (candidates.count > 3 ? " and \(candidates.count - 3) more" : "")
            return "frame '\(path):\(line)' matches \(candidates.count) files equally (\(named)) and names no package that tells them apart; give the file's path in the repository (--frame \(candidates[0]):\(line))"
        case .noFrames(let s): return "no stack frame in \(s) maps to a file in the repository"
        case .badFrame(let f): return "'\(f)' is not a frame: expected PATH:LINE"
        case .badRange(let r): return "'\(r)' is not a commit range: expected A..B"
        case .emptyRange(let r): return "the range \(r) holds no commit: is its first end an ancestor of its second?"
        case .rangeTooLarge(let r, let limit): return "the range \(r) holds more than \(limit) commits; narrow it to the deploy"
        case .nothingDeployedTouches(let r): return "no commit in \(r) touches the incident's known code (its paths and frames); link without them to list every deployed commit"
        case .nothingToBlame(let c): return "commit \(c) changes no line of code (whitespace, blank lines and comments aside), so there is nothing to blame; link with --commit or --frame instead"
        case .onlyNewFiles(let c, let paths):
            let named = paths.prefix(3).joined(separator: ", ") + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
            return "commit \(c) only adds new files (\(named)): no earlier line is there to blame; link with --commit or --frame instead"
        case .atWithOwnRevisions(let at): return "--at \(at) applies to frames and paths; the incident's hints name a fix, revert, commits or deploy, which carry their own revisions (drop --at, or link with --frame)"
        case .noHints(let why): return why
        case .deployToIsRoot(let to):
            return "the hints' deploy has no \"from\", and its \"to\" ('\(to)') is a root commit, so no earlier commit bounds the range: give deploy.from"
        case .deployWithoutTo(let from):
            return "the hints' deploy has a \"from\" ('\(from)') but no \"to\": give deploy.to, the revision deployed"
        case .badStoredResult(let why): return "stored link result: \(why)"
        case .git(let e): return e.description
        }
    }
}
