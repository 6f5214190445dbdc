// swift-tools-version:6.0
import PackageDescription

/// Strict Swift 6 settings shared by every target.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "autoheal",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "autoheal", targets: ["autoheal"]),
        .executable(name: "autoheal-full", targets: ["autoheal-full"]),
        .library(name: "AutohealCore", targets: ["AutohealCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries from Debian, each isolated in one system-library target.
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Skips libgit2's start-up parse of the system CA bundle (autoheal never uses TLS).
        .target(name: "CLibGit2Support"),
        // glibc allocator settings for the executable (large freed blocks reused, not unmapped).
        .target(name: "CAllocator"),

        // The pure core: events, clock rules, statistics, report aggregation. No I/O.
        .target(name: "AutohealCore", swiftSettings: strict),
        // The append-only SQLite event ledger.
        .target(name: "AutohealStore", dependencies: ["AutohealCore", "CSQLite"], swiftSettings: strict),
        // Parsers that turn bytes from the SRE agent and incident tools into events.
        .target(name: "AutohealImport", dependencies: ["AutohealCore"], swiftSettings: strict),
        // Our Swift API over libgit2. The only importer of CLibGit2.
        .target(name: "AutohealGit", dependencies: ["CLibGit2", "CLibGit2Support"], swiftSettings: strict),
        // Root-cause linking: SZZ, reverts, stack frames, deploys, owners, related incidents.
        .target(name: "AutohealLink", dependencies: ["AutohealCore", "AutohealGit"], swiftSettings: strict),
        // Hooks install/uninstall, sync of landings from the default branch.
        .target(name: "AutohealLanding", dependencies: ["AutohealCore", "AutohealGit"], swiftSettings: strict),
        // Preventive fixes: templates, briefs, task.json, agents, trust.
        .target(
            name: "AutohealPrevent",
            dependencies: ["AutohealCore", "AutohealGit", "AutohealConfig", "AutohealLanding", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // Rendering of reports: tables, JSON, CSV.
        .target(name: "AutohealReports", dependencies: ["AutohealCore"], swiftSettings: strict),
        // `.autoheal.yml` and personal config, merged over built-in defaults.
        .target(name: "AutohealConfig", dependencies: ["AutohealCore", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // `link` of one incident without Foundation, for the small `autoheal` executable; shared with the CLI.
        .target(
            name: "AutohealLinkRun",
            dependencies: ["AutohealCore", "AutohealStore", "AutohealGit", "AutohealLink", "CAllocator"],
            swiftSettings: strict
        ),
        // The commands, testable in process; the executable only calls into it.
        .target(
            name: "AutohealCLI",
            dependencies: [
                "AutohealCore", "AutohealStore", "AutohealImport", "AutohealGit", "AutohealReports", "AutohealConfig",
                "AutohealLink", "AutohealLanding", "AutohealPrevent", "AutohealLinkRun",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // `autoheal`: plain links itself, everything else through `autoheal-full` (no Foundation here).
        .executableTarget(name: "autoheal", dependencies: ["AutohealLinkRun"], swiftSettings: strict),
        // `autoheal-full`: every command.
        .executableTarget(name: "autoheal-full", dependencies: ["AutohealCLI"], swiftSettings: strict),

        .testTarget(name: "AutohealCoreTests", dependencies: ["AutohealCore"], swiftSettings: strict),
        .testTarget(name: "AutohealStoreTests", dependencies: ["AutohealStore", "AutohealCore"], swiftSettings: strict),
        .testTarget(name: "AutohealImportTests", dependencies: ["AutohealImport", "AutohealCore"], swiftSettings: strict),
        .testTarget(name: "AutohealConfigTests", dependencies: ["AutohealConfig", "AutohealCore"], swiftSettings: strict),
        .testTarget(name: "AutohealReportsTests", dependencies: ["AutohealReports", "AutohealCore"], swiftSettings: strict),
        // Fixture repositories made with the `git` CLI, shared by the git and link tests.
        .target(name: "AutohealTestSupport", path: "Tests/Support", swiftSettings: strict),
        .testTarget(name: "AutohealGitTests", dependencies: ["AutohealGit", "AutohealTestSupport", "CLibGit2", "CLibGit2Support"], swiftSettings: strict),
        .testTarget(name: "AutohealLinkTests", dependencies: ["AutohealLink", "AutohealGit", "AutohealCore", "AutohealTestSupport"], swiftSettings: strict),
        .testTarget(name: "AutohealPreventTests", dependencies: ["AutohealPrevent", "AutohealGit", "AutohealCore", "AutohealConfig"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "AutohealLandingTests", dependencies: ["AutohealLanding", "AutohealGit", "AutohealCore"], swiftSettings: strict),
        .testTarget(
            name: "AutohealCLITests",
            dependencies: ["autoheal", "autoheal-full", "AutohealCLI", "AutohealLinkRun", "AutohealCore", "AutohealStore", "AutohealConfig",
                           "AutohealImport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
