import Testing
@testable import AutohealPrevent

/// Git's rule for a path component that is `.git` on some system (`verify_path`, `is_ntfs_dotgit`,
/// `is_hfs_dotgit`), as the scaffold pre-check applies it.
@Suite struct DotGitNameTests {
    @Test(arguments: [".git", ".GIT", ".Git", ".git ", ".git.", ".git . .", "git~1", "GIT~1", "Git~1 ", ".git:", ".git::$INDEX_ALLOCATION",
                      ".GIT :x", "git~1:stream", "x\\.git", ".git\\x", "a\\b\\GIT~1.", ".git\u{200C}", ".\u{200D}git", "\u{FEFF}.gIt",
                      ".g\u{206A}i\u{202E}t",
                      // A joiner right after the `/` made one Character of both: the component went unseen.
                      "\u{200C}.git", "\u{200D}.GIT"])
    func componentsGitTakesForDotGit(_ component: String) {
        #expect(DotGitName.problem(Substring(component)) != nil)
        #expect(DraftFiles.pathProblem("tests/\(component)/x.txt") != nil)
    }

    @Test(arguments: [".gitx", ".github", ".gitignore", ".gitmodules", "git~2", "git~10", "git~1x", ".git x", ".git.x", "x.git",
                      "x\\.gitx", ".git\u{200C}x", ".gi", "git", "~1", ".g\u{00C9}t"])
    func namesThatOnlyLookLikeIt(_ component: String) {
        #expect(DotGitName.problem(Substring(component)) == nil)
        #expect(DraftFiles.pathProblem("tests/\(component)/x.txt") == nil)
    }
}
