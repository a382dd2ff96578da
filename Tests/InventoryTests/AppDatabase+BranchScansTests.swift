import Extraction
import Foundation
import Inventory
import XCTest

final class AppDatabaseBranchScansTests: XCTestCase {
    func testAnUnchangedCommitSharesItsStoredReferencesAcrossRuns() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs, Fixtures.ubuntu])
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        XCTAssertNotNil(try fleet.database.commitScanID(repository: fleet.arcade, commit: Fixtures.commit("a")))
        try fleet.unchanged(week2, fleet.arcade, "main", Fixtures.commit("a"))

        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["1"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM reference"), ["2"])
        XCTAssertEqual(try fleet.column("SELECT run_id || ' ' || status FROM branch_scan ORDER BY run_id"),
                       ["\(week1) ok", "\(week2) unchanged"])
        XCTAssertEqual(try fleet.column("SELECT count(DISTINCT commit_scan_id) FROM branch_scan"), ["1"])
    }

    func testReferencesGivenForAnAlreadyStoredCommitAreNotStoredAgain() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.scanned(run, fleet.arcade, "release/9.0", Fixtures.commit("a"), [Fixtures.prereqs])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["1"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM reference"), ["1"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM branch_scan"), ["2"])
    }

    func testTheSameCommitInTwoRepositoriesIsStoredForEach() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        XCTAssertNil(try fleet.database.commitScanID(repository: fleet.runtime, commit: Fixtures.commit("a")))
        try fleet.scanned(run, fleet.runtime, "main", Fixtures.commit("a"), [Fixtures.ubuntu])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["2"])
    }

    func testStoredReferencesComeBackFieldForField() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let references = [Fixtures.prereqs, Fixtures.ubuntu, Fixtures.runtimeMacro]
        let warnings = [FileWarning(path: "eng/pipelines/ci.yml", line: 7, message: "unknown template syntax"),
                        FileWarning(path: "big.yml", message: "skipped: over the size limit")]
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), references, warnings: warnings)
        let id = try XCTUnwrap(fleet.database.commitScanID(repository: fleet.arcade, commit: Fixtures.commit("a")))
        XCTAssertEqual(try fleet.database.references(commitScanID: id), Reference.sortedForOutput(references))
        XCTAssertEqual(try fleet.database.warnings(commitScanID: id), [warnings[1], warnings[0]])
        XCTAssertEqual(try fleet.column("SELECT reference_count || '/' || warning_count FROM commit_scan"), ["3/2"])
    }

    func testUpperCaseCommitIdsAreStoredInLowerCase() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("A"), [])
        XCTAssertEqual(try fleet.column("SELECT commit_id FROM branch_scan"), [Fixtures.commit("a")])
        XCTAssertNotNil(try fleet.database.commitScanID(repository: fleet.arcade, commit: Fixtures.commit("A")))
    }

    func testAnUnchangedBranchWhoseCommitWasNeverStoredIsRefusedAndNothingIsRecorded() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        XCTAssertThrowsError(try fleet.unchanged(run, fleet.arcade, "main", Fixtures.commit("b"))) { error in
            XCTAssertEqual(error as? InventoryError,
                           .commitNotStored(repositoryID: fleet.arcade, commit: Fixtures.commit("b")))
        }
        // The branch upsert of the same transaction was rolled back with it.
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM branch"), ["0"])
    }

    func testReferencesOfANewerExtractorAreNotSharedWithAnOlderScanOfTheSameCommit() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: fleet.arcade, branch: "main", commit: Fixtures.commit("a"), status: .ok,
            references: [Fixtures.centos], extractionVersion: "dockerfile=1"))
        XCTAssertNil(try fleet.database.commitScanID(repository: fleet.arcade, commit: Fixtures.commit("a"),
                                                     extractionVersion: "dockerfile=2"))
        let next = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.database.recordBranchScan(BranchScanRecord(
            runID: next, repositoryID: fleet.arcade, branch: "main", commit: Fixtures.commit("a"), status: .ok,
            references: [Fixtures.prereqs], extractionVersion: "dockerfile=2"))
        XCTAssertEqual(try fleet.column("SELECT extraction_version FROM commit_scan ORDER BY id"),
                       ["dockerfile=1", "dockerfile=2"])
    }

    func testInvalidBranchScansAreRefusedWithTheReason() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let operation = "branch main of repository #\(fleet.arcade) in run #\(run)"
        let cases: [(BranchScanRecord, String)] = [
            (BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "main", commit: nil, status: .ok,
                              references: []), "a ok scan needs its commit"),
            (BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "main", commit: nil, status: .failed),
             "a failed scan needs its error"),
            (BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "main", commit: "HEAD", status: .ok,
                              references: []), "\"HEAD\" is not a 40- or 64-digit hex commit id"),
            (BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "main", commit: Fixtures.commit("a"),
                              status: .ok, error: "boom", references: []),
             "a successful scan carries no error, got: boom"),
        ]
        for (record, reason) in cases {
            XCTAssertThrowsError(try fleet.database.recordBranchScan(record)) { error in
                XCTAssertEqual(error as? InventoryError, .invalidRecord(operation: operation, reason: reason))
            }
        }
    }

    func testABranchScanInAnUnknownRunIsAStorageErrorNamingTheBranch() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        XCTAssertThrowsError(try fleet.scanned(99, fleet.arcade, "main", Fixtures.commit("a"), [])) { error in
            guard case InventoryError.storage(_, let operation, let reason) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(operation, "recording branch main of repository #\(fleet.arcade) in run #99")
            XCTAssertTrue(reason.contains("FOREIGN KEY"), reason)
        }
    }

    func testRecordingABranchTwiceInOneRunKeepsTheLastRecord() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.failed(run, fleet.arcade, "main", "transient: object not found")
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        XCTAssertEqual(try fleet.column("SELECT status FROM branch_scan"), ["ok"])
    }

    func testBranchTipsAreTheCommitsOfEachCurrentBranchsLastGoodScan() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.scanned(week1, fleet.arcade, "release/9.0", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.arcade)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.scanned(week2, fleet.arcade, "main", Fixtures.commit("c"), [Fixtures.ubuntu])
        try fleet.failed(week2, fleet.arcade, "release/9.0", "tree walk failed")
        try fleet.repositoryOK(week2, fleet.arcade)

        XCTAssertEqual(try fleet.database.lastRunBranchTips(repositoryID: fleet.arcade),
                       ["main": Fixtures.commit("c"), "release/9.0": Fixtures.commit("b")])
        XCTAssertEqual(try fleet.database.lastRunBranchTips(repositoryID: fleet.runtime), [:])
    }

    /// The tips are read for one repository without the view, and say what the view says: over runs
    /// that succeed, fail, are partial or drop a branch, in two repositories.
    func testBranchTipsAreWhatTheCurrentBranchesViewSays() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        func fromView(_ repository: Int64) throws -> [String: String] {
            let rows = try fleet.database.readOnlyQuery(sql: """
                SELECT branch, commit_id FROM current_branches WHERE repository_id = \(repository) AND commit_id IS NOT NULL
                """).rows
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
                guard let branch = row[0].text, let commit = row[1].text else { return nil }
                return (branch, commit)
            })
        }
        func check(_ label: String) throws {
            for repository in [fleet.arcade, fleet.runtime] {
                XCTAssertEqual(try fleet.database.lastRunBranchTips(repositoryID: repository), try fromView(repository),
                               "\(label), repository #\(repository)")
            }
        }
        try check("empty")
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.scanned(week1, fleet.arcade, "release/8.0", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.scanned(week1, fleet.runtime, "main", Fixtures.commit("c"), [Fixtures.ubuntu])
        try fleet.repositoryOK(week1, fleet.arcade)
        try fleet.repositoryOK(week1, fleet.runtime)
        try check("week 1")
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.unchanged(week2, fleet.arcade, "main", Fixtures.commit("a"))
        try fleet.failed(week2, fleet.arcade, "release/8.0", "tree walk failed")
        try fleet.scanned(week2, fleet.arcade, "release/9.0", Fixtures.commit("d"), [Fixtures.ubuntu])
        try fleet.database.recordRepositoryScan(runID: week2, repositoryID: fleet.arcade, status: .partial,
                                                error: "release/8.0 failed", duration: .milliseconds(10))
        try fleet.failed(week2, fleet.runtime, "main", "listing failed")
        try fleet.database.recordRepositoryScan(runID: week2, repositoryID: fleet.runtime, status: .failed,
                                                error: "listing failed", duration: .milliseconds(10))
        try check("week 2: partial and failed")
        let week3 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.scanned(week3, fleet.arcade, "main", Fixtures.commit("e"), [Fixtures.prereqs])
        try fleet.repositoryOK(week3, fleet.arcade)
        // A branch scanned in a run that failed for its repository does not count.
        try fleet.scanned(week3, fleet.runtime, "main", Fixtures.commit("f"), [Fixtures.ubuntu])
        try fleet.database.recordRepositoryScan(runID: week3, repositoryID: fleet.runtime, status: .failed,
                                                error: "recording failed", duration: .milliseconds(10))
        try check("week 3: release branches gone, a failed repository scan")
        XCTAssertEqual(try fleet.database.lastRunBranchTips(repositoryID: fleet.arcade), ["main": Fixtures.commit("e")])
        XCTAssertEqual(try fleet.database.lastRunBranchTips(repositoryID: fleet.runtime), ["main": Fixtures.commit("c")])
    }

    func testBranchHistoryListsEveryScanWithItsRun() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs, Fixtures.ubuntu])
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.failed(week2, fleet.arcade, "main", "fetch failed")
        let rows = try fleet.database.readOnlyQuery(sql: """
            SELECT repository, branch, run_id, run_started_at, commit_id, status, error, reference_count
            FROM branch_history ORDER BY run_id
            """).rows
        XCTAssertEqual(rows, [
            [.text("dotnet/arcade"), .text("main"), .integer(week1), .text("2026-01-01 00:00:00.000"),
             .text(Fixtures.commit("a")), .text("ok"), .null, .integer(2)],
            [.text("dotnet/arcade"), .text("main"), .integer(week2), .text("2026-01-08 00:00:00.000"),
             .null, .text("failed"), .text("fetch failed"), .null],
        ])
    }

    func testConcurrentBranchScansFromManyThreadsAreAllRecorded() throws {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let fleet = try Fleet(AppDatabase(path: path))
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let database = fleet.database
        let arcade = fleet.arcade
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            // Pairs of branches share a commit, so concurrent writers also race to store the same commit.
            let digits = Array("0123456789abcdef")
            let commit = String(repeating: digits[(index / 2) % 16], count: 39) + String(digits[index / 32])
            let reference = Fixtures.reference("Dockerfile", line: index + 1, image: "docker.io/library/alpine:3.\(index)",
                                               registry: "docker.io", repository: "library/alpine", tag: "3.\(index)")
            do {
                try database.recordBranchScan(BranchScanRecord(
                    runID: run, repositoryID: arcade, branch: "feature/\(index)", commit: commit, status: .ok,
                    references: [reference]))
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.messages, [])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM branch_scan"), ["64"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM branch"), ["64"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["32"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM reference"), ["32"])
    }

    func testManyBranchScansAreRecordedInOneGoAsEachWouldBe() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.scanned(week1, fleet.arcade, "release/9.0", Fixtures.commit("b"), [Fixtures.ubuntu])
        let week2 = try fleet.database.startRun(at: Fixtures.day8)

        try fleet.database.recordBranchScans([
            BranchScanRecord(runID: week2, repositoryID: fleet.arcade, branch: "main", commit: Fixtures.commit("a"),
                             status: .unchanged),
            BranchScanRecord(runID: week2, repositoryID: fleet.arcade, branch: "release/10.0",
                             commit: Fixtures.commit("b"), status: .ok),
        ])

        XCTAssertEqual(try fleet.column("""
            SELECT b.name || ' ' || s.status || ' ' || s.commit_id FROM branch_scan s JOIN branch b ON b.id = s.branch_id
            WHERE s.run_id = \(week2) ORDER BY b.name
            """), ["main unchanged \(Fixtures.commit("a"))", "release/10.0 ok \(Fixtures.commit("b"))"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["2"])
    }

    func testABatchWithAnInvalidScanRecordsNothing() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        let next = try fleet.database.startRun(at: Fixtures.day8)

        XCTAssertThrowsError(try fleet.database.recordBranchScans([
            BranchScanRecord(runID: next, repositoryID: fleet.arcade, branch: "main", commit: Fixtures.commit("a"),
                             status: .unchanged),
            BranchScanRecord(runID: next, repositoryID: fleet.arcade, branch: "", commit: Fixtures.commit("a"),
                             status: .ok),
        ]))
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM branch_scan WHERE run_id = \(next)"), ["0"])
    }

    func testEachBranchScanOfAGroupIsRecordedAsAloneAndReturnsItsFiles() async throws {
        let grouped = try Fleet(AppDatabase.inMemory())
        let alone = try Fleet(AppDatabase.inMemory())
        func records(_ run: Int64, _ fleet: Fleet) -> [BranchScanRecord] {
            var main = BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "main",
                                        commit: Fixtures.commit("a"), status: .ok)
            main.references = [Fixtures.prereqs, Fixtures.ubuntu]
            main.warnings = [FileWarning(path: "big.yml", message: "skipped: over the size limit")]
            // A second branch at the same commit shares what the first one stored.
            var copy = main
            copy.branch = "release/9.0"
            var failed = BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "release/8.0",
                                          commit: Fixtures.commit("b"), status: .failed)
            failed.error = "tree not found"
            return [main, copy, failed]
        }
        let groupRun = try grouped.database.startRun(at: Fixtures.day1)
        let results = try await grouped.database.recordEachBranchScan(records(groupRun, grouped))
        let aloneRun = try alone.database.startRun(at: Fixtures.day1)
        let expected = try records(aloneRun, alone).map { try alone.database.recordBranchScan($0) }

        XCTAssertEqual(try results.map { try $0.get()?.files ?? [:] }, expected)
        XCTAssertEqual(try results[0].get()?.files.keys.sorted(), ["big.yml", "docker/build.Dockerfile", "eng/Dockerfile"])
        // Each stored commit comes with its commit scan (both branches at commit a share one); a failed scan has none.
        let commitScans = try results.map { try $0.get()?.commitScanID }
        XCTAssertEqual(commitScans[0], try grouped.database.commitScanID(repository: grouped.arcade, commit: Fixtures.commit("a")))
        XCTAssertNotNil(commitScans[0])
        XCTAssertEqual(commitScans[1], commitScans[0])
        XCTAssertNil(commitScans[2])
        let rows = """
            SELECT b.name || ' ' || s.status || ' ' || coalesce(s.commit_scan_id, '-') || ' ' || coalesce(s.error, '')
            FROM branch_scan s JOIN branch b ON b.id = s.branch_id ORDER BY b.name
            """
        XCTAssertEqual(try grouped.column(rows), try alone.column(rows))
        XCTAssertEqual(try grouped.column("SELECT path || ':' || line || ' ' || image FROM reference ORDER BY path"),
                       try alone.column("SELECT path || ':' || line || ' ' || image FROM reference ORDER BY path"))
    }

    func testAGroupRecordsEveryBranchScanExceptTheOnesThatFailWithTheirReasons() async throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        var good = BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "main",
                                    commit: Fixtures.commit("a"), status: .ok)
        good.references = [Fixtures.prereqs]
        // Refused before writing: no branch name.
        var invalid = good
        invalid.branch = ""
        // Refused while writing: it shares a file scan that does not exist, after its branch row was
        // written, so its savepoint must undo that row.
        var dangling = BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "release/9.0",
                                        commit: Fixtures.commit("b"), status: .ok)
        dangling.references = []
        dangling.sharedFiles = ["eng/Dockerfile": 999]
        var later = BranchScanRecord(runID: run, repositoryID: fleet.runtime, branch: "main",
                                     commit: Fixtures.commit("c"), status: .ok)
        later.references = [Fixtures.ubuntu]

        let results = try await fleet.database.recordEachBranchScan([good, invalid, dangling, later])

        XCTAssertEqual(results.map { (try? $0.get()) != nil }, [true, false, false, true])
        XCTAssertThrowsError(try results[1].get()) { error in
            XCTAssertTrue("\(error)".contains("the branch name is empty"), "\(error)")
        }
        XCTAssertThrowsError(try results[2].get()) { error in
            XCTAssertTrue("\(error)".contains("release/9.0"), "\(error)")
        }
        XCTAssertEqual(try fleet.column("SELECT name FROM branch ORDER BY repository_id, name"), ["main", "main"])
        XCTAssertEqual(try fleet.column("SELECT commit_id FROM commit_scan ORDER BY id"),
                       [Fixtures.commit("a"), Fixtures.commit("c")])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM branch_scan"), ["2"])
    }
}

/// Collects errors from concurrent work.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ message: String) {
        lock.lock()
        stored.append(message)
        lock.unlock()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
