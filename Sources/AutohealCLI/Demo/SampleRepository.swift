import AutohealCore
import AutohealGit
import AutohealLinkRun

/// The demo's sample service repository, built with libgit2: a checkout service whose retry change of
/// 2026-11-02 brought in the retry storm behind INC-REAL.
enum SampleRepository {
    static let owner = CommitStamp(name: "Dana Ops", email: "dana@shop.example", time: 1_789_466_400) // 2026-09-15
    static let developer = CommitStamp(name: "Sam Dev", email: "sam@shop.example", time: 1_793_613_600) // 2026-11-02

    /// What the demo needs to know about the history it built.
    struct Built {
        var repository: Repository
        var introducer: ObjectID
    }

    static let pool = """
    \"\"\"Connection pool for the payments gateway.\"\"\"
    MAX_CONNECTIONS = 50


    class Pool:
        def __init__(self, size=MAX_CONNECTIONS):
            self.size = size
            self.in_use = 0

        def acquire(self):
            if self.in_use >= self.size:
                raise RuntimeError("pool exhausted")
            self.in_use += 1

        def release(self):
            self.in_use -= 1

    """

    static let retryBounded = """
    import time


    def charge(gateway, request, attempts=3, backoff=0.2):
        \"\"\"Charge a card, retrying transient gateway errors with exponential backoff.\"\"\"
        for attempt in range(attempts):
            try:
                return gateway.charge(request)
            except TimeoutError:
                time.sleep(backoff * 2 ** attempt)
        raise TimeoutError("gateway unavailable")

    """

    static let retryStorm = """
    import time


    def charge(gateway, request):
        \"\"\"Charge a card, retrying until the gateway answers.\"\"\"
        while True:
            try:
                return gateway.charge(request)
            except TimeoutError:
                continue

    """

    /// Creates the repository at `path` with three commits on `main` and checks it out.
    static func build(at path: String) throws -> Built {
        let repo = try Repository.create(at: path, initialBranch: "main")
        let main = "refs/heads/main"
        let first = try repo.commit(
            files: ["checkout/pool.py": pool, "checkout/retry.py": retryBounded, "checkout/__init__.py": "",
                    ".github/CODEOWNERS": "* @shop/platform\ncheckout/ @shop/payments-sre\n",
                    "README.md": "# shop\n\nThe checkout service.\n"],
            message: "Add the checkout service with a bounded connection pool", parents: [], author: owner, reference: main)
        let introducer = try repo.commit(
            files: ["checkout/retry.py": retryStorm], message: "Retry failed charges until the gateway answers",
            parents: [first], author: developer, reference: main)
        let docs = CommitStamp(name: "Dana Ops", email: "dana@shop.example", time: developer.time + 3 * 86_400)
        _ = try repo.commit(files: ["README.md": "# shop\n\nThe checkout service. Runbook: docs/runbook.md\n"],
                            message: "Link the runbook", parents: [introducer], author: docs, reference: main)
        try repo.checkoutHeadForcibly()
        return Built(repository: repo, introducer: introducer)
    }

    /// Merges `branch` into `main` as a forge would, at `time` (the merge commit's committer date is the landing time).
    static func merge(_ repo: Repository, branch: String, at time: Int64) throws -> ObjectID {
        guard let tip = repo.branchTarget(branch), let main = repo.branchTarget("main") else {
            throw CLIError("demo: branch \(branch) or main is missing")
        }
        let merger = CommitStamp(name: "Forge", email: "noreply@forge.example", time: time)
        let id = try repo.commit(files: [:], message: "Merge branch '\(branch)'\n\nReviewed-by: Dana Ops <dana@shop.example>",
                                 parents: [main, tip], author: merger, reference: "refs/heads/main", treeOf: tip)
        try repo.checkoutHeadForcibly()
        return id
    }
}
