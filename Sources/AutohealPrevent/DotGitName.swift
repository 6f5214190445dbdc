/// Git's rule for a path component that names its `.git` folder, as git refuses to stage it (`verify_path`
/// in git's read-cache.c with `is_ntfs_dotgit` and `is_hfs_dotgit` from path.c; libgit2 refuses the
/// same): not only `.git` in any case, but every name Windows (NTFS) or macOS (HFS+) opens as `.git`.
/// Git applies the NTFS rule on every system (`core.protectNTFS`), so such a file, once written, fails
/// the draft's commit; the HFS+ rule on macOS (`core.protectHFS`), where a fix holding such a file could
/// not be checked out. autoheal applies both everywhere.
enum DotGitName {
    /// The code points HFS+ ignores in a file name, so `.git` with one inside is `.git` on macOS.
    static let hfsIgnored: Set<UInt32> = [0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                          0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F, 0xFEFF]

    /// Why `component` (one `/`-separated part of a path) names the `.git` folder to git, or `nil`:
    /// - `.git` in any case;
    /// - NTFS: `.git` or its short name `git~1` (any case), followed only by dots and spaces (Windows
    ///   drops them), then the end, a `\` (a folder separator there) or a `:` (a stream of it, as in
    ///   `.git::$INDEX_ALLOCATION`) — checked after every `\` too, as git does;
    /// - HFS+: `.git` with code points macOS ignores inside (U+200C, U+200D, U+FEFF, …).
    static func problem(_ component: Substring) -> String? {
        if asciiLowercased(component.unicodeScalars) == Array(".git".unicodeScalars) { return "it names a .git folder" }
        let pieces = component.split(separator: "\\", omittingEmptySubsequences: false)
        for piece in pieces {
            if let how = ntfsReading(piece, backslashed: pieces.count > 1) {
                return "its component \(RefName.quoted(String(component))) is .git on Windows (\(how)), and git refuses to stage it"
            }
        }
        let ignored = component.unicodeScalars.filter { hfsIgnored.contains($0.value) }
        if !ignored.isEmpty, asciiLowercased(component.unicodeScalars.filter { !hfsIgnored.contains($0.value) }) == Array(".git".unicodeScalars) {
            let named = Set(ignored.map(\.value)).sorted().map { "U+" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ")
            return "its component \(RefName.quoted(String(component))) is .git on macOS (which ignores the \(named) in it), where git refuses it"
        }
        return nil
    }

    /// How Windows reads `piece` (a `\`-separated part of a component, `backslashed` when there are
    /// several) as `.git` (`is_ntfs_dotgit`), or `nil` when it does not.
    private static func ntfsReading(_ piece: Substring, backslashed: Bool) -> String? {
        let lower = asciiLowercased(piece.unicodeScalars)
        let rest: ArraySlice<Unicode.Scalar>
        let shortName: Bool
        if lower.starts(with: ".git".unicodeScalars) { rest = lower.dropFirst(4); shortName = false }
        else if lower.starts(with: "git~1".unicodeScalars) { rest = lower.dropFirst(5); shortName = true }
        else { return nil }
        let tail = rest.drop(while: { $0 == "." || $0 == " " })
        guard tail.isEmpty || tail.first == ":" else { return nil }
        var how: [String] = []
        if shortName { how.append("\"git~1\" is its short name") }
        if tail.count < rest.count { how.append("trailing dots and spaces are dropped") }
        if tail.first == ":" { how.append("\":\" names a stream of it") }
        if backslashed { how.append("\"\\\" separates folders") }
        return how.joined(separator: "; ")
    }

    private static func asciiLowercased<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> [Unicode.Scalar] {
        scalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }
    }
}
