import AutohealLinkRun
import AutohealReports
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where output goes, and whether it may be coloured.
enum Terminal {
    /// Writes to stdout; a failure is reported when the command ends (``StandardStreams/exitStatus(_:)``).
    static func out(_ text: String) {
        StandardStreams.writeOut(text)
    }

    /// Writes a line to stderr.
    static func err(_ text: String) {
        StandardStreams.writeAll(text.hasSuffix("\n") ? text : text + "\n", to: 2)
    }

    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colour only on a TTY, and never with `NO_COLOR` set to anything but the empty string (no-color.org);
    /// tables cut to fit only on a TTY.
    static var stdoutStyle: TerminalStyle {
        TerminalStyle(colour: isTTY(1) && (Paths.variable("NO_COLOR") ?? "").isEmpty && Paths.variable("TERM") != "dumb",
                      fitsWidth: isTTY(1), columns: columns(1))
    }

    /// The width of the terminal on `fd`: the kernel's window size, else `$COLUMNS`, else 80.
    static func columns(_ fd: Int32) -> Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = Paths.variable("COLUMNS"), let n = Int(text), n > 0 { return n }
        return 80
    }
}

/// A progress line on stderr, drawn only when stderr is a TTY and throttled to a few updates a second.
final class Progress {
    private let label: String
    private let total: Int?
    private let enabled: Bool
    private var lastDraw: Double = 0

    init(_ label: String, total: Int?) {
        self.label = label
        self.total = total
        self.enabled = Terminal.isTTY(2)
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let now = Date().timeIntervalSince1970
        guard now - lastDraw > 0.1 else { return }
        lastDraw = now
        StandardStreams.writeAll("\r" + Self.line(label, done: done, total: total, columns: Terminal.columns(2)), to: 2)
    }

    /// The progress line for `columns` terminal columns: kept one short of the width, so the terminal
    /// never wraps it (a wrapped line is redrawn on a new row at every update); the bar shrinks first,
    /// then goes, then the text is cut.
    static func line(_ label: String, done: Int, total: Int?, columns: Int) -> String {
        let room = max(1, columns - 1)
        var text = "\(label) \(done)"
        if let total, total > 0 {
            let percent = "\(min(100, done * 100 / total))%"
            let width = min(30, room - DisplayWidth.of(label) - percent.count - 4)
            if width >= 5 {
                let filled = min(width, done * width / total)
                text = "\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(percent)"
            } else {
                text = "\(label) \(percent)"
            }
        }
        return DisplayWidth.clip(text, to: room)
    }

    func finish() {
        guard enabled, lastDraw > 0 else { return }
        StandardStreams.writeAll("\r\u{1B}[K", to: 2)
    }
}
