/// What an incident id may hold. Ids are free text (importers keep the tools' own), but every id must
/// look like itself, and ids that differ only in how Unicode spells them are one id: the rule of
/// ``VisibleName``, which service names (``ServiceName``) follow too.
extension IncidentID {
    /// `id` in its one spelling, Unicode's composed form (NFC): `"cafe\u{301}"` becomes `"café"`.
    public static func normalized(_ id: String) -> String { VisibleName.normalized(id) }

    /// Why `id` cannot be an incident id (a phrase to follow the field's name, such as "is only
    /// whitespace"), or nil when it can.
    public static func problem(_ id: String) -> String? { VisibleName.problem(id, noun: "an id") }

    /// `id` as a message shows it: the characters that do not show as themselves written as `\u{…}`,
    /// so `INC\u{200B}-1`, which no ledger holds, does not read as `INC-1`, which one may.
    public static func shown(_ id: String) -> String { VisibleName.shown(id) }
}
