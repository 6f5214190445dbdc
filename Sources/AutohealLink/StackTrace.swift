/// One frame of a stack trace: a source path as the program saw it, a line, and the function if known.
public struct StackFrame: Equatable, Sendable {
    public var path: String
    public var line: Int
    public var function: String?
    /// The package the function is in, when the trace names it: Go's import path (`example.com/b` in
    /// `example.com/b.G()`). It breaks a tie between files of the same path suffix (``FrameMapper``).
    public var package: String?

    public init(path: String, line: Int, function: String? = nil, package: String? = nil) {
        self.path = path
        self.line = line
        self.function = function
        self.package = package
    }

    /// Parses `PATH:LINE` (a trailing `:COLUMN` is allowed); `nil` for anything else.
    public init?(spec: String) {
        var parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        if parts.count >= 3, Int(parts[parts.count - 1]) != nil, Int(parts[parts.count - 2]) != nil { parts.removeLast() }
        guard let line = Int(parts.removeLast()), line > 0 else { return nil }
        let path = parts.joined(separator: ":")
        guard !path.isEmpty else { return nil }
        self.init(path: path, line: line)
    }
}

/// Finds frames in stack traces of Go, Java/Kotlin, Python, Swift and JavaScript/Node, innermost first.
public enum StackTrace {
    /// The frames of `text`, in the order they appear (for all five formats that is innermost first).
    /// Lines may end with `\n`, `\r\n` or `\r`. A frame at line 0 is not one.
    public static func parse(_ text: String) -> [StackFrame] {
        var frames: [StackFrame] = []
        let lines = text.splitLines().map(String.init)
        for (i, raw) in lines.enumerated() {
            let t = raw.trimmingWhitespace
            // Line 0 is no line (`--frame PATH:0` is refused): a runtime writes it when it has no
            // location, and such a frame is skipped as an unparsable line is.
            if let f = python(t) ?? java(t) ?? node(t) ?? swift(t) ?? go(t, previous: i > 0 ? lines[i - 1] : nil), f.line > 0 {
                frames.append(f)
            }
        }
        return frames
    }

    /// `File "/app/x.py", line 42, in handle`
    static func python(_ t: String) -> StackFrame? {
        guard t.hasPrefix("File \""), let close = t.dropFirst(6).firstIndex(of: "\"") else { return nil }
        let path = String(t[t.index(t.startIndex, offsetBy: 6)..<close])
        let rest = t[t.index(after: close)...]
        guard let lr = rest.firstRange(of: "line ") else { return nil }
        let digits = rest[lr.upperBound...].prefix(while: \.isNumber)
        guard let line = Int(digits) else { return nil }
        var function: String?
        if let inr = rest.firstRange(of: ", in ") { function = rest[inr.upperBound...].trimmingWhitespace }
        return StackFrame(path: path, line: line, function: function)
    }

    /// `at com.acme.pay.Charge.run(Charge.java:42)` (also Kotlin and Scala files), with or without the
    /// packaging data logback appends (`~[classes/:na]`, `[app.jar:1.2]`).
    static func java(_ line: String) -> StackFrame? {
        var t = Substring(line)
        if let r = t.firstRange(of: ") ~[") ?? t.firstRange(of: ") ["), t.hasSuffix("]") { t = t[..<r.lowerBound] + ")" }
        guard t.hasPrefix("at "), t.hasSuffix(")"), let open = t.lastIndex(of: "(") else { return nil }
        let inside = t[t.index(after: open)..<t.index(before: t.endIndex)]
        let parts = inside.split(separator: ":")
        guard parts.count == 2, let line = Int(parts[1]), !parts[0].contains("/") else { return nil }
        let file = String(parts[0])
        guard [".java", ".kt", ".scala", ".groovy"].contains(where: { file.hasSuffix($0) }) else { return nil }
        var qualified = String(t[t.index(t.startIndex, offsetBy: 3)..<open])
        if let slash = qualified.lastIndex(of: "/") { qualified = String(qualified[qualified.index(after: slash)...]) }  // module/
        let comps = qualified.split(separator: ".")
        let package = comps.count > 2 ? comps.dropLast(2).joined(separator: "/") + "/" : ""
        return StackFrame(path: package + file, line: line, function: comps.last.map(String.init))
    }

