import Extraction
import Foundation
import Inventory
import XCTest

final class AppDatabaseCodeownersTests: XCTestCase {
    func testCodeownersOfAScannedCommitAreStoredAndReadBack() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        let files = [CodeownersFile(path: ".github/CODEOWNERS", content: "/eng/ @dotnet/dnceng\n"),
                     CodeownersFile(path: "CODEOWNERS", content: "* @dotnet/arcade-owners\n")]
        try fleet.database.recordCodeowners(repositoryID: fleet.arcade, commit: Fixtures.commit("a"), files: files)

        XCTAssertEqual(try fleet.database.codeowners(repository: "dotnet/arcade", commit: Fixtures.commit("a")), files)
        XCTAssertEqual(try fleet.database.codeowners(repository: "dotnet/runtime", commit: Fixtures.commit("a")), [])
    }

    func testRecordingCodeownersAgainReplacesThem() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.database.recordCodeowners(repositoryID: fleet.arcade, commit: Fixtures.commit("a"),
                                            files: [CodeownersFile(path: "CODEOWNERS", content: "* @old\n")])
        try fleet.database.recordCodeowners(repositoryID: fleet.arcade, commit: Fixtures.commit("a"),
                                            files: [CodeownersFile(path: "docs/CODEOWNERS", content: "* @new\n")])

        XCTAssertEqual(try fleet.database.codeowners(repository: "dotnet/arcade", commit: Fixtures.commit("a")),
                       [CodeownersFile(path: "docs/CODEOWNERS", content: "* @new\n")])
    }

    func testCodeownersOfACommitNeverScannedAreRefused() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        XCTAssertThrowsError(try fleet.database.recordCodeowners(
            repositoryID: fleet.arcade, commit: Fixtures.commit("f"), files: [])) { error in
            XCTAssertEqual(error as? InventoryError,
                           .commitNotStored(repositoryID: fleet.arcade, commit: Fixtures.commit("f")))
        }
    }
}
