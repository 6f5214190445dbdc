import CLibGit2

/// One `Key: value` trailer of a commit message (the last paragraph, as git defines it).
public struct Trailer: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// The trailers of `message`, in order, via `git_message_trailers` (agrees with `git interpret-trailers`).
    public static func parse(_ message: String) -> [Trailer] {
        LibGit2.ensure()
        var arr = git_message_trailer_array()
        guard git_message_trailers(&arr, message) == 0 else { return [] }
        defer { git_message_trailer_array_free(&arr) }
        var out: [Trailer] = []
        for i in 0..<arr.count {
            let t = arr.trailers[i]
            out.append(Trailer(key: String(cString: t.key), value: String(cString: t.value)))
        }
        return out
    }
}
