import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

final class TreeCandidateWalkerTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!
    private var database: AppDatabase!

    /// Ten trees: root, src, src/app, docs (no candidates), eng, eng/pipelines, eng/common,
    /// eng/common/templates, tools, external.
    private let files: [String: FileContent] = [
        "Dockerfile": .text("FROM alpine:3.20\n"),
        "README.md": .text("# app\n"),
        "src/app/Dockerfile": .text("FROM mcr.microsoft.com/dotnet/runtime:8.0\n"),
        "src/app/main.cs": .text("class App {}\n"),
        "docs/guide.md": .text("guide\n"),
        "docs/notes.txt": .text("notes\n"),
        "eng/pipelines/ci.yml": .text("jobs: []\n"),
        "eng/common/templates/job.yaml": .text("steps: []\n"),
        "eng/common/build.py": .text("print(\"build\")\n"),
        "tools/build.dockerfile": .executable("FROM busybox\n"),
        "tools/image.yml": .symlink("../eng/pipelines/ci.yml"),
        "external/lib": .submodule(ObjectID(hex: String(repeating: "ab", count: 20))!),
    ]

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "walker.git")
        database = try AppDatabase.inMemory()
    }

    private func tree(_ commit: ObjectID) throws -> ObjectID {
        try fixture.repository.commitInfo(commit).tree
    }

    private func blob(_ path: String, in commit: ObjectID) throws -> String? {
        try fixture.repository.entryID(atPath: path, inTree: tree(commit))?.hex
    }

    private func walk(_ commit: ObjectID, cache: (any TreeListingCache)?) throws -> TreeCandidateWalker.Walk {
        try TreeCandidateWalker(repository: fixture.repository, cache: cache).walk(tree(commit))
    }

    func testEveryCandidateFileSymlinkAndSubmoduleIsFoundWithItsPathAndBlob() throws {
        let commit = try fixture.commit(files)
        let walk = try walk(commit, cache: nil)
        XCTAssertEqual(walk.candidates, [
            CandidateFile(path: "Dockerfile", kind: .dockerfile, entry: .file, blobID: try blob("Dockerfile", in: commit)),
            CandidateFile(path: "eng/common/templates/job.yaml", kind: .yaml, entry: .file,
                          blobID: try blob("eng/common/templates/job.yaml", in: commit)),
            CandidateFile(path: "eng/pipelines/ci.yml", kind: .yaml, entry: .file,
                          blobID: try blob("eng/pipelines/ci.yml", in: commit)),
            CandidateFile(path: "external/lib", kind: nil, entry: .submodule, blobID: nil),
            CandidateFile(path: "src/app/Dockerfile", kind: .dockerfile, entry: .file,
                          blobID: try blob("src/app/Dockerfile", in: commit)),
            CandidateFile(path: "tools/build.dockerfile", kind: .dockerfile, entry: .file,
                          blobID: try blob("tools/build.dockerfile", in: commit)),
            CandidateFile(path: "tools/image.yml", kind: .yaml, entry: .symlink,
                          blobID: try blob("tools/image.yml", in: commit)),
        ])
        XCTAssertEqual(walk.treesRead, 10)
        XCTAssertEqual(walk.treesCached, 0)
    }

    func testTheCachedWalkFindsWhatAPlainWalkFinds() throws {
        let commit = try fixture.commit(files)
        let plain = try walk(commit, cache: nil).candidates
        let cache = InventoryTreeCache(database: database)
        XCTAssertEqual(try walk(commit, cache: cache).candidates, plain)
        XCTAssertEqual(try walk(commit, cache: cache).candidates, plain)
    }

    func testAWalkOfACachedTreeReadsNothingAndSkipsSubtreesWithoutCandidates() throws {
        let commit = try fixture.commit(files)
        let first = InventoryTreeCache(database: database)
        _ = try walk(commit, cache: first)
        first.flush()
        // A new memory layer over the same database: the listings come from the inventory.
        let again = try walk(commit, cache: InventoryTreeCache(database: database))
        XCTAssertEqual(again.treesRead, 0)
        // Every tree but docs/, which the root's listing leaves out.
        XCTAssertEqual(again.treesCached, 9)
        XCTAssertEqual(again.candidates.count, 7)
    }

    func testABranchChangingOneFileReadsOnlyTheTreesOnThatPath() throws {
        let main = try fixture.commit(files)
        var changed = files
        changed["src/app/main.cs"] = .text("class App { static void Main() {} }\n")
        let release = try fixture.commit(changed, on: "release/1.0", parents: [main])
        let cache = InventoryTreeCache(database: database)
        let first = try walk(main, cache: cache)
        cache.flush()

        let second = try walk(release, cache: InventoryTreeCache(database: database))

        XCTAssertEqual(second.treesRead, 3) // root, src, src/app
        // docs (its cached listing is empty: not read), eng and everything below it, tools, external.
        XCTAssertEqual(second.treesCached, 7)
        XCTAssertEqual(second.candidates, first.candidates)
    }

    func testADotEnvIsACandidateOnlyBesideAComposeFile() throws {
        let commit = try fixture.commit(texts: [
            "deploy/.env": "IMAGE=ghcr.io/acme/api:1.2\n", "deploy/docker-compose.yml": "services: {}\n",
            "app/.env": "DEBUG=1\n", "app/Dockerfile": "FROM alpine\n",
        ])
        let cache = InventoryTreeCache(database: database)
        for _ in 0..<2 {
            XCTAssertEqual(try walk(commit, cache: cache).candidates.map(\.path),
                           ["app/Dockerfile", "deploy/.env", "deploy/docker-compose.yml"])
        }
    }

    func testChartHelpersAndImageBuilderManifestsAreCandidates() throws {
        let commit = try fixture.commit(texts: [
            "charts/demo/templates/_helpers.tpl": "{{- define \"demo.image\" -}}{{ .Values.image }}{{- end -}}\n",
            "charts/demo/templates/notes.txt": "installed\n",
            "src/manifest.json": "{ \"repos\": [] }\n",
        ])
        XCTAssertEqual(try walk(commit, cache: InventoryTreeCache(database: database)).candidates.map { "\($0.path) \($0.kind.map(\.rawValue) ?? "-")" },
                       ["charts/demo/templates/_helpers.tpl helmHelpers", "src/manifest.json imageBuilderManifest"])
    }

    func testAgenticWorkflowsAreFoundByTheirFolderAndOtherMarkdownIsNot() throws {
        let commit = try fixture.commit(texts: [
            ".github/workflows/triage.md": "---\ncontainer: node:22\n---\nTriage issues.\n",
            ".github/workflows/ci.yml": "on: push\njobs: {}\n",
            "docs/workflows/notes.md": "# notes\n", "README.md": "# readme\n", "package.json": "{}\n",
        ])
        let cache = InventoryTreeCache(database: database)
        for _ in 0..<2 {
            XCTAssertEqual(try walk(commit, cache: cache).candidates.map(\.path),
                           [".github/workflows/ci.yml", ".github/workflows/triage.md"])
        }
    }

    func testIdenticalFoldersAreListedUnderEachPath() throws {
        let commit = try fixture.commit(texts: ["a/Dockerfile": "FROM alpine\n", "b/Dockerfile": "FROM alpine\n"])
        let cache = InventoryTreeCache(database: database)
        for _ in 0..<2 {
            XCTAssertEqual(try walk(commit, cache: cache).candidates.map(\.path), ["a/Dockerfile", "b/Dockerfile"])
        }
    }

    func testEntriesWhoseNamesCannotBeAPathAreListedFromGitAndFromTheInventoryAlike() throws {
        let dockerfile = try fixture.repository.writeBlob(Array("FROM alpine\n".utf8))
        let inner = try fixture.writeRawTree([.init(mode: "100644", name: "Dockerfile", id: dockerfile)])
        let eng = try fixture.writeRawTree([.init(mode: "100644", name: "a/Dockerfile", id: dockerfile)])
        let root = try fixture.writeRawTree([
            .init(mode: "40000", name: "..", id: inner),
            .init(mode: "100644", name: "Dockerfile", id: dockerfile),
            .init(mode: "40000", name: "eng", id: eng),
        ])
        let expected = [
            CandidateFile(path: "..", kind: nil, entry: .unusableName, blobID: nil),
            CandidateFile(path: "Dockerfile", kind: .dockerfile, entry: .file, blobID: dockerfile.hex),
            CandidateFile(path: "eng/a/Dockerfile", kind: nil, entry: .unusableName, blobID: nil),
        ]
        let cache = InventoryTreeCache(database: database)
        XCTAssertEqual(try TreeCandidateWalker(repository: fixture.repository, cache: cache).walk(root).candidates, expected)
        cache.flush()
        let again = try TreeCandidateWalker(repository: fixture.repository, cache: InventoryTreeCache(database: database)).walk(root)
        XCTAssertEqual(again.treesRead, 0)
        XCTAssertEqual(again.candidates, expected)
    }

    func testListingsOfAnotherWalkerVersionAreIgnored() throws {
        let commit = try fixture.commit(texts: ["Dockerfile": "FROM alpine\n"])
        let bogus = TreeListing(entries: [])
        try database.storeTreeCandidates([try tree(commit).hex: bogus.json()], version: TreeListing.walkerVersion + 1)

        let walk = try walk(commit, cache: InventoryTreeCache(database: database))

        XCTAssertEqual(walk.treesRead, 1)
        XCTAssertEqual(walk.candidates.map(\.path), ["Dockerfile"])
    }
}

extension TreeCandidateWalkerTests {
    func testListingsReachTheInventoryInBatchesAndWhenFlushed() throws {
        let commit = try fixture.commit(files)
        let cache = InventoryTreeCache(database: database, writeBatchSize: 1_000)
        _ = try walk(commit, cache: cache)
        XCTAssertEqual(try database.cachedTreeCandidates(treeIDs: [try tree(commit).hex], version: TreeListing.walkerVersion).count, 0)
        cache.flush()
        XCTAssertEqual(try database.cachedTreeCandidates(treeIDs: [try tree(commit).hex], version: TreeListing.walkerVersion).count, 1)

        let eager = InventoryTreeCache(database: try AppDatabase.inMemory(), writeBatchSize: 5)
        _ = try TreeCandidateWalker(repository: fixture.repository, cache: eager).walk(try tree(commit))
        XCTAssertEqual(try eager.database.cachedTreeCandidates(treeIDs: [try tree(commit).hex],
                                                              version: TreeListing.walkerVersion).count, 1)
    }
}
