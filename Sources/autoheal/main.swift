import AutohealLinkRun
#if canImport(Glibc)
import Glibc
#endif

// The `autoheal` executable, without Foundation: `--version`, a plain one-incident `link` and the hooks'
// check for a commit on a fix branch run here;
// every other command line (and any link that fails, to report it) runs in `autoheal-full`.
ProcessLifetime.startExecutable()
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--version"] {
    StandardStreams.writeOut(AutohealVersion.current + "\n")
    exit(StandardStreams.exitStatus(0))
}
FastLink.runIfPlain(arguments)
FastHookEvent.runIfCommit(arguments)
FullBinary.exec(CommandLine.arguments)
