import Foundation
import Inventory
import XCTest

final class AppDatabaseRepositoriesTests: XCTestCase {
    func testUpsertingARepositoryAgainKeepsItsIdAndUpdatesItsDetails() throws {
        let database = try AppDatabase.inMemory()
        let id = try database.upsertRepository(RepositoryInfo(name: "dotnet/arcade", url: "https://github.com/dotnet/arcade",
                                                              team: "dnceng"))
        let again = try database.upsertRepository(RepositoryInfo(name: "dotnet/arcade", url: "/srv/mirrors/arcade.git",
                                                                 team: "infra", contact: "infra@example.com"))
        XCTAssertEqual(id, again)
        let rows = try database.readOnlyQuery(sql: "SELECT id, name, url, team, contact FROM repository").rows
        XCTAssertEqual(rows, [[.integer(id), .text("dotnet/arcade"), .text("/srv/mirrors/arcade.git"),
                               .text("infra"), .text("infra@example.com")]])
    }

    func testRepositoryURLsAreStoredWithoutCredentials() throws {
        let database = try AppDatabase.inMemory()
        _ = try database.upsertRepository(RepositoryInfo(
            name: "contoso/app", url: "https://build:s3cret-token@dev.azure.com/contoso/_git/app"))
        XCTAssertEqual(try database.column("SELECT url FROM repository"),
                       ["https://dev.azure.com/contoso/_git/app"])
    }

    func testAnEmptyRepositoryNameIsRefused() throws {
        let database = try AppDatabase.inMemory()
        XCTAssertThrowsError(try database.upsertRepository(RepositoryInfo(name: "", url: "/srv/x.git"))) { error in
            XCTAssertEqual(error as? InventoryError,
                           .invalidRecord(operation: "repository /srv/x.git", reason: "the repository name is empty"))
        }
    }

    func testARepositoryScanStoresStatusErrorAndDurationInMilliseconds() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.repositoryOK(run, fleet.arcade)
        try fleet.database.recordRepositoryScan(runID: run, repositoryID: fleet.runtime, status: .failed,
                                                error: "clone failed", duration: .milliseconds(250))
        let rows = try fleet.database.readOnlyQuery(sql: """
            SELECT repository_id, status, error, duration_ms FROM repository_scan ORDER BY repository_id
            """).rows
        XCTAssertEqual(rows, [
            [.integer(fleet.arcade), .text("ok"), .null, .integer(1500)],
            [.integer(fleet.runtime), .text("failed"), .text("clone failed"), .integer(250)],
        ])
    }

    func testAFailedRepositoryScanWithoutAnErrorIsRefused() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        XCTAssertThrowsError(try fleet.database.recordRepositoryScan(
            runID: run, repositoryID: fleet.arcade, status: .failed, error: nil, duration: .zero)) { error in
            XCTAssertEqual(error as? InventoryError, .invalidRecord(
                operation: "the scan of repository #\(fleet.arcade) in run #\(run)",
                reason: "a failed scan needs its error"))
        }
    }
}
