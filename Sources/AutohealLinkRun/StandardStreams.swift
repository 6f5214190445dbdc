#if canImport(Glibc)
import Glibc
#endif

/// Output through write(2), without Foundation: shared by both executables.
public enum StandardStreams {
    /// The first error writing standard output (an `errno`), kept until the process ends; later output
    /// is dropped rather than written after a gap. Touched only by the thread printing.
    nonisolated(unsafe) private static var outputError: Int32?
    /// Standard output was closed when the process started (`>&-`); see ``guardStandardDescriptors()``.
    nonisolated(unsafe) private static var outputWasClosed = false
    /// Standard input was closed when the process started (`<&-`): reading it is refused with EBADF
    /// rather than reading the `/dev/null` put in its place.
    nonisolated(unsafe) public private(set) static var inputWasClosed = false
    /// Standard error was closed when the process started (`2>&-`).
    nonisolated(unsafe) private static var stderrWasClosed = false

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

    /// Writes `text` to standard output. A failure (a full disk, `/dev/full`, a file-size limit, a closed
    /// descriptor) is remembered for ``exitStatus(_:)`` to report when the command ends.
    public static func writeOut(_ text: String) {
        guard outputError == nil, !text.isEmpty else { return }
        if outputWasClosed { outputError = EBADF; return }
        if !writeAll(text, to: 1) { outputError = errno == 0 ? EIO : errno }
    }

    /// Called first thing by each executable (``ProcessLifetime/startExecutable()``): a standard
    /// descriptor the process was started without (`>&-`) is opened on `/dev/null`, so no file the
    /// command opens later — a pack, a report — takes its number and receives what was meant for it. Output meant for a closed standard
    /// output still fails, as ``exitStatus(_:)`` reports.
    public static func guardStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            if fd == 0 { inputWasClosed = true }
            if fd == 1 { outputWasClosed = true }
            if fd == 2 { stderrWasClosed = true }
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
        }
    }

    /// Closes again the standard descriptors ``guardStandardDescriptors()`` opened on `/dev/null`, before
    /// the process is replaced by one that must see them as they were given (`autoheal-full`).
    public static func restoreClosedDescriptors() {
        if inputWasClosed { close(0) }
        if outputWasClosed { close(1) }
        if stderrWasClosed { close(2) }
    }

    /// The exit status of a command that finished with `status`, standard output considered: when
    /// writing it failed, the one line `autoheal: cannot write to standard output: REASON` goes to
    /// stderr and a successful command exits 1 instead of 0 (a CI job's `report > out.json` on a full
    /// disk must fail). A closed pipe (`| head`, with SIGPIPE ignored) is not an error to report: the
    /// process exits 141 without a word, as it does when SIGPIPE ends it, and as git does.
    public static func exitStatus(_ status: Int32) -> Int32 {
        if outputError == nil, fflush(nil) != 0 { outputError = errno }  // anything printed through stdio
        guard let error = outputError else { return status }
        if error == EPIPE { return status == 0 ? 128 + SIGPIPE : status }
        writeAll("autoheal: cannot write to standard output: \(String(cString: strerror(error)))\n", to: 2)
        return status == 0 ? 1 : status
    }
}
