import Foundation
import Testing

/// Standard input that cannot be read: one line on stderr and a failing exit code, never a crash.
@Suite("Standard input and output that fail")
struct StandardStreamsTests {
    /// Runs `script` in bash, with `$AH` the `autoheal` under test (redirections apply to it alone).
    static func bash(_ script: String, cwd: String, env: [String: String] = [:]) -> Run {
        Exec.run("/bin/bash", ["-c", script], cwd: cwd, env: ["AH": Exec.binary, "AUTOHEAL_DB": ""].merging(env) { $1 })
    }

    /// `import - < /tmp`, `link --batch - < /tmp` and `link … --stack - < /tmp` stopped the process
    /// (exit 132, sixty lines of Foundation's crash report), and the import left a new empty ledger.
    @Test("Standard input that is a directory or write-only is refused in one line, exit 65, and no ledger is made")
    func unreadableStandardInput() {
        let r = FixRepo()
        for (redirection, reason) in [("< /tmp", "Is a directory"), ("0>/dev/full", "Bad file descriptor")] {
            let imported = Self.bash(#""$AH" --db new/ledger.sqlite import - "# + redirection, cwd: r.dir.path)
            #expect(imported.code == 65, "\(redirection): \(imported.err)")
            #expect(imported.err == "autoheal: -: cannot read standard input: \(reason)\n", "\(redirection): \(imported.err)")
            #expect(!FileManager.default.fileExists(atPath: r.dir.path + "/new"), "\(redirection): nothing is created")
        }
        let batch = Self.bash(#""$AH" link --batch - < /tmp"#, cwd: r.repo)
        #expect(batch.code == 65 && batch.err == "autoheal: cannot read the batch file from standard input: Is a directory\n", "\(batch.err)")
        let stack = Self.bash(#""$AH" link INC-7 --stack - < /tmp"#, cwd: r.repo)
        #expect(stack.code == 65 && stack.err == "autoheal: cannot read the stack trace from standard input: Is a directory\n", "\(stack.err)")
    }
}
