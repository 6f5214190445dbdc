/// `n` and a noun for people, singular for exactly one: `counted(1, "turn")` is "1 turn",
/// `counted(3, "turn")` "3 turns", `counted(0, "duplicate")` "0 duplicates". `plural` is for nouns
/// that do not just add an "s".
public func counted(_ n: Int, _ singular: String, plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
}