    /// `at handler (/app/src/server.js:42:13)`, `at /app/src/server.js:42:13`, `at async f (file:///x.mjs:1:2)`.
    static func node(_ t: String) -> StackFrame? {
        guard t.hasPrefix("at ") else { return nil }
        var body = Substring(t.dropFirst(3))
        var function: String?
        if body.hasSuffix(")"), let open = body.lastIndex(of: "(") {
            function = body[..<open].trimmingWhitespace
            if function!.hasPrefix("async ") { function = String(function!.dropFirst(6)) }
            body = body[body.index(after: open)..<body.index(before: body.endIndex)]
        }
        if body.hasPrefix("file://") { body = Substring(percentDecoded(body.dropFirst(7))) }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), Int(parts[parts.count - 1]) != nil else { return nil }
        let path = parts.dropLast(2).joined(separator: ":")
        guard path.contains("."), !path.hasPrefix("node:"), !path.hasPrefix("internal/") else { return nil }
        return StackFrame(path: path, line: line, function: function.flatMap { $0.isEmpty ? nil : $0.split(separator: ".").last.map(String.init) })
    }

    /// `#0 0x... in handler() at /build/Sources/App/Handler.swift:42:9`, Swift's backtracer's
    /// `0x... handler() + 52 in App at /build/…/Handler.swift:42:9`, a symbolicated crash report's
    /// `0   App   0x0000000100003f2c handler() + 44 (Handler.swift:42)`, and
    /// `Fatal error: ...: file App/Handler.swift, line 42`, and the runtime's own line, often the only
    /// location a Swift crash prints: `App/main.swift:3: Fatal error: Unexpectedly found nil …` (also
    /// `Precondition failed`, `Assertion failed`).
    static func swift(_ t: String) -> StackFrame? {
        if let f = swiftRuntimeError(t) { return f }
        if let fr = t.firstRange(of: "file "), let lr = t[fr.upperBound...].firstRange(of: ".swift, line ") {
            let path = String(t[fr.upperBound..<lr.lowerBound]) + ".swift"
            guard let line = Int(t[lr.upperBound...].prefix(while: \.isNumber)) else { return nil }
            return StackFrame(path: path.split(separator: " ").last.map(String.init) ?? path, line: line)
        }
        // A crash report: the location in parentheses at the end, the function before ` + offset`.
        if t.hasSuffix(")"), let open = t.lastIndex(of: "("), let sr = t[open...].firstRange(of: ".swift:") {
            let path = String(t[t.index(after: open)..<sr.lowerBound]) + ".swift"
            guard let line = Int(t[sr.upperBound...].prefix(while: \.isNumber)), !path.contains(" ") else { return nil }
            var function: String?
            if let plus = t.firstRange(of: " + "), plus.upperBound <= open {
                function = t[..<plus.lowerBound].split(separator: " ").last.map { String($0.prefix(while: { $0 != "(" })) }
            }
            return StackFrame(path: path, line: line, function: function.flatMap { $0.isEmpty ? nil : $0 })
        }
        guard let ar = t.lastRange(of: " at "), t.contains(".swift:") else { return nil }
        let loc = t[ar.upperBound...]
        guard let sr = loc.firstRange(of: ".swift:") else { return nil }
        let path = String(loc[..<sr.lowerBound]) + ".swift"
        guard let line = Int(loc[sr.upperBound...].prefix(while: \.isNumber)) else { return nil }
        var function: String?
        if let plus = t.firstRange(of: " + "), let ir = t[plus.upperBound...].firstRange(of: " in "), ir.upperBound <= ar.lowerBound {
            // The backtracer: `handler() + 52 in App at …` — what follows " in " is the image.
            let f = t[..<plus.lowerBound].split(separator: " ").last ?? ""
            function = String(f.prefix(while: { $0 != "(" })).split(separator: ".").last.map(String.init)
        } else if let ir = t.firstRange(of: " in "), ir.upperBound <= ar.lowerBound {
            let f = t[ir.upperBound..<ar.lowerBound].trimmingWhitespace
            function = String(f.prefix(while: { $0 != "(" })).split(separator: ".").last.map(String.init)
        }
        return StackFrame(path: path, line: line, function: function)
    }

    /// `PATH.swift:LINE: Fatal error: …`, `… Precondition failed…`, `… Assertion failed…`: the location
    /// the Swift runtime prints with a trap.
    static func swiftRuntimeError(_ t: String) -> StackFrame? {
        for kind in [": Fatal error", ": Precondition failed", ": Assertion failed"] {
            guard let kr = t.firstRange(of: kind), let sr = t[..<kr.lowerBound].lastRange(of: ".swift:") else { continue }
            let digits = t[sr.upperBound..<kr.lowerBound]
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let line = Int(digits) else { continue }
            let path = (t[..<sr.lowerBound].split(separator: " ").last.map(String.init) ?? "") + ".swift"
            guard path != ".swift" else { continue }
            return StackFrame(path: path, line: line)
        }
        return nil
    }

    /// A `file://` URL's path with its `%XX` escapes decoded (a name with spaces or accents).
    static func percentDecoded(_ s: Substring) -> String {
        guard s.contains("%") else { return String(s) }
        var bytes: [UInt8] = []
        var utf8 = Array(s.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "%"), utf8.count >= 2, let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `\t/home/u/app/server/handler.go:42 +0x1d`, with the function on the line before.
    static func go(_ t: String, previous: String?) -> StackFrame? {
        guard let gr = t.firstRange(of: ".go:") else { return nil }
        let path = String(t[..<gr.lowerBound]) + ".go"
        guard !path.contains(" "), let line = Int(t[gr.upperBound...].prefix(while: \.isNumber)) else { return nil }
        var function: String?, package: String?
        if let prev = previous?.trimmingWhitespace, !prev.isEmpty, !prev.hasPrefix("goroutine") {
            function = goFunction(prev)
            package = goPackage(prev)
        }
        return StackFrame(path: path, line: line, function: function, package: package)
    }

    /// The import path of the package a Go frame's first line names: `example.com/b` in
    /// `example.com/b.G(…)`, `net/http` in `net/http.(*Client).Do(…)`, `main` in `main.main()`.
    static func goPackage(_ line: String) -> String? {
        var head = Substring(line)
        if head.hasPrefix("created by ") {
            head = head.dropFirst(11)
            if let r = head.lastRange(of: " in goroutine ") { head = head[..<r.lowerBound] }
        }
        let lastSlash = head.lastIndex(of: "/").map { head.index(after: $0) } ?? head.startIndex
        guard let dot = head[lastSlash...].firstIndex(of: "."), dot > head.startIndex else { return nil }
        let package = head[..<dot]
        return package.contains(where: { $0 == " " || $0 == "(" }) ? nil : String(package)
    }

    /// The function a Go frame's first line names: `handle` in `main.(*Server).handle(0xc000)`, and
    /// `startWorkers` in Go 1.21's `created by main.startWorkers in goroutine 1`.
    static func goFunction(_ line: String) -> String? {
        var head = Substring(line)
        if head.hasPrefix("created by "), let r = head.lastRange(of: " in goroutine ") { head = head[..<r.lowerBound] }
        if head.hasSuffix(")") { head = head[..<(head.lastIndex(of: "(") ?? head.endIndex)] }
        return head.split(separator: ".").last.map(String.init)
    }
}

