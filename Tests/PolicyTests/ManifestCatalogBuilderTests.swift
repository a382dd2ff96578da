import Foundation
import Git
import TestSupport
import XCTest
@testable import Policy

/// Builds a manifest repository with a real history (added, shared, per-build, local, removed and
/// re-broken tags across includes) and checks the catalog learned from walking it.
final class ManifestCatalogBuilderTests: XCTestCase {
    private let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "prereqs.git")
    }

    private func day(_ text: String) -> Date { CalendarDay.parse(text)! }

    private let root = """
    {
      "registry": "mcr.microsoft.com",
      "variables": {
        "UniqueId": "$(System:TimeStamp)-$(System:DockerfileGitCommitSha)",
        "Cross": "cross"
      },
      "includes": [ INCLUDES ],
      "repos": [
        { "id": "prereqs", "name": "dotnet-buildtools/prereqs", "images": [] },
        { "id": "other", "name": "dotnet-buildtools/other", "images": [
          { "platforms": [ { "dockerfile": "src/other", "os": "linux", "osVersion": "jammy", "tags": { "other-tag": {} } } ] }
        ] }
      ]
    }
    """

    private func rootManifest(_ includes: [String]) -> String {
        root.replacingOccurrences(of: "INCLUDES", with: includes.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    private func platform(_ dockerfile: String, _ osVersion: String, _ architecture: String, _ tags: [String]) -> String {
        let tagObject = tags.map { "\"\($0)\": {}" }.joined(separator: ", ")
        return """
        { "dockerfile": "\(dockerfile)", "os": "linux", "osVersion": "\(osVersion)", "architecture": "\(architecture)", "tags": { \(tagObject) } }
        """
    }

    private func include(images: [String]) -> String {
        """
        { "repos": [ { "id": "prereqs", "images": [ \(images.joined(separator: ", ")) ] } ] }
        """
    }

    private func image(_ platforms: [String], shared: [String] = []) -> String {
        let sharedObject = shared.map { "\"\($0)\": {}" }.joined(separator: ", ")
        return "{ \"sharedTags\": { \(sharedObject) }, \"platforms\": [ \(platforms.joined(separator: ", ")) ] }"
    }

    private func buildHistory() throws {
        let bionic = platform("src/ubuntu/18.04/cross/arm64", "bionic", "arm64",
                              ["ubuntu-18.04-$(Cross)-arm64", "ubuntu-18.04-$(Cross)-arm64-$(UniqueId)"])
        let jammy = platform("src/ubuntu/22.04/cross/arm64", "jammy", "arm64", ["ubuntu-22.04-cross-arm64"])
        let ubuntuV1 = include(images: [image([bionic])])
        let ubuntuV2 = include(images: [image([bionic]), image([jammy], shared: ["ubuntu-22.04-cross"])])
        let ubuntuV3 = include(images: [image([jammy], shared: ["ubuntu-22.04-cross"])])
        let azure = include(images: [image([
            platform("src/azurelinux/3.0/net10.0/cross/arm64", "azurelinux3.0", "arm64",
                     ["azurelinux-3.0-net10.0-cross-arm64", "$(Missing)-arm64"]),
        ]), "{ \"platforms\": [ { \"dockerfile\": \"x\", \"tags\": { \"local-only\": { \"isLocal\": true } } } ] }"])

        try fixture.commit([ "manifest.json": .text(rootManifest(["src/ubuntu/manifest.json"])),
                             "src/ubuntu/manifest.json": .text(ubuntuV1) ], date: day("2024-01-01"))
        try fixture.commit([ "manifest.json": .text(rootManifest(["src/ubuntu/manifest.json"])),
                             "src/ubuntu/manifest.json": .text(ubuntuV2) ], date: day("2024-03-01"))
        try fixture.commit([ "manifest.json": .text(rootManifest(["src/ubuntu/manifest.json"])),
                             "src/ubuntu/manifest.json": .text(ubuntuV2), "README.md": .text("docs only") ],
                           date: day("2024-05-01"))
        let both = rootManifest(["src/ubuntu/manifest.json", "src/azurelinux/manifest.json"])
        try fixture.commit([ "manifest.json": .text(both), "src/ubuntu/manifest.json": .text(ubuntuV3),
                             "src/azurelinux/manifest.json": .text(azure) ], date: day("2025-01-01"))
        try fixture.commit([ "manifest.json": .text(both), "src/ubuntu/manifest.json": .text("{ \"repos\": [ oops"),
                             "src/azurelinux/manifest.json": .text(azure) ], date: day("2025-02-01"))
        try fixture.commit([ "manifest.json": .text(both), "src/ubuntu/manifest.json": .text(ubuntuV3),
                             "src/azurelinux/manifest.json": .text(azure) ], date: day("2025-03-01"))
    }

    private func buildCatalog() throws -> Catalog {
        try buildHistory()
        let history = try GitManifestHistory(repository: fixture.repository, branch: "main")
        return try ManifestCatalogBuilder(repository: prereqs, manifestPath: "manifest.json",
                                          sourceDescription: "git \(fixture.path) main:manifest.json")
            .build(from: history, fetchedAt: day("2026-11-20"))
    }

    func testEveryTagEverDefinedIsKnownWithFirstSeenAndRemovalDates() throws {
        let catalog = try buildCatalog()
        XCTAssertEqual(catalog.tags.map(\.tag), [
            "azurelinux-3.0-net10.0-cross-arm64", "ubuntu-18.04-cross-arm64", "ubuntu-22.04-cross", "ubuntu-22.04-cross-arm64",
        ])
        XCTAssertEqual(catalog.tag("ubuntu-18.04-cross-arm64")?.firstSeen, day("2024-01-01"))
        XCTAssertEqual(catalog.tag("ubuntu-18.04-cross-arm64")?.removedAt, day("2025-01-01"))
        XCTAssertEqual(catalog.tag("ubuntu-22.04-cross-arm64")?.firstSeen, day("2024-03-01"))
        XCTAssertNil(catalog.tag("ubuntu-22.04-cross-arm64")?.removedAt, "a broken commit in between does not remove tags")
        XCTAssertEqual(catalog.tag("azurelinux-3.0-net10.0-cross-arm64")?.firstSeen, day("2025-01-01"))
        XCTAssertEqual(catalog.origin, .manifest)
        XCTAssertEqual(catalog.fetchedAt, day("2026-11-20"))
    }

    func testPlatformFactsAndSharedTags() throws {
        let catalog = try buildCatalog()
        XCTAssertEqual(catalog.tag("ubuntu-22.04-cross-arm64")?.platform,
                       TagPlatform(os: "linux", osVersion: "jammy", architecture: "arm64", dockerfile: "src/ubuntu/22.04/cross/arm64"))
        XCTAssertEqual(catalog.tag("ubuntu-22.04-cross")?.platform?.architecture, nil)
        XCTAssertEqual(catalog.tag("ubuntu-22.04-cross")?.platform?.osVersion, "jammy")
    }

    func testPerBuildLocalAndOtherRepositoriesTagsAreLeftOut() throws {
        let catalog = try buildCatalog()
        XCTAssertFalse(catalog.tags.contains { $0.tag.contains("$(") || $0.tag.contains("System") })
        XCTAssertNil(catalog.tag("local-only"))
        XCTAssertNil(catalog.tag("other-tag"))
    }

    func testBrokenCommitAndUndefinedVariableAreWarnings() throws {
        let catalog = try buildCatalog()
        XCTAssertEqual(catalog.warnings.count, 2, "\(catalog.warnings)")
        XCTAssertEqual(catalog.warnings.first, "manifest.json: '$(Missing)-arm64': variable 'Missing' is not defined in the manifest")
        XCTAssertTrue(catalog.warnings.last?.hasPrefix("src/ubuntu/manifest.json at ") == true, catalog.warnings.last ?? "")
        XCTAssertTrue(catalog.warnings.last?.hasSuffix("(commit skipped)") == true)
    }

    func testCatalogDrivesRemovedTagFinding() throws {
        let catalog = try buildCatalog()
        let policy = try PolicyDocument.decode("standard: [\(prereqs)]\nmaxAgeDays: 180\n", file: "policy.yml")
        let findings = PolicyEvaluator(policy: policy).evaluate(
            reference: RuleFixture.usage("\(prereqs):ubuntu-18.04-cross-arm64"), catalogs: CatalogSnapshot([catalog]),
            now: RuleFixture.now)
        XCTAssertEqual(findings.map(\.rule), [.eolOS, .removedTag, .outdatedTag])
        XCTAssertEqual(findings[1].message, "'\(prereqs):ubuntu-18.04-cross-arm64' was removed from the standard set on 2025-01-01 and is no longer rebuilt. Move to \(prereqs):ubuntu-22.04-cross-arm64.")
    }

    func testBranchWithoutTheManifestIsAnError() throws {
        try fixture.commit(texts: ["README.md": "nothing here"])
        let history = try GitManifestHistory(repository: fixture.repository, branch: "main")
        XCTAssertThrowsError(try ManifestCatalogBuilder(repository: prereqs, manifestPath: "manifest.json", sourceDescription: "x")
            .build(from: history, fetchedAt: RuleFixture.now)) { error in
            guard case .invalidManifest(let path, _, let problem) = error as? PolicyError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "manifest.json")
            XCTAssertEqual(problem, "no commit of the branch contains it")
        }
    }

    func testVariablesSubstituteRecursivelyAndSystemVariablesMarkPerBuildTags() throws {
        let manifest = try ImageBuilderManifest.parse(Data("""
        { "variables": { "A": "$(B)-x", "B": "b", "Loop": "$(Loop)", "Stamp": "$(System:TimeStamp)" },
          "repos": [ { "id": "r", "name": "n" } ] }
        """.utf8), path: "manifest.json")
        XCTAssertEqual(manifest.substitute("t-$(A)"), .tag("t-b-x"))
        XCTAssertEqual(manifest.substitute("$(Stamp)-t"), .perBuild)
        XCTAssertEqual(manifest.substitute("$(Repo:r)"), .tag("n"))
        XCTAssertEqual(manifest.substitute("$(Loop)"), .invalid("'$(Loop)': variables nest too deeply (a cycle?)"))
    }

    func testManifestWithWrongShapeNamesTheField() {
        XCTAssertThrowsError(try ImageBuilderManifest.parse(Data("{ \"repos\": [ { \"images\": 3 } ] }".utf8), path: "m.json")) { error in
            XCTAssertEqual(String(describing: error), "m.json: invalid ImageBuilder manifest: 'repos[0].images' must be an array")
        }
    }
}
