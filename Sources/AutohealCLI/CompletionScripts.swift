import ArgumentParser
import Foundation

/// The shell completion scripts `autoheal --generate-completion-script bash|zsh|fish` prints (and
/// `make install` installs), made so that they complete after the global options too:
/// `autoheal -C DIR --db PATH report --f<TAB>`, as well as `-CDIR` and `--db=PATH`.
enum CompletionScripts {
    /// The shell a command line asks a script for: `--generate-completion-script SHELL`,
    /// `--generate-completion-script=SHELL`, or the flag alone for the shell in `$SHELL`, with or without
    /// global options (`-C DIR`, `-CDIR`, `--db PATH`, `--db=PATH`) before or after it, which a script does
    /// not depend on. `nil` for anything else, a shell ArgumentParser does not know included, which the
    /// usual parse then answers. (Without the global options dropped, `autoheal -C x
    /// --generate-completion-script bash` fell through to ArgumentParser, which printed its own script,
    /// without the additions below.)
    static func requestedShell(_ arguments: [String]) -> CompletionShell? {
        let flag = "--generate-completion-script"
        let args = withoutGlobalOptions(arguments)
        if args == [flag] { return CompletionShell.autodetected() }
        if args.count == 2, args[0] == flag { return CompletionShell(rawValue: args[1]) }
        if args.count == 1, args[0].hasPrefix(flag + "=") { return CompletionShell(rawValue: String(args[0].dropFirst(flag.count + 1))) }
        return nil
    }

    /// autoheal's script in place of the one ArgumentParser printed (`message`, from a parse of `arguments`
    /// that ended in a completion-script request), or `nil` when `message` is not such a script.
    /// ArgumentParser reads `--generate-completion-script SHELL` anywhere on a command line and ignores
    /// every other word (`--generate-completion-script bash --json`, `bash zsh`, `incidents
    /// --generate-completion-script bash`), as it does in every tool built on it; ``requestedShell(_:)``
    /// reads only the usual forms, so for the others ArgumentParser printed its own script, without the
    /// additions below (and without `-C`/`--db`), with exit 0. The same lines now print autoheal's script
    /// for the shell ArgumentParser chose: whatever ArgumentParser would print, adjusted.
    static func adjusted(_ message: String, arguments: [String]) -> String? {
        let flag = "--generate-completion-script"
        guard arguments.contains(where: { $0 == flag || $0.hasPrefix(flag + "=") }) else { return nil }
        let printed = trimmed(message)
        for shell in CompletionShell.allCases where trimmed(AutohealCommand.completionScript(for: shell)) == printed {
            return script(for: shell)
        }
        return nil
    }

    private static func trimmed(_ s: String) -> Substring {
        var s = Substring(s)
        while s.last?.isNewline == true { s.removeLast() }
        return s
    }

    /// `args` without `-C DIR`, `-CDIR`, `--db PATH` and `--db=PATH`, wherever they are.
    static func withoutGlobalOptions(_ args: [String]) -> [String] {
        var rest: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if (a == "-C" || a == "--db"), i + 1 < args.count {
                i += 2
            } else if a.hasPrefix("--db=") || (a.hasPrefix("-C") && a.count > 2) {
                i += 1
            } else {
                rest.append(a)
                i += 1
            }
        }
        return rest
    }

    /// The script for `shell`: ArgumentParser's, generated from ``AutohealCompletionRoot``, with what
    /// it cannot say itself added for bash and zsh.
    static func script(for shell: CompletionShell) -> String {
        let script = AutohealCompletionRoot.completionScript(for: shell)
        switch shell {
        case .bash: return script + bashEquals
        case .zsh: return zshJoinedValues(script)
        default: return script
        }
    }

    /// bash splits `--db=PATH` into the words `--db`, `=` and `PATH` (`=` is in `COMP_WORDBREAKS`), and
    /// the generated functions take an option's value from the word after the option: without the `=`
    /// they read `=` as the value and `PATH` as the command. So the function bash calls drops each `=`
    /// that follows a long option (an `=` under the cursor becomes the empty word being completed) and
    /// then calls the generated one, which also completes the value after `--db=` that way.
    static let bashEquals = #"""

        # autoheal: without the `=` bash splits from `--opt=VALUE`, `_autoheal` reads it as `--opt VALUE`.
        __autoheal_bash_complete() {
            local -a words=()
            local -i cword="${COMP_CWORD}" i
            for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
                if [[ "${COMP_WORDS[i]}" == '=' && "${i}" -gt 0 && "${COMP_WORDS[i - 1]}" == --?* ]]; then
                    if [[ "${i}" -eq "${COMP_CWORD}" ]]; then
                        words+=('')
                    elif [[ "${i}" -lt "${COMP_CWORD}" ]]; then
                        cword=cword-1
                    fi
                else
                    words+=("${COMP_WORDS[i]}")
                fi
            done
            local -a COMP_WORDS=("${words[@]}")
            local -i COMP_CWORD="${cword}"
            _autoheal "${1}" "${2}" "${COMP_WORDS[cword - 1]}"
        }
        complete -o filenames -F __autoheal_bash_complete autoheal

        """#

    /// zsh's `_arguments` takes an option's value from the next word unless its spec says otherwise:
    /// `--db=` also takes `--db=PATH` (ArgumentParser accepts it after any command), and the root's
    /// `-C+` also `-CDIR` (accepted only before the command, where autoheal reads the global options itself).
    static func zshJoinedValues(_ script: String) -> String {
        var script = script.replacingOccurrences(of: "'--db[", with: "'--db=[")
        if let start = script.range(of: "\n_autoheal() {\n"),
           let end = script.range(of: "\n}\n", range: start.upperBound..<script.endIndex) {
            script.replaceSubrange(start.upperBound..<end.lowerBound,
                                   with: script[start.upperBound..<end.lowerBound].replacingOccurrences(of: "'-C[", with: "'-C+["))
        }
        return script
    }
}

/// The root the completion scripts are generated from: ``AutohealCommand`` plus the global options.
/// ``GlobalOptionOrder/hoist(_:)`` moves them after the command name before ArgumentParser sees a
/// command line, so the real root never declares them; without them here, the scripts took the value
/// of `autoheal -C DIR hooks …` or `--db PATH` for the command. Only ``CompletionScripts`` uses this
/// type: help and every command line still go through ``AutohealCommand``.
struct AutohealCompletionRoot: ParsableCommand {
    static let configuration = AutohealCommand.configuration

    @OptionGroup var globals: GlobalOptions
}