extension StringProtocol {
    func lastRange(of needle: String) -> Range<Index>? {
        var found: Range<Index>?
        var search = startIndex
        while search < endIndex, let r = self[search...].firstRange(of: needle) {
            found = r
            search = index(after: r.lowerBound)
        }
        return found
    }
}

/// Maps paths as a program saw them (`/build/src/app/x.go`, `com/acme/X.java`) to paths in a tree:
/// the tree path sharing the longest suffix of whole components wins (build prefixes fall away).
public struct FrameMapper: Sendable {
    private var byName: [String: [String]] = [:]

    /// Indexes the files of a tree.
    public init(files: [String]) {
        for f in files {
            let name = f.split(separator: "/").last.map(String.init) ?? f
            byName[name, default: []].append(f)
        }
    }

    /// Folders that hold installed dependencies or a language's own library, not the repository's code.
    static let dependencyFolders: Set<Substring> = ["node_modules", "bower_components", "jspm_packages", "site-packages",
                                                     "dist-packages", ".cargo", ".m2", ".gradle", "gems"]

    /// The top-level packages of Go's standard library (and GOROOT's `cmd/` and `vendor/`).
    static let goStandardLibrary: Set<Substring> = [
        "archive", "bufio", "bytes", "cmd", "compress", "container", "context", "crypto", "database", "debug", "embed",
        "encoding", "errors", "expvar", "flag", "fmt", "go", "hash", "html", "image", "index", "internal", "io", "iter",
        "log", "maps", "math", "mime", "net", "os", "path", "plugin", "reflect", "regexp", "runtime", "slices", "sort",
        "strconv", "strings", "structs", "sync", "syscall", "testing", "text", "time", "unicode", "unique", "vendor", "weak",
    ]

