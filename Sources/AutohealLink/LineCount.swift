/// A number of lines as people write it: "1 line", "2 lines".
public func lineCount(_ n: Int) -> String { n == 1 ? "1 line" : "\(n) lines" }
