import Foundation
import Testing

/// Standard input that cannot be read, standard output that cannot be written, and a file-size limit:
/// each is one line on stderr and a failing exit code, never a crash, a silent success or a signal.
@Suite("Standard input and output that fail")
struct StandardStreamsTests {
    /// Runs `script` in bash, with `$AH` the `autoheal` under test (redirections apply to it alone).
    static func bash(_ script: String, cwd: String, env: [String: String] = [:]) -> Run {
        Exec.run("/bin/bash", ["-c", script], cwd: cwd, env: ["AH": Exec.binary, "AUTOHEAL_DB": ""].merging(env) { $1 })
    }

    /// `count` incidents of two events each, as NDJSON.
    static func incidents(_ count: Int) -> String {
        (0..<count).map { i in
            #"{"incident":"INC-\#(i)","type":"alert.fired","at":"2026-11-03T02:00:00Z","service":"checkout"}"# + "\n" +
            #"{"incident":"INC-\#(i)","type":"sli.recovered","at":"2026-11-03T03:00:00Z"}"# + "\n"
        }.joined()
    }

    /// `import - < /tmp`, `link --batch - < /tmp` and `link … --stack - < /tmp` stopped the process
    /// (exit 132, sixty lines of Foundation's crash report), and the import left a new empty ledger.
    @Test("Standard input that is a directory, write-only or closed is refused in one line, exit 65, and no ledger is made")
    func unreadableStandardInput() {
        let r = FixRepo()
        for (redirection, reason) in [("< /tmp", "Is a directory"), ("0>/dev/full", "Bad file descriptor"), ("<&-", "Bad file descriptor")] {
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

    /// `incidents --json > /mnt/full/i.json` kept part of the output and exited 0 without a word, so a
    /// CI job's `report --format json > out.json` passed with a truncated file.
    @Test("Output that cannot be written (a full disk, a closed stdout) fails the command: one line, exit 1")
    func unwritableStandardOutput() {
        let ws = Workspace()
        #expect(ws.autoheal(["import", "-"], stdin: Self.incidents(3)).code == 0)
        let commands = [["incidents", "--json"], ["incidents"], ["report", "--format", "json"], ["report", "--format", "csv"],
                        ["report", "--format", "openmetrics"], ["show", "INC-1"], ["clocks", "INC-1"], ["review"],
                        ["--version"], ["--help"], ["import", "-"]]
        for args in commands {
            let line = #""$AH" --db "\#(ws.db)" \#(args.joined(separator: " "))"#
            for (redirection, reason) in [(">/dev/full", "No space left on device"), (">&-", "Bad file descriptor")] {
                let run = Self.bash(line + " " + redirection + (args == ["import", "-"] ? " </dev/null" : ""), cwd: ws.dir.path)
                #expect(run.code == 1, "\(args) \(redirection): \(run.err)")
                #expect(run.err == "autoheal: cannot write to standard output: \(reason)\n", "\(args) \(redirection): \(run.err)")
            }
        }
        // `autoheal --version` alone is answered by the small executable itself.
        let version = Exec.run("/bin/bash", ["-c", #""$AH" --version >/dev/full"#], env: ["AH": Exec.binary])
        #expect(version.code == 1 && version.err == "autoheal: cannot write to standard output: No space left on device\n", "\(version.err)")
        // A reader that goes away is no error to report: SIGPIPE ends the process (141), as git's.
        let piped = Self.bash(#"( sleep 0.3; "$AH" --db "\#(ws.db)" incidents --json; echo $? > status ) | true"#, cwd: ws.dir.path)
        #expect(piped.err == "", "\(piped.err)")
        #expect((try? String(contentsOfFile: ws.dir.path + "/status", encoding: .utf8)) == "141\n")
    }

    /// The plain link the small `autoheal` runs without `autoheal-full` printed its result through its
    /// own path, whose failure was ignored too.
    @Test("A plain link in the small executable fails when its output cannot be written")
    func plainLinkOutputFailure() throws {
        let r = FixRepo()
        r.write("app.py", "def handler(x):\n    return x + 1\n")
        r.commit("Fix handler", at: FixRepo.recovered + 3600)
        // Only `autoheal`, with no autoheal-full to hand the command to: the small one must answer.
        let alone = TempDir()
        let binary = alone.path + "/autoheal"
        try FileManager.default.copyItem(atPath: Exec.binary, toPath: binary)
        let run = Exec.run("/bin/bash", ["-c", #""$AH" link INC-7 --fix HEAD >/dev/full"#], cwd: r.repo, env: ["AH": binary, "AUTOHEAL_DB": ""])
        #expect(run.code == 1, "\(run.err)")
        #expect(run.err == "autoheal: cannot write to standard output: No space left on device\n", "\(run.err)")
    }

    /// Under `ulimit -f` the process was ended by SIGXFSZ (exit 153) without a word, and `--out` left
    /// Foundation's temporary file (`.dat.nosync…`) beside the file it was to replace.
    @Test("Past a file-size limit: one line, exit 1, and no temporary file beside --out")
    func fileSizeLimit() throws {
        let ws = Workspace()
        #expect(ws.autoheal(["import", "-"], stdin: Self.incidents(800)).code == 0)
        let report = ws.autoheal(["report", "--format", "html"])
        #expect(report.code == 0 && report.out.utf8.count > 100_000, "the report is larger than the limit: \(report.out.utf8.count)")
        try FileManager.default.createDirectory(atPath: ws.dir.path + "/out", withIntermediateDirectories: true)
        // bash counts in KiB; the ledger's index (-shm, 32 KiB) must still fit. SIGXFSZ as a shell leaves it
        // (the test runner may have it ignored, which its children inherit).
        let toFile = Self.bash(#"ulimit -f 64; env --default-signal=XFSZ "$AH" --db "\#(ws.db)" report --format html --out out/r.html"#, cwd: ws.dir.path)
        #expect(toFile.code == 1, "\(toFile.err)")
        #expect(toFile.err == "autoheal: cannot write out/r.html: File too large\n", "\(toFile.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir.path + "/out") == [], "nothing left behind")
        let toStdout = Self.bash(#"ulimit -f 64; env --default-signal=XFSZ "$AH" --db "\#(ws.db)" report --format html > out/s.html"#, cwd: ws.dir.path)
        #expect(toStdout.code == 1, "\(toStdout.err)")
        #expect(toStdout.err == "autoheal: cannot write to standard output: File too large\n", "\(toStdout.err)")
    }
}
