import Inventory
import Reports
import XCTest

final class CodeOwnersTests: XCTestCase {
    let text = """
        # Default owners
        *                       @dotnet/runtime-infra
        /eng/docker/            @dotnet/docker-team @jdoe   # containers
        *.yml                   ops@example.com
        /eng/pipelines/legacy/
        docs/my\\ file.md        @docs
        \\#notes                 @hash
        """

    func testTheLastMatchingRuleDecidesTheOwners() {
        let owners = CodeOwners(parsing: text, path: "CODEOWNERS")
        XCTAssertEqual(owners.owners(of: "src/main.c"), ["@dotnet/runtime-infra"])
        XCTAssertEqual(owners.owners(of: "eng/docker/build/Dockerfile"), ["@dotnet/docker-team", "@jdoe"])
        XCTAssertEqual(owners.owners(of: "eng/docker/ci.yml"), ["ops@example.com"])
        XCTAssertEqual(owners.rule(for: "eng/docker/ci.yml")?.line, 4)
    }

    func testAMatchingRuleWithoutOwnersLeavesTheFileUnowned() {
        let owners = CodeOwners(parsing: text, path: "CODEOWNERS")
        XCTAssertEqual(owners.owners(of: "eng/pipelines/legacy/build.sh"), [])
        XCTAssertEqual(owners.rule(for: "eng/pipelines/legacy/build.sh")?.line, 5)
    }

    func testEscapedSpacesAndHashesArePartOfThePattern() {
        let owners = CodeOwners(parsing: text, path: "CODEOWNERS")
        XCTAssertEqual(owners.owners(of: "docs/my file.md"), ["@docs"])
        XCTAssertEqual(owners.owners(of: "#notes"), ["@hash"])
    }

    func testNoMatchingRuleMeansNoOwners() {
        let owners = CodeOwners(parsing: "/src/ @a\n", path: "CODEOWNERS")
        XCTAssertEqual(owners.owners(of: "eng/Dockerfile"), [])
        XCTAssertNil(owners.rule(for: "eng/Dockerfile"))
    }

    func testGitLabSectionDefaultOwnersApplyToRulesWithoutOwners() {
        let owners = CodeOwners(parsing: """
            [Containers] @platform/containers
            /docker/
            /compose.yml @ops
            ^[Docs][2]
            /docs/
            """, path: ".gitlab/CODEOWNERS")
        XCTAssertEqual(owners.owners(of: "docker/Dockerfile"), ["@platform/containers"])
        XCTAssertEqual(owners.owners(of: "compose.yml"), ["@ops"])
        XCTAssertEqual(owners.owners(of: "docs/readme.md"), [])
    }

    func testWindowsLineEndingsAreUnderstood() {
        let owners = CodeOwners(parsing: "* @a\r\n/eng/ @b\r\n", path: "CODEOWNERS")
        XCTAssertEqual(owners.owners(of: "eng/x"), ["@b"])
    }

    func testTheFileIsChosenInGitHubsOrderOfPrecedence() {
        let files = [CodeownersFile(path: "CODEOWNERS", content: "* @root\n"),
                     CodeownersFile(path: "docs/CODEOWNERS", content: "* @docs\n"),
                     CodeownersFile(path: ".github/CODEOWNERS", content: "* @github\n")]
        XCTAssertEqual(CodeOwners.select(from: files)?.owners(of: "x"), ["@github"])
        XCTAssertEqual(CodeOwners.select(from: Array(files.prefix(2)))?.path, "CODEOWNERS")
        XCTAssertEqual(CodeOwners.select(from: [files[1]])?.path, "docs/CODEOWNERS")
        XCTAssertNil(CodeOwners.select(from: []))
    }
}
