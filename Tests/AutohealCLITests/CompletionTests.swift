import Foundation
import Testing

/// The completion scripts `make install` installs, driven the way the shells drive them, with the
/// global options before the command (`autoheal [-C DIR] [--db PATH] COMMAND …`).
@Suite("Shell completion with -C and --db before the command")
struct CompletionTests {
    /// A directory holding the generated script, a subdirectory and a file, to complete in.
    final class Scripts {
        let dir = TempDir()
        let shell: String
        var script: String { dir.path + "/_autoheal" }

        init(_ shell: String) {
            self.shell = shell
            let r = Exec.run(Exec.binary, ["--generate-completion-script", shell])
            precondition(r.code == 0, "no \(shell) script: \(r.err)")
            dir.write("_autoheal", r.out)
            dir.write("somedir/keep", "")
            dir.write("somefile.sqlite", "")
        }
    }

    static func installed(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What bash offers for `line`, the cursor at its end: the words split as bash splits them (`=`, in
    /// `COMP_WORDBREAKS`, a word of its own), then the function the script registers for `autoheal` called.
    func bash(_ scripts: Scripts, _ line: String) -> [String] {
        var words: [String] = []
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            let parts = word.split(separator: "=", omittingEmptySubsequences: false)
            if !parts[0].isEmpty || parts.count == 1 { words.append(String(parts[0])) }
            for part in parts.dropFirst() {
                words.append("=")
                if !part.isEmpty { words.append(String(part)) }
            }
        }
        let cur = words.last == "=" ? "" : words.last!
        let driver = """
            source "$1"; COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; cur=$3; shift 3
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
            function=$(complete -p autoheal); function=${function#*-F }; function=${function%% *}
            "$function" autoheal "$cur" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let r = Exec.run("/bin/bash", ["--noprofile", "--norc", "-c", driver, "bash", scripts.script, line, cur] + words,
                         cwd: scripts.dir.path)
        #expect(r.code == 0 && r.err.isEmpty, "bash: \(r.err)")
        return r.out.split(separator: "\n").map(String.init).sorted()
    }

    @Test("bash completes the command and its options after -C DIR, -CDIR, --db PATH and --db=PATH")
    func bashAfterGlobals() {
        let s = Scripts("bash")
        // hooks' subcommands (and its own -h, --help, --version), not the top-level commands.
        let hooks = bash(s, "autoheal hooks ")
        #expect(hooks.filter { !$0.hasPrefix("-") } == ["install", "status", "uninstall"])
        #expect(bash(s, "autoheal -C /tmp hooks ") == hooks)
        #expect(bash(s, "autoheal -C/tmp hooks ") == hooks)
        #expect(bash(s, "autoheal -C /tmp -C x --db=x hooks ") == hooks)
        #expect(bash(s, "autoheal --db x report --f") == ["--format"])
        #expect(bash(s, "autoheal --db=x report --f") == ["--format"])
        #expect(bash(s, "autoheal -C /tmp --db x link --fi") == ["--fix"])
        #expect(bash(s, "autoheal -C /tmp rep") == ["report"])
        #expect(Set(bash(s, "autoheal -")).isSuperset(of: ["-C", "--db"]))
    }

    @Test("bash completes -C with directories and --db with files, before the command or after it")
    func bashValues() {
        let s = Scripts("bash")
        #expect(bash(s, "autoheal -C some") == ["somedir"])
        #expect(bash(s, "autoheal report -C some") == ["somedir"])
        #expect(bash(s, "autoheal --db some") == ["somedir", "somefile.sqlite"])
        #expect(bash(s, "autoheal --db=some") == ["somedir", "somefile.sqlite"])
        #expect(bash(s, "autoheal --db=").contains("somefile.sqlite"))
        #expect(bash(s, "autoheal -C /tmp report --db somef") == ["somefile.sqlite"])
        #expect(bash(s, "autoheal -C /tmp report --db=somef") == ["somefile.sqlite"])
    }

    /// `autoheal -C x --generate-completion-script bash` (a global option before the flag, or after it)
    /// printed ArgumentParser's own script, without autoheal's additions (`-C`/`--db` before the command,
    /// bash's `--db=PATH`, zsh's `-CDIR`): every form now prints the script the flag alone prints.
    @Test("the global options before or after --generate-completion-script give the same script, for each shell")
    func scriptWithGlobalOptions() {
        for shell in ["bash", "zsh", "fish"] {
            let plain = Exec.run(Exec.binary, ["--generate-completion-script", shell])
            #expect(plain.code == 0 && plain.out.contains("autoheal"), "\(shell): \(plain.err)")
            let forms: [[String]] = [
                ["-C", "/tmp", "--generate-completion-script", shell],
                ["-C/tmp", "--db", "x.sqlite", "--generate-completion-script", shell],
                ["--db", "x.sqlite", "--generate-completion-script", shell],
                ["--db=x.sqlite", "--generate-completion-script=\(shell)"],
                ["--generate-completion-script", shell, "-C", "/tmp"],
                ["--generate-completion-script=\(shell)", "--db", "x.sqlite", "-C/tmp"],
            ]
            for args in forms {
                let r = Exec.run(Exec.binary, args)
                #expect(r.code == 0 && r.out == plain.out, "\(args.joined(separator: " ")) printed another script: \(r.err)")
            }
            let detected = Exec.run(Exec.binary, ["-C", "/tmp", "--generate-completion-script"], env: ["SHELL": "/bin/" + shell])
            #expect(detected.out == plain.out, "the shell from $SHELL, after -C")
        }
    }

    /// ArgumentParser reads `--generate-completion-script SHELL` anywhere and ignores the other words, as
    /// in every tool built on it; with a stray word (`bash --json`, `bash zsh`, `bash extra`, a command
    /// before the flag) autoheal fell through to it and printed its unadjusted script (no `-C`/`--db`
    /// completion), exit 0. Those lines now print autoheal's script for the shell ArgumentParser chose.
    @Test("a stray word beside --generate-completion-script gives autoheal's script, as ArgumentParser would give its own")
    func scriptWithStrayWords() {
        for shell in ["bash", "zsh", "fish"] {
            let plain = Exec.run(Exec.binary, ["--generate-completion-script", shell])
            #expect(plain.code == 0 && plain.out.contains("autoheal"), "\(shell): \(plain.err)")
            let forms: [[String]] = [
                ["--generate-completion-script", shell, "--json"],
                ["--generate-completion-script", shell, "extra"],
                ["--generate-completion-script", shell, shell == "bash" ? "zsh" : "bash"],
                ["--generate-completion-script", shell, "--nonsense"],
                ["--generate-completion-script", shell, "-C"],
                ["--generate-completion-script", shell, "--db"],
                ["incidents", "--generate-completion-script", shell],
                ["-C", "/tmp", "report", "--generate-completion-script=\(shell)", "--json"],
            ]
            for args in forms {
                let r = Exec.run(Exec.binary, args)
                #expect(r.code == 0 && r.out == plain.out, "\(args.joined(separator: " ")) printed another script (exit \(r.code)): \(r.err)")
            }
        }
        // A shell ArgumentParser does not know stays a usage error.
        let unknown = Exec.run(Exec.binary, ["--generate-completion-script", "tcsh", "--json"])
        #expect(unknown.code == 64 && unknown.out.isEmpty, "\(unknown.code) \(unknown.out)")
    }

    /// What fish and zsh complete the same, the global options before the command in each shape.
    static let afterGlobals: [(String, [String])] = [
        ("autoheal hooks ", ["install", "status", "uninstall"]),
        ("autoheal -C /tmp hooks ", ["install", "status", "uninstall"]),
        ("autoheal -C/tmp --db=x hooks ", ["install", "status", "uninstall"]),
        ("autoheal --db x report --f", ["--format"]),
        ("autoheal -C /tmp --db x link --fi", ["--fix"]),
    ]

    @Test("fish completes after the global options (skipped without fish)")
    func fish() {
        guard let fish = Self.installed("fish") else { return }
        let s = Scripts("fish")
        func complete(_ line: String) -> [String] {
            let r = Exec.run(fish, ["--no-config", "-c", "source $argv[1]; complete -C $argv[2]", s.script, line], cwd: s.dir.path)
            #expect(r.code == 0, "fish: \(r.err)")
            return r.out.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }.sorted()
        }
        for (line, expected) in Self.afterGlobals { #expect(complete(line) == expected, "\(line)") }
        #expect(complete("autoheal -C some") == ["somedir/"])
    }

    /// Completes `line` in an interactive zsh on a pseudo-terminal (zsh/zpty), printing each match
    /// `compadd` is given.
    static let zshDriver = #"""
        zmodload zsh/zpty
        zpty z zsh -f -i
        zpty -w z "PS1=''; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D; cd ${(q)1}"
        zpty -w z 'compadd () { builtin compadd -O __hits "$@"; local h; for h in $__hits; do print -r -- "<""C>$h"; done; builtin compadd "$@" }'
        zpty -w z 'comppostfuncs=(__done); __done () { print -r -- "<""DONE>" }'
        zpty -n -w z "$2"$'\t'
        while zpty -r z line; do
            [[ $line == *'<DONE>'* ]] && break
            [[ $line == *'<C>'* ]] && print -r -- "${line##*<C>}"
        done
        zpty -d z
        """#

    @Test("zsh completes after the global options (skipped without zsh)")
    func zsh() {
        guard let zsh = Self.installed("zsh"), let timeout = Self.installed("timeout") else { return }
        let s = Scripts("zsh")
        s.dir.write("driver.zsh", Self.zshDriver)
        func complete(_ line: String) -> [String] {
            let r = Exec.run(timeout, ["30", zsh, "-f", s.dir.path + "/driver.zsh", s.dir.path, line], cwd: s.dir.path)
            #expect(r.code == 0, "zsh: \(r.err)")
            return Set(r.out.split(whereSeparator: \.isNewline).map(String.init)).sorted()  // zpty lines end in \r\n
        }
        for (line, expected) in Self.afterGlobals { #expect(complete(line) == expected, "\(line)") }
        #expect(complete("autoheal -C some") == ["somedir"])
        #expect(complete("autoheal --db=some") == ["somedir", "somefile.sqlite"])
    }
}
