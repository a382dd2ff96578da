import TestSupport
import XCTest
@testable import Crawler

final class RepoListTests: XCTestCase {
    func testParsesUrlsOptionsAndComments() throws {
        let specs = try RepoList.parse("""
        # fleet
        https://github.com/dotnet/arcade  branches=main,release/*  team=dnceng  contact=dnceng@example.com

        /srv/mirrors/tools.git            # local paths are first-class
        file:///srv/mirrors/other.git name=platform/other
        """, source: "repos.txt")
        XCTAssertEqual(specs.count, 3)
        XCTAssertEqual(specs[0].name, "dotnet/arcade")
        XCTAssertEqual(specs[0].branches.map(\.text), ["main", "release/*"])
        XCTAssertEqual(specs[0].team, "dnceng")
        XCTAssertEqual(specs[0].contact, "dnceng@example.com")
        XCTAssertEqual(specs[0].line, 2)
        XCTAssertEqual(specs[1].name, "tools")
        XCTAssertEqual(specs[1].url, "/srv/mirrors/tools.git")
        XCTAssertTrue(specs[1].branches.isEmpty)
        XCTAssertEqual(specs[1].line, 4)
        XCTAssertEqual(specs[2].name, "platform/other")
    }

    func testDerivesNamesFromCommonUrlForms() {
        XCTAssertEqual(RepoList.defaultName(for: "https://github.com/dotnet/runtime.git"), "dotnet/runtime")
        XCTAssertEqual(RepoList.defaultName(for: "https://dev.azure.com/dnceng/internal/_git/dotnet-runtime"),
                       "internal/dotnet-runtime")
        XCTAssertEqual(RepoList.defaultName(for: "git@github.com:dotnet/sdk.git"), "dotnet/sdk")
        XCTAssertEqual(RepoList.defaultName(for: "https://gitlab.example.com/group/sub/project"), "sub/project")
        XCTAssertEqual(RepoList.defaultName(for: "file:///srv/git/tools.git"), "tools")
    }

    func testUnknownKeyNamesFileAndLine() {
        XCTAssertThrowsError(try RepoList.parse("/a\n/b colour=blue\n", source: "fleet/repos.txt")) { error in
            XCTAssertEqual("\(error)", "fleet/repos.txt:2: unknown key 'colour' (known: branches, contact, name, team)")
        }
    }

    func testMistypedSchemeIsNamedOnItsLine() throws {
        XCTAssertThrowsError(try RepoList.parse("/a\nhtps://github.com/dotnet/arcade\n", source: "repos.txt")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("repos.txt:2"), message)
            XCTAssertTrue(message.contains("unsupported scheme 'htps://'"), message)
        }
        let specs = try RepoList.parse("""
        HTTPS://github.com/a/b
        ssh://git@example.com/c/d.git
        git://127.0.0.1/e.git
        http://127.0.0.1/f.git
        file:///srv/g.git
        git@example.com:h/i.git
        """)
        XCTAssertEqual(specs.count, 6)
    }

    func testBareWordAfterUrlIsMalformed() {
        XCTAssertThrowsError(try RepoList.parse("/a main\n", source: "r.txt")) { error in
            XCTAssertEqual("\(error)", "r.txt:1: expected key=value after the repository, found 'main'")
        }
    }

    func testDuplicateRepositoryIsAnErrorNamingBothLines() {
        let text = "https://github.com/dotnet/sdk\n# comment\nhttps://GitHub.com/dotnet/sdk.git/\n"
        XCTAssertThrowsError(try RepoList.parse(text, source: "repos.txt")) { error in
            XCTAssertEqual("\(error)", "repos.txt:3: duplicate repository https://GitHub.com/dotnet/sdk.git/ (already on line 1)")
        }
    }

    func testTwoSpellingsOfOneLocalFolderAreADuplicate() throws {
        let folder = try ScratchDirectory()
        let real = folder.path("srv/x.git")
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path("link.git"), withDestinationPath: real)
        let spellings = [folder.path("srv/./x.git/"), "srv/x.git", "lists/../srv/x.git", "file://\(real)",
                         folder.path("link.git"), folder.path("srv/x")]
        for spelling in spellings {
            let text = "\(real) name=one\n\(spelling) name=two\n"
            XCTAssertThrowsError(try RepoList.parse(text, source: "repos.txt", baseDirectory: folder.path), spelling) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("repos.txt:2: duplicate repository "), message)
                XCTAssertTrue(message.hasSuffix(" (already on line 1)"), message)
            }
        }
    }

    func testFoldersThatDoNotExistAreComparedByTheirStandardizedPath() {
        XCTAssertThrowsError(try RepoList.parse("/srv/x.git name=a\n/srv/./y/../x.git/ name=b\n")) { error in
            XCTAssertEqual("\(error)", "repos.txt:2: duplicate repository /srv/./y/../x.git/ (already on line 1)")
        }
        XCTAssertEqual(try RepoList.parse("/srv/x.git name=a\n/srv/y/x.git name=b\n").count, 2)
    }

    func testDuplicateNameIsAnError() {
        XCTAssertThrowsError(try RepoList.parse("/srv/a/tools.git\n/srv/b/tools.git\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("repos.txt:2: duplicate repository name 'tools'"), "\(error)")
        }
    }

    func testInvalidGlobAndEmptyValueAndRepeatedKey() {
        XCTAssertThrowsError(try RepoList.parse("/a branches=main,,dev\n")) { error in
            XCTAssertEqual("\(error)", "repos.txt:1: invalid branch glob '' in branches=main,,dev")
        }
        XCTAssertThrowsError(try RepoList.parse("/a team=\n")) { error in
            XCTAssertEqual("\(error)", "repos.txt:1: 'team=' needs a value")
        }
        XCTAssertThrowsError(try RepoList.parse("/a team=x team=y\n")) { error in
            XCTAssertEqual("\(error)", "repos.txt:1: 'team' is given twice")
        }
    }

    func testLineStartingWithOptionIsMalformed() {
        XCTAssertThrowsError(try RepoList.parse("team=x\n")) { error in
            XCTAssertEqual("\(error)", "repos.txt:1: a line must start with a repository URL or path, not 'team=x'")
        }
    }

    func testRelativePathsAreTakenFromTheListsFolder() throws {
        let specs = try RepoList.parse("repos/a.git\n", source: "/srv/fleet/repos.txt", baseDirectory: "/srv/fleet")
        XCTAssertEqual(specs[0].url, "/srv/fleet/repos/a.git")
        XCTAssertEqual(specs[0].name, "a")
    }

    func testCredentialsNeverAppearInErrors() {
        let text = "https://user:s3cret@example.com/org/repo\nhttps://user:s3cret@example.com/org/repo\n"
        XCTAssertThrowsError(try RepoList.parse(text)) { error in
            XCTAssertFalse("\(error)".contains("s3cret"), "\(error)")
        }
    }

    func testCommittedFleetListParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let specs = try RepoList.load(path: root.appendingPathComponent("repos.txt").path)
        XCTAssertGreaterThanOrEqual(specs.count, 12)
        XCTAssertTrue(specs.contains { $0.name == "dotnet/runtime" && $0.team == "runtime" })
        XCTAssertTrue(specs.allSatisfy { $0.team != nil })
    }
}
