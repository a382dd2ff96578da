import Foundation
import TestSupport
import XCTest

final class ScanCommandTests: XCTestCase {
    struct Row: Decodable, Equatable {
        var path: String
        var line: Int
        var kind: String
        var raw: String
        var image: String?
        var resolved: Bool
        var valid: Bool
        var normalized: String?
        var registry: String?
        var repository: String?
        var tag: String?
        var digest: String?
    }

    func testScanOfAFolderAndOfARevisionPrintTheSameContract() throws {
        let scratch = try ScratchDirectory()
        let dockerfile = "ARG TAG=3.0\nFROM mcr.microsoft.com/azurelinux/base/core:${TAG}\n"
        _ = try scratch.write("tree/src/Dockerfile", dockerfile)
        let folder = try CensusRunner.run(["scan", scratch.path("tree"), "--format", "json"])
        XCTAssertEqual(folder.status, 0, folder.stderr)

        let repo = try GitFixture(in: scratch, named: "repo", bare: false)
        try repo.commit(texts: ["src/Dockerfile": dockerfile], on: "main")
        let revision = try CensusRunner.run(["scan", repo.path, "--rev", "main", "--format", "json"])
        XCTAssertEqual(revision.status, 0, revision.stderr)

        let expected = [Row(path: "src/Dockerfile", line: 2, kind: "dockerfile/from",
                            raw: "mcr.microsoft.com/azurelinux/base/core:${TAG}",
                            image: "mcr.microsoft.com/azurelinux/base/core:3.0", resolved: true, valid: true,
                            normalized: "mcr.microsoft.com/azurelinux/base/core:3.0", registry: "mcr.microsoft.com",
                            repository: "azurelinux/base/core", tag: "3.0", digest: nil)]
        XCTAssertEqual(try JSONDecoder().decode([Row].self, from: Data(folder.stdout.utf8)), expected)
        XCTAssertEqual(try JSONDecoder().decode([Row].self, from: Data(revision.stdout.utf8)), expected)
        XCTAssertTrue(folder.stdout.contains("\"context\" : "), "every §5 field is present, null or not")
    }

    func testScanOfAMissingPathIsAConfigurationError() throws {
        let result = try CensusRunner.run(["scan", "/definitely/not/here", "--format", "json"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("/definitely/not/here: no such file or directory"), result.stderr)
    }

    func testUnknownRevisionIsAClearError() throws {
        let scratch = try ScratchDirectory()
        let repo = try GitFixture(in: scratch, named: "repo", bare: false)
        try repo.commit(texts: ["README": "x"], on: "main")
        let result = try CensusRunner.run(["scan", repo.path, "--rev", "nope"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("nope"), result.stderr)
    }
}
