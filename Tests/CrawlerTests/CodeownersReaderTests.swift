import Crawler
import Git
import Inventory
import TestSupport
import XCTest

final class CodeownersReaderTests: XCTestCase {
    func testEveryCodeownersLocationPresentInTheTreeIsRead() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "repo.git")
        let tip = try fixture.commit(texts: [
            "CODEOWNERS": "* @root\n",
            ".github/CODEOWNERS": "/eng/ @dotnet/docker\n",
            "docs/readme.md": "not an owners file\n",
            "src/CODEOWNERS": "ignored: not a CODEOWNERS location\n",
        ])
        let tree = try fixture.repository.commitInfo(tip).tree

        XCTAssertEqual(try CodeownersReader.files(in: fixture.repository, tree: tree), [
            CodeownersFile(path: ".github/CODEOWNERS", content: "/eng/ @dotnet/docker\n"),
            CodeownersFile(path: "CODEOWNERS", content: "* @root\n"),
        ])
    }

    func testATreeWithoutCodeownersHasNone() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "repo.git")
        let tip = try fixture.commit(texts: ["Dockerfile": "FROM ubuntu:22.04\n", "docs/CODEOWNERS/x": "a folder\n"])
        let tree = try fixture.repository.commitInfo(tip).tree

        XCTAssertEqual(try CodeownersReader.files(in: fixture.repository, tree: tree), [])
    }

    func testInvalidUTF8IsDecodedWithoutFailing() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "repo.git")
        let tip = try fixture.commit(["CODEOWNERS": .bytes([0x2A, 0x20, 0x40, 0xFF, 0x0A])])
        let tree = try fixture.repository.commitInfo(tip).tree

        XCTAssertEqual(try CodeownersReader.files(in: fixture.repository, tree: tree),
                       [CodeownersFile(path: "CODEOWNERS", content: "* @\u{FFFD}\n")])
    }
}
