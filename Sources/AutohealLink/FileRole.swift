/// Whether a file holds the code a fault lives in, or supports it: tests, documentation, packaging.
///
/// SZZ weighs the lines a fix changes by this when the fix changes both kinds: a fix that corrects code
/// and adjusts a test or a manual page for it was made for the code, and whoever last wrote the test
/// lines is rarely the one who brought the fault in (see ``RankingPolicy``). Chosen from the path alone.
public enum FileRole: Sendable, Equatable {
    case code, supporting

    /// File extensions of documentation: prose, markup and manual pages (`ip.8`).
    static let documentExtensions: Set<String> = [
        "md", "markdown", "rst", "txt", "adoc", "asciidoc", "texi", "html", "htm", "xml",
        "1", "2", "3", "4", "5", "6", "7", "8", "9",
    ]
    /// Folders whose files support the code: tests, documentation, distribution packaging.
    static let supportingFolders: Set<String> = [
        "test", "tests", "testing", "testsuite", "selftests", "__tests__", "spec", "specs", "testdata",
        "doc", "docs", "documentation", "man", "debian", "rhel",
    ]

    /// The role of a repository path.
    public init(path: String) {
        let parts = path.split(separator: "/")
        let name = parts.last.map(String.init) ?? ""
        let stem = name.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? name
        let lower = stem.lowercased()
        let ext = name.contains(".") ? String(name.split(separator: ".").last!).lowercased() : ""
        let isTest = lower.hasPrefix("test_") || lower.hasPrefix("test-") || lower.hasSuffix("_test") || lower.hasSuffix("-test")
            || stem.hasSuffix("Test") || stem.hasSuffix("Tests") || name.contains(".test.") || name.contains(".spec.") || ext == "at"
        let isDocument = Self.documentExtensions.contains(ext) || ["readme", "news", "changelog", "changes", "authors"].contains(lower)
        let inSupportingFolder = parts.dropLast().contains { Self.supportingFolders.contains($0.lowercased()) }
        self = isTest || isDocument || inSupportingFolder ? .supporting : .code
    }
}