    /// Whether `comps[i]` is the `src` folder of a Go installation (GOROOT): `/usr/local/go/src/net/…`,
    /// `/usr/lib/go-1.21/src/runtime/…`, Homebrew's `…/go/1.22.0/libexec/src/runtime/…`, `go install`'s
    /// `~/sdk/go1.22.0/src/…`, and tool caches' `go/VERSION/src/…` and `go/VERSION/ARCH/src/…`
    /// (setup-go's `/opt/hostedtoolcache/go/1.22.1/x64/src/net/…`). It must be followed by a
    /// standard-library package and follow `go`, `goVERSION`, `go-VERSION`, `goroot` or `libexec` (or
    /// `go/VERSION`, `go/VERSION/ARCH`), so GOPATH's `~/go/src/github.com/acme/app/…` is the
    /// application's code.
    static func isGoRoot(_ comps: [Substring], at i: Int) -> Bool {
        guard comps[i] == "src", i > 0, i + 1 < comps.count, goStandardLibrary.contains(comps[i + 1]) else { return false }
        func isVersion(_ c: Substring) -> Bool { c.first?.isNumber == true && c.contains(".") }
        let parent = comps[i - 1].lowercased()
        if ["go", "goroot", "libexec"].contains(parent) { return true }
        if parent.hasPrefix("go-") && parent.dropFirst(3).first?.isNumber == true { return true }
        if parent.hasPrefix("go") && parent.dropFirst(2).first?.isNumber == true { return true }
        // A tool cache: go/VERSION/src or go/VERSION/ARCH/src.
        if i >= 2, isVersion(comps[i - 1]), comps[i - 2].lowercased() == "go" { return true }
        return i >= 3 && isVersion(comps[i - 2]) && comps[i - 3].lowercased() == "go"
    }

    /// How a frame's path maps to the tree.
    public enum Mapping: Equatable, Sendable {
        /// The one file it names.
        case file(String)
        /// No file of the tree (or only a dependency's).
        case none
        /// Several files share its longest suffix and nothing tells them apart (sorted).
        case ambiguous([String])
    }

