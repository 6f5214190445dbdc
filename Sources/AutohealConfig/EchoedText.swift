import AutohealCore

/// A value from a config file as an error message echoes it: hidden characters written visibly
/// (``VisibleText``) and cut after ``limit`` characters with "…", so a key holding 2 MB of text is not
/// a 2 MB message.
enum EchoedText {
    /// The most characters of a value an error repeats.
    static let limit = 80

    /// `text` as a message shows it.
    static func of(_ text: String) -> String {
        let head = text.prefix(limit + 1)
        guard head.count > limit else { return VisibleText.of(text) }
        return VisibleText.of(String(head.prefix(limit))) + "…"
    }
}
