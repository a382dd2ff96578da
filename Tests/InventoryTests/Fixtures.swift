import Extraction
import Foundation
import Inventory
import XCTest

/// Shared builders for the inventory tests.
enum Fixtures {
    /// A 40-digit commit id made from one repeated hex digit.
    static func commit(_ digit: Character) -> String {
        String(repeating: digit, count: 40)
    }

    static let day1 = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01T00:00:00Z
    static let day8 = day1.addingTimeInterval(7 * 86_400)
    static let day15 = day1.addingTimeInterval(14 * 86_400)

    /// A resolved, valid reference whose parsed fields are set explicitly, so the tests do not depend
    /// on the image grammar.
    static func reference(_ path: String, line: Int, image: String, kind: String = "dockerfile/from",
                          registry: String = "mcr.microsoft.com", repository: String, tag: String?,
                          context: String? = nil) -> Reference {
        let fact = ReferenceFact(line: line, kind: kind, context: context, raw: image, value: .literal(image))
        var reference = Reference(path: path, fact: fact, image: image, unresolvedReason: nil)
        reference.valid = true
        reference.reason = nil
        reference.normalized = image
        reference.registry = registry
        reference.repository = repository
        reference.tag = tag
        reference.digest = nil
        return reference
    }

    /// A reference that could not be resolved inside its branch.
    static func unresolved(_ path: String, line: Int, raw: String, reason: String) -> Reference {
        let fact = ReferenceFact(line: line, kind: "azure-pipelines/job-container", context: "jobs[build]",
                                 raw: raw, value: .unresolved(reason: reason))
        return Reference(path: path, fact: fact, image: nil, unresolvedReason: reason)
    }

    static let prereqs = reference("eng/Dockerfile", line: 1,
                                   image: "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0",
                                   repository: "dotnet-buildtools/prereqs", tag: "azurelinux-3.0")
    static let centos = reference("eng/Dockerfile", line: 1,
                                  image: "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7",
                                  repository: "dotnet-buildtools/prereqs", tag: "centos-7")
    static let ubuntu = reference("docker/build.Dockerfile", line: 3, image: "docker.io/library/ubuntu:22.04",
                                  registry: "docker.io", repository: "library/ubuntu", tag: "22.04")
    static let runtimeMacro = unresolved("eng/pipelines/ci.yml", line: 12, raw: "$(BuildImage)",
                                         reason: "$(BuildImage) is a runtime variable")

    /// A scratch folder removed when the test ends.
    static func scratchDirectory(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("inventory-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// A database with runs and repositories set up the way most tests need them.
struct Fleet {
    let database: AppDatabase
    let arcade: Int64
    let runtime: Int64

    init(_ database: AppDatabase) throws {
        self.database = database
        arcade = try database.upsertRepository(RepositoryInfo(
            name: "dotnet/arcade", url: "https://github.com/dotnet/arcade", team: "dnceng",
            contact: "dnceng@example.com"))
        runtime = try database.upsertRepository(RepositoryInfo(
            name: "dotnet/runtime", url: "https://github.com/dotnet/runtime", team: "runtime"))
    }

    /// Records a successful branch scan with freshly scanned references.
    func scanned(_ run: Int64, _ repository: Int64, _ branch: String, _ commit: String,
                 _ references: [Reference], warnings: [FileWarning] = [], at date: Date = Fixtures.day1) throws {
        try database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: repository, branch: branch, commit: commit, status: .ok,
            references: references, warnings: warnings, scannedAt: date))
    }

    /// Records an unchanged branch that shares its commit's stored references.
    func unchanged(_ run: Int64, _ repository: Int64, _ branch: String, _ commit: String) throws {
        try database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: repository, branch: branch, commit: commit, status: .unchanged,
            scannedAt: Fixtures.day8))
    }

    /// Records a failed branch scan.
    func failed(_ run: Int64, _ repository: Int64, _ branch: String, _ error: String) throws {
        try database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: repository, branch: branch, commit: nil, status: .failed, error: error,
            scannedAt: Fixtures.day8))
    }

    func repositoryOK(_ run: Int64, _ repository: Int64) throws {
        try database.recordRepositoryScan(runID: run, repositoryID: repository, status: .ok, error: nil,
                                          duration: .milliseconds(1500))
    }

    /// `(repository, branch, path, line, image)` of every current reference, in order.
    func current(_ filter: ReferenceFilter = .all) throws -> [String] {
        try database.currentReferences(filter).map {
            "\($0.repository) \($0.branch) \($0.reference.path):\($0.reference.line) \($0.reference.image ?? "nil")"
        }
    }

    /// One column of a read-only query, as text.
    func column(_ sql: String) throws -> [String?] {
        try database.column(sql)
    }
}

extension AppDatabase {
    /// The first column of a read-only query, as text.
    func column(_ sql: String) throws -> [String?] {
        try readOnlyQuery(sql: sql).rows.map { $0.first?.text }
    }
}
