/// What a service name may hold: the rule incident ids follow (``VisibleName``). Services are what
/// `report --by service`, `review` and `incidents` group and filter by, printed as they are, so
/// `"checkout "`, `"check\u{200B}out"` and `"checkout"` would be three services printed alike: the
/// first two are refused when imported, and `café` spelled composed or decomposed is one service.
public enum ServiceName {
    /// `name` in its one spelling, Unicode's composed form (NFC), wherever a service enters autoheal:
    /// an import, a `--service` filter, a ledger read.
    public static func normalized(_ name: String) -> String { VisibleName.normalized(name) }

    /// `name` in its one spelling, or nil for no service.
    public static func normalized(_ name: String?) -> String? { name.map(VisibleName.normalized) }

    /// Why `name` cannot be a service name (a phrase to follow the field's name, such as "is only
    /// whitespace"), or nil when it can.
    public static func problem(_ name: String) -> String? { VisibleName.problem(name, noun: "a service name") }
}
