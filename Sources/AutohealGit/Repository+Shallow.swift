import CLibGit2
import CLibGit2Support

extension Repository {
    /// The commits at the edge of a shallow clone (`git clone --depth N`, CI's default checkout): those
    /// listed in `$GIT_DIR/shallow`, whose parents were not fetched. Empty for a complete clone.
    ///
    /// git shows them as root commits, and so does this repository (see ``installShallowView()``): a walk
    /// ends at them instead of failing on the missing parent.
    public var shallowCommits: Set<ObjectID> {
        guard let text = MappedFile.readText(commonDir + "/shallow") else { return [] }
        return Set(text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { ObjectID(hex: String($0)) })
    }

    /// True for a partial clone (`git clone --filter=blob:none`): objects, blobs most often, are left on
    /// the remote until git needs them, and libgit2 cannot fetch them.
    /// (git marks the remote it clones from `remote.<name>.promisor`; older versions set
    /// `extensions.partialClone` to its name.)
    public var isPartialClone: Bool {
        if let ext = configString("extensions.partialClone"), !ext.isEmpty { return true }
        var names = git_strarray()
        guard git_remote_list(&names, pointer) == 0 else { return false }
        defer { git_strarray_dispose(&names) }
        for i in 0..<names.count {
            if let name = names.strings[i], configBool("remote.\(String(cString: name)).promisor") == true { return true }
        }
        return false
    }

    /// In a shallow clone, makes libgit2 (1.5 has no shallow support) read the ``shallowCommits``
    /// without their parents, as `git log` does, so walks and ancestry checks end there instead of
    /// failing on a missing object: the repository's object database is wrapped so that only those
    /// commits read differently (`CLibGit2Support/shallow_odb.c`). Without a shallow file, or if the
    /// wrapper cannot be installed, nothing changes; calling it again changes nothing.
    ///
    /// For what may stop at the edge of the history (landings: what is visible is recorded), not for
    /// what needs the history behind it: blame would take the edge for the commit that wrote every
    /// line, so `link` leaves it off and reports the shallow clone.
    public func readShallowEdgesAsRoots() {
        let boundary = shallowCommits
        guard !boundary.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(boundary.count * 20)
        for id in boundary { bytes += id.bytes }
        _ = autoheal_install_shallow_view(UnsafeMutableRawPointer(pointer), commonDir + "/objects", bytes, UInt(boundary.count))
    }
}