    /// The repository path for `path`, or `nil` when it maps to no file or to several (``mapping(_:package:)``).
    public func map(_ path: String, package: String? = nil) -> String? {
        if case .file(let f) = mapping(path, package: package) { return f }
        return nil
    }

    /// The repository path for `path`: the file sharing the longest suffix of whole components with it.
    /// Of several sharing it, a file the suffix covers whole (`util.go` at the root, for
    /// `/build/util.go`) wins; else the one whose folders end as the frame's `package` does (Go's
    /// `example.com/b` picks `b/util.go` over `a/util.go`); else the frame is ambiguous — it is not
    /// mapped to the first in the alphabet. A frame inside installed
    /// dependencies (`node_modules/`, `site-packages/`, Go's `pkg/mod/`, a Python's own `lib/pythonX.Y/`,
    /// Go's own `GOROOT/src/`) maps only to a repository file under the same folder (vendored code): a
    /// dependency's `index.js` is not the application's. The one exception is a Python package installed
    /// from this repository: `site-packages/shop/cart.py` maps to `shop/cart.py` or `src/shop/cart.py`,
    /// the whole path the package has inside `site-packages`.
    public func mapping(_ path: String, package: String? = nil) -> Mapping {
        var p = path.replacingAll("\\", with: "/")
        if p.hasPrefix("file://") { p = StackTrace.percentDecoded(p.dropFirst(7)) }
        let comps = p.split(separator: "/").filter { $0 != "." && !$0.isEmpty }
        guard let name = comps.last, let candidates = byName[String(name)] else { return .none }
        // How many trailing components a match must cover to reach into the dependency folder.
        var mustCover = 0
        // A Python package pip installed from this repository: its path inside site-packages, which
        // is the repository's own path at the root or under `src/`.
        var installed: [String] = []
        for (i, c) in comps.enumerated().dropLast() {
            let goModules = c == "mod" && i > 0 && comps[i - 1] == "pkg"
            let pythonLibrary = c.hasPrefix("python") && c.dropFirst(6).allSatisfy { $0.isNumber || $0 == "." } && i > 0 && comps[i - 1] == "lib"
            if Self.dependencyFolders.contains(c) || goModules || pythonLibrary || Self.isGoRoot(comps, at: i) { mustCover = comps.count - i }
            if c == "site-packages" || c == "dist-packages" {
                let rest = comps[(i + 1)...].joined(separator: "/")
                installed = [rest, "src/" + rest]
            }
        }
        var best = 0
        var tied: [(path: String, whole: Bool)] = []
        for c in candidates {
            let cc = c.split(separator: "/")
            var n = 0
            while n < cc.count, n < comps.count, cc[cc.count - 1 - n] == comps[comps.count - 1 - n] { n += 1 }
            if n < mustCover, !installed.contains(c) { continue }
            if n > best { best = n; tied = [] }
            if n == best { tied.append((c, n == cc.count)) }
        }
        if tied.count == 1 { return .file(tied[0].path) }
        guard !tied.isEmpty else { return .none }
        if let whole = tied.first(where: \.whole) { return .file(whole.path) }
        if let package {
            // The folders' trailing components matched against the package path's.
            let pc = package.split(separator: "/")
            func shared(_ c: String) -> Int {
                let dirs = c.split(separator: "/").dropLast()
                var n = 0
                while n < dirs.count, n < pc.count, dirs[dirs.count - 1 - n] == pc[pc.count - 1 - n] { n += 1 }
                return n
            }
            let scored = tied.map { ($0.path, shared($0.path)) }
            let top = scored.map(\.1).max() ?? 0
            let winners = scored.filter { $0.1 == top }
            if top > 0, winners.count == 1 { return .file(winners[0].0) }
        }
        return .ambiguous(tied.map(\.path).sorted())
    }
}

extension String {
    func replacingAll(_ a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
