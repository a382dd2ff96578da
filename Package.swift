// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ImageCensus",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "census", targets: ["census"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2",
                       providers: [.apt(["libgit2-dev"])]),
        .target(name: "Git", dependencies: ["CLibGit2"]),
        // sqlite3_config, which Swift cannot call (variadic): process-wide SQLite settings for Inventory.
        .systemLibrary(name: "CSQLiteSetup", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // OpenSSL's SHA-256 (the processor's SHA instructions) for file scans' content addresses.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Extraction", dependencies: ["Yams"]),
        // GRDBSQLite for sqlite3_limit, which bounds a read-only query's values (census sql --memory-limit).
        .target(name: "Inventory", dependencies: ["Extraction", "CSQLiteSetup", "CLibCrypto", .product(name: "GRDB", package: "GRDB.swift"),
                                                  .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "Policy", dependencies: ["Extraction", "Inventory", "Git", "Yams"]),
        // The demo fleet's repositories are files a reader can open (Demo/DemoFleet/README.md).
        .target(name: "Crawler", dependencies: ["Git", "Extraction", "Inventory", "Policy"],
                resources: [.copy("Demo/DemoFleet")]),
        .target(name: "Reports", dependencies: ["Inventory", "Policy", "Extraction"]),
        // `census migrate`: edits at the definition site, written as commits in the mirrors and verified by a re-scan.
        .target(name: "Migration", dependencies: ["Crawler", "Git", "Extraction", "Inventory", "Policy"]),
        // jemalloc: a crawl allocates and frees millions of small values on several threads, which
        // glibc's malloc serves more slowly (docs/performance.md, "Cold extraction, twelfth look").
        .executableTarget(name: "census", dependencies: [
            "Crawler", "Reports", "Policy", "Inventory", "Extraction", "Git", "Migration",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [
            .linkedLibrary("jemalloc", .when(platforms: [.linux])),
        ]),
        .executableTarget(name: "census-bench", dependencies: ["Crawler", "Git", "Inventory", "Extraction"]),
        // Fuzz targets for every extractor; scripts/fuzz.sh builds it with libFuzzer and AddressSanitizer.
        .executableTarget(name: "census-fuzz", dependencies: ["Extraction"]),
        .target(name: "TestSupport", dependencies: ["Git", "Crawler"], path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction"], resources: [.copy("Fixtures")]),
        // GRDB only to build databases at an older schema version for the migration tests.
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "Extraction", "CSQLiteSetup",
                                                         .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "TestSupport"]),
        // GRDB only to make a crawl's database refuse chosen writes (triggers), as a full disk would.
        .testTarget(name: "CrawlerTests", dependencies: ["Crawler", "TestSupport",
                                                       .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"], exclude: ["Goldens"]),
        .testTarget(name: "MigrationTests", dependencies: ["Migration", "TestSupport", "Crawler", "Inventory", "Git", "Extraction", "Policy"]),
        // Yams to check the structure of the deploy/ examples.
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "Inventory", "Yams"]),
        .testTarget(name: "CensusBenchTests", dependencies: ["census-bench"]),
    ],
    swiftLanguageModes: [.v6]
)
