#if canImport(Glibc)
import Glibc
#endif

/// Output through write(2), without Foundation: shared by both executables.
public enum StandardStreams {
    /// Writes all of `text` to a file descriptor, retrying short and interrupted writes; returns false on
    /// any other error (a closed pipe ends the process through SIGPIPE first, unless SIGPIPE is ignored).
    @discardableResult
    public static func writeAll(_ text: String, to fd: Int32) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return false }
            }
            return true
        }
    }
}
