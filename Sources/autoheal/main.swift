import AutohealLinkRun
import CAllocator

// The `autoheal` executable, without Foundation: a plain one-incident `link` runs here; every other
// command line (and any link that fails, to report it) runs in `autoheal-full`.
autoheal_reuse_freed_memory()
FastLink.runIfPlain(Array(CommandLine.arguments.dropFirst()))
FullBinary.exec(CommandLine.arguments)
