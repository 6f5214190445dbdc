import AutohealCore

extension LandingSync {
    /// Why `name` names nothing ``resolveBranch(_:name:)`` can read, for an error after the place it
    /// came from: "there is no reference refs/…", or "there is no branch NAME here (neither
    /// origin/NAME nor a local branch NAME)". Hidden characters are made visible (``VisibleText``).
    public static func missingBranch(_ name: String) -> String {
        let v = VisibleText.of(name)
        return name.hasPrefix("refs/") ? "there is no reference \(v)"
            : "there is no branch \(v) here (neither origin/\(v) nor a local branch \(v))"
    }

    /// The error for a configured `default_branch` that does not resolve, as `sync`, `land` and
    /// `prevent` give it: "`origin`: default_branch NAME: there is no branch …", where `origin` is
    /// `FILE:LINE` of the setting (`Configuration.defaultBranchOrigin`).
    public static func missingDefaultBranch(_ name: String, origin: String) -> String {
        "\(origin): default_branch \(VisibleText.of(name)): \(missingBranch(name))"
    }
}
