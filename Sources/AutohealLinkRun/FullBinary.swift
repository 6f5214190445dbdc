#if canImport(Glibc)
import Glibc
#endif

/// The full program, `autoheal-full`: every command, with ArgumentParser, Foundation, YAML and
/// templates. The `autoheal` executable runs plain links itself (``FastLink``) and hands everything
/// else to it.
public enum FullBinary {
    /// Where `autoheal-full` is looked for, next to the running executable: beside it (a build
    /// directory) and in `../libexec/autoheal/` (an installation).
    static func candidates(besideExecutable exe: String) -> [String] {
        let dir = exe.lastIndex(of: "/").map { String(exe[..<$0]) } ?? "."
        return [dir + "/autoheal-full", dir + "/../libexec/autoheal/autoheal-full"]
    }

    /// Replaces this process with `autoheal-full` and the same arguments. `argv[0]` is passed on as
    /// is, so the full program still calls itself `autoheal` (help, completion scripts). Exits 1 with a
    /// message when `autoheal-full` is missing.
    public static func exec(_ argv: [String]) -> Never {
        let exe = Paths.runningExecutable() ?? "/proc/self/exe"
        let cArgs = argv.map { strdup($0) } + [nil]
        StandardStreams.restoreClosedDescriptors()  // the full program must see `>&-` as it was given
        for path in candidates(besideExecutable: exe) where access(path, X_OK) == 0 {
            execv(path, cArgs)
        }
        let reason = String(cString: strerror(errno))
        StandardStreams.writeAll("autoheal: cannot run autoheal-full beside \(exe) (\(reason)); reinstall autoheal (make install)\n", to: 2)
        exit(1)
    }
}
