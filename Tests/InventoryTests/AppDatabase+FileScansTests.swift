import Extraction
import Foundation
@testable import Inventory
import GRDB
import XCTest

final class AppDatabaseFileScansTests: XCTestCase {
    /// Records a successful branch scan and returns the commit's files.
    @discardableResult
    private func record(_ fleet: Fleet, _ run: Int64, _ branch: String, _ commit: Character,
                        _ references: [Reference]?, warnings: [FileWarning] = [],
                        shared: [String: Int64] = [:]) throws -> [String: Int64] {
        try fleet.database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: fleet.arcade, branch: branch, commit: Fixtures.commit(commit), status: .ok,
            references: references, warnings: warnings, sharedFiles: shared, scannedAt: Fixtures.day1))
    }

    private func commitScanID(_ fleet: Fleet, _ commit: Character) throws -> Int64 {
        try XCTUnwrap(fleet.database.commitScanID(repository: fleet.arcade, commit: Fixtures.commit(commit)))
    }

    /// Records a successful scan of `commit` as its difference from `base`: it has the base's files
    /// but `leftOut` and those given.
    @discardableResult
    private func record(_ fleet: Fleet, _ run: Int64, _ branch: String, _ commit: Character, _ references: [Reference],
                        leftOut: Set<String> = [], shared: [String: Int64] = [:], base: StoredCommitFiles?,
                        repository: Int64? = nil) throws -> [String: Int64] {
        var scan = BranchScanRecord(runID: run, repositoryID: repository ?? fleet.arcade, branch: branch,
                                    commit: Fixtures.commit(commit), status: .ok, references: references,
                                    sharedFiles: shared, scannedAt: Fixtures.day1)
        scan.base = base
        scan.baseFilesLeftOut = leftOut
        return try fleet.database.recordBranchScan(scan)
    }

    /// `commit`'s entries: path and file scan id, or `-` where the commit has no file its base has.
    private func entries(_ fleet: Fleet, _ commit: Character) throws -> [String] {
        try fleet.column("""
            SELECT path || ' ' || COALESCE(file_scan_id, '-') FROM commit_file_entry
            WHERE commit_scan_id = \(commitScanID(fleet, commit)) ORDER BY path
            """).map { $0 ?? "" }
    }

    /// A fleet whose run recorded commit `a` on `main` with four files (one of them only a warning), as
    /// the base of the commits a test records from it.
    private func baseOfFourFiles() throws -> (fleet: Fleet, run: Int64, base: StoredCommitFiles, skipped: FileWarning) {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let skipped = FileWarning(path: "big.yml", message: "skipped: over the size limit")
        let files = try record(fleet, run, "main", "a", [Fixtures.prereqs, Fixtures.ubuntu, Fixtures.runtimeMacro],
                               warnings: [skipped])
        return (fleet, run, StoredCommitFiles(commitScanID: try commitScanID(fleet, "a"), files: files), skipped)
    }

    /// A commit recorded as its difference from a base stores an entry only where it differs (a changed
    /// file, a new one, one the base has and it has not), and reads back every one of its files through
    /// `commit_file`, `reference` and `scan_warning`.
    func testACommitRecordedFromABaseStoresOnlyWhatDiffers() throws {
        let (fleet, run, base, skipped) = try baseOfFourFiles()
        // eng/Dockerfile changed, big.yml is gone, deploy/app.Dockerfile is new; the other two are the base's.
        let added = Fixtures.reference("deploy/app.Dockerfile", line: 2, image: "docker.io/library/ubuntu:22.04",
                                       registry: "docker.io", repository: "library/ubuntu", tag: "22.04")
        let files = try record(fleet, run, "release/9.0", "b", [Fixtures.centos, added], leftOut: ["big.yml"], base: base)

        let centosScan = try XCTUnwrap(files["eng/Dockerfile"]), addedScan = try XCTUnwrap(files["deploy/app.Dockerfile"])
        XCTAssertEqual(try entries(fleet, "b"), ["big.yml -", "deploy/app.Dockerfile \(addedScan)", "eng/Dockerfile \(centosScan)"])
        XCTAssertEqual(try fleet.column("SELECT base_commit_scan_id FROM commit_scan WHERE id = \(commitScanID(fleet, "b"))"),
                       ["\(base.commitScanID)"])
        XCTAssertEqual(try fleet.column("SELECT file_scan_id FROM commit_file WHERE commit_scan_id = \(commitScanID(fleet, "b")) ORDER BY 1"),
                       Set(files.values).sorted().map(String.init))
        XCTAssertEqual(Set(files.keys), ["eng/Dockerfile", "docker/build.Dockerfile", "eng/pipelines/ci.yml", "deploy/app.Dockerfile"])
        XCTAssertEqual(try fleet.database.references(commitScanID: commitScanID(fleet, "b")),
                       Reference.sortedForOutput([Fixtures.centos, Fixtures.ubuntu, Fixtures.runtimeMacro, added]))
        XCTAssertEqual(try fleet.database.warnings(commitScanID: commitScanID(fleet, "b")), [])
        XCTAssertEqual(try fleet.column("SELECT reference_count || '/' || warning_count FROM commit_scan ORDER BY id"),
                       ["3/1", "4/0"])
        // The base reads as before, and a query by image finds both commits through the view.
        XCTAssertEqual(try fleet.database.warnings(commitScanID: base.commitScanID), [skipped])
        XCTAssertEqual(try fleet.column("""
            SELECT commit_scan_id || ' ' || path FROM reference WHERE normalized = 'docker.io/library/ubuntu:22.04' ORDER BY 1
            """), ["\(base.commitScanID) docker/build.Dockerfile", "\(try commitScanID(fleet, "b")) deploy/app.Dockerfile",
                   "\(try commitScanID(fleet, "b")) docker/build.Dockerfile"])
        // Recording the same commit again for another branch reads the stored files back, every one of them.
        XCTAssertEqual(try record(fleet, run, "release/9.1", "b", nil), files)

        // c shares b's deploy/app.Dockerfile (not a file of the base), leaves out one of the base's files
        // and a path the base lacks, and keeps big.yml and its warning.
        let cFiles = try record(fleet, run, "release/9.2", "c", [], leftOut: ["eng/Dockerfile", "missing.yml"],
                                shared: ["deploy/app.Dockerfile": addedScan], base: base)
        XCTAssertEqual(try entries(fleet, "c"), ["deploy/app.Dockerfile \(addedScan)", "eng/Dockerfile -"])
        XCTAssertEqual(Set(cFiles.keys), ["docker/build.Dockerfile", "eng/pipelines/ci.yml", "deploy/app.Dockerfile", "big.yml"])
        XCTAssertEqual(try fleet.column("SELECT reference_count || '/' || warning_count FROM commit_scan WHERE id = \(commitScanID(fleet, "c"))"),
                       ["3/1"])
        XCTAssertEqual(try fleet.database.warnings(commitScanID: commitScanID(fleet, "c")), [skipped])
    }

    /// A base is stored whole: a commit recorded from a base that itself has one is stored whole (an
    /// entry per file). A base that is not a stored commit scan of the same repository, or files left
    /// out without a base, are refused.
    func testACommitIsStoredWholeWhenItsBaseCannotServe() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let aFiles = try record(fleet, run, "main", "a", [Fixtures.prereqs, Fixtures.ubuntu])
        let a = StoredCommitFiles(commitScanID: try commitScanID(fleet, "a"), files: aFiles)
        let bFiles = try record(fleet, run, "release/9.0", "b", [Fixtures.centos], base: a)
        XCTAssertEqual(try entries(fleet, "b").count, 1)

        // c's base b has a base of its own.
        let b = StoredCommitFiles(commitScanID: try commitScanID(fleet, "b"), files: bFiles)
        let cFiles = try record(fleet, run, "release/9.1", "c", [], leftOut: ["docker/build.Dockerfile"], base: b)
        XCTAssertEqual(Set(cFiles.keys), ["eng/Dockerfile"])
        XCTAssertEqual(try entries(fleet, "c"), ["eng/Dockerfile \(try XCTUnwrap(cFiles["eng/Dockerfile"]))"])
        XCTAssertEqual(try fleet.column("SELECT COALESCE(base_commit_scan_id, '-') || ' ' || reference_count FROM commit_scan WHERE commit_id = '\(Fixtures.commit("c"))'"),
                       ["- 1"])
        XCTAssertEqual(try fleet.database.references(commitScanID: commitScanID(fleet, "c")), [Fixtures.centos])

        // d, in another repository, names a's commit scan as its base; e leaves out files of no base.
        XCTAssertThrowsError(try record(fleet, run, "main", "d", [Fixtures.runtimeMacro], base: a, repository: fleet.runtime)) {
            guard case .invalidRecord = $0 as? InventoryError else { return XCTFail("\($0)") }
        }
        XCTAssertNil(try fleet.database.commitScanID(repository: fleet.runtime, commit: Fixtures.commit("d")))
        XCTAssertThrowsError(try record(fleet, run, "release/9.2", "e", [], leftOut: ["eng/Dockerfile"], base: nil)) {
            guard case .invalidRecord = $0 as? InventoryError else { return XCTFail("\($0)") }
        }
        XCTAssertNil(try fleet.database.commitScanID(repository: fleet.arcade, commit: Fixtures.commit("e")))
    }

    func testTwoCommitsWithAnIdenticalFileShareOneFileScan() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let main = try record(fleet, run, "main", "a", [Fixtures.prereqs])
        let release = try record(fleet, run, "release/9.0", "b", [Fixtures.prereqs])

        XCTAssertEqual(main, release)
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["2"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM file_scan"), ["1"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_file"), ["2"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM file_reference"), ["1"])
        // The reference view still has one row per commit, with the shared id.
        XCTAssertEqual(try fleet.column("SELECT count(DISTINCT commit_scan_id) || '/' || count(DISTINCT id) FROM reference"),
                       ["2/1"])
        XCTAssertEqual(try fleet.database.references(commitScanID: commitScanID(fleet, "b")), [Fixtures.prereqs])
    }

    func testAChangedFileGetsANewFileScanAndTheUnchangedOneIsShared() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let before = try record(fleet, run, "main", "a", [Fixtures.centos, Fixtures.ubuntu])
        let after = try record(fleet, run, "release/9.0", "b", [Fixtures.prereqs, Fixtures.ubuntu])

        XCTAssertEqual(after["docker/build.Dockerfile"], before["docker/build.Dockerfile"])
        XCTAssertNotEqual(after["eng/Dockerfile"], before["eng/Dockerfile"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM file_scan"), ["3"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM file_reference"), ["3"])
        XCTAssertEqual(try fleet.database.references(commitScanID: commitScanID(fleet, "b")),
                       Reference.sortedForOutput([Fixtures.prereqs, Fixtures.ubuntu]))
    }

    func testAFileWithOnlyWarningsIsStoredAndAFileWithNothingIsNot() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let warning = FileWarning(path: "big.yml", message: "skipped: over the size limit")
        let files = try record(fleet, run, "main", "a", [Fixtures.prereqs], warnings: [warning])
        XCTAssertEqual(Set(files.keys), ["eng/Dockerfile", "big.yml"])
        XCTAssertEqual(try fleet.column("SELECT path || ' ' || reference_count || '/' || warning_count FROM file_scan ORDER BY path"),
                       ["big.yml 0/1", "eng/Dockerfile 1/0"])

        XCTAssertEqual(try record(fleet, run, "empty", "e", []), [:])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_file WHERE commit_scan_id = \(commitScanID(fleet, "e"))"),
                       ["0"])
    }

    func testSharedFilesAreLinkedAndCountedWithTheNewOnes() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let warnings = [FileWarning(path: "eng/pipelines/ci.yml", line: 7, message: "unknown template syntax"),
                        FileWarning(path: "big.yml", message: "skipped: over the size limit")]
        let first = try record(fleet, run, "main", "a", [Fixtures.prereqs, Fixtures.ubuntu, Fixtures.runtimeMacro],
                               warnings: warnings)
        // The next commit changed eng/Dockerfile only: the crawler passes the other files by id.
        var shared = first
        shared["eng/Dockerfile"] = nil
        let second = try record(fleet, run, "release/9.0", "b", [Fixtures.centos], shared: shared)

        XCTAssertEqual(Set(second.keys), Set(first.keys))
        XCTAssertEqual(second.filter { $0.key != "eng/Dockerfile" }, shared)
        let id = try commitScanID(fleet, "b")
        XCTAssertEqual(try fleet.column("SELECT reference_count || '/' || warning_count FROM commit_scan WHERE id = \(id)"),
                       ["3/2"])
        XCTAssertEqual(try fleet.database.references(commitScanID: id),
                       Reference.sortedForOutput([Fixtures.centos, Fixtures.ubuntu, Fixtures.runtimeMacro]))
        XCTAssertEqual(try fleet.database.warnings(commitScanID: id), [warnings[1], warnings[0]])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM file_reference"), ["4"])
    }

    func testACommitOfOnlySharedFilesNeedsNoReferences() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let first = try record(fleet, run, "main", "a", [Fixtures.prereqs])
        XCTAssertEqual(try record(fleet, run, "release/9.0", "b", nil, shared: first), first)
        XCTAssertEqual(try fleet.database.references(commitScanID: commitScanID(fleet, "b")), [Fixtures.prereqs])
    }

    func testRecordingABranchOfAStoredCommitReturnsItsStoredFiles() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let first = try record(fleet, run, "main", "a", [Fixtures.prereqs, Fixtures.ubuntu])
        XCTAssertEqual(try record(fleet, run, "release/9.0", "a", nil), first)
        XCTAssertEqual(try fleet.database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: fleet.arcade, branch: "broken", commit: nil, status: .failed, error: "boom")), [:])
    }

    func testAPathBothSharedAndGivenIsRefused() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let first = try record(fleet, run, "main", "a", [Fixtures.prereqs])
        let id = try XCTUnwrap(first["eng/Dockerfile"])
        let operation = "branch release/9.0 of repository #\(fleet.arcade) in run #\(run)"
        XCTAssertThrowsError(try record(fleet, run, "release/9.0", "b", [Fixtures.centos], shared: first)) { error in
            XCTAssertEqual(error as? InventoryError, .invalidRecord(
                operation: operation,
                reason: "file eng/Dockerfile is both shared from file scan #\(id) and given with references or warnings"))
        }
        XCTAssertThrowsError(try record(fleet, run, "release/9.0", "b", [],
                                        warnings: [FileWarning(path: "eng/Dockerfile", message: "x")], shared: first))
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["1"])
    }

    func testASharedFileScanThatIsNotStoredOrOfAnotherPathIsRefusedAndNothingIsRecorded() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        let first = try record(fleet, run, "main", "a", [Fixtures.prereqs])
        let id = try XCTUnwrap(first["eng/Dockerfile"])
        let operation = "branch release/9.0 of repository #\(fleet.arcade) in run #\(run)"
        for (path, fileScanID) in [("eng/Dockerfile", id + 100), ("other/Dockerfile", id)] {
            XCTAssertThrowsError(try record(fleet, run, "release/9.0", "b", [Fixtures.ubuntu],
                                            shared: [path: fileScanID])) { error in
                XCTAssertEqual(error as? InventoryError, .invalidRecord(
                    operation: operation,
                    reason: "shared file \(path) names file scan #\(fileScanID), which is not a stored scan of that path"))
            }
        }
        // Of several, the first by path is named, whatever order the record lists them in.
        XCTAssertThrowsError(try record(fleet, run, "release/9.0", "b", [Fixtures.ubuntu],
                                        shared: ["z/Dockerfile": id, "eng/Dockerfile": id, "b/Dockerfile": id + 100])) { error in
            XCTAssertEqual(error as? InventoryError, .invalidRecord(
                operation: operation,
                reason: "shared file b/Dockerfile names file scan #\(id + 100), which is not a stored scan of that path"))
        }
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["1"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM file_scan"), ["1"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM branch"), ["1"])
    }

    func testAGroupMemberThatFailedAfterStoringAFileScanDoesNotLendItToALaterMember() async throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        // The branch scan row of "doomed" cannot be written, so its savepoint is rolled back after its
        // new file scan (the first, id 1) was stored.
        try await fleet.database.write("installing a failing trigger") { db in
            try db.execute(sql: """
                CREATE TRIGGER doomed BEFORE INSERT ON branch_scan
                WHEN (SELECT name FROM branch WHERE id = NEW.branch_id) = 'doomed'
                BEGIN SELECT RAISE(ABORT, 'doomed'); END
                """)
        }
        var doomed = BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "doomed",
                                      commit: Fixtures.commit("a"), status: .ok)
        doomed.references = [Fixtures.prereqs]
        let later = BranchScanRecord(runID: run, repositoryID: fleet.arcade, branch: "release/9.0",
                                     commit: Fixtures.commit("b"), status: .ok, sharedFiles: [Fixtures.prereqs.path: 1])

        let results = try await fleet.database.recordEachBranchScan([doomed, later])

        XCTAssertThrowsError(try results[0].get()) { XCTAssertTrue("\($0)".contains("doomed"), "\($0)") }
        XCTAssertThrowsError(try results[1].get()) { error in
            XCTAssertEqual(error as? InventoryError, .invalidRecord(
                operation: "branch release/9.0 of repository #\(fleet.arcade) in run #\(run)",
                reason: "shared file \(Fixtures.prereqs.path) names file scan #1, which is not a stored scan of that path"))
        }
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM file_scan"), ["0"])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM commit_scan"), ["0"])
    }

    func testAFindingOnASharedFileAppliesToEveryBranchThatHasIt() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try record(fleet, run, "main", "a", [Fixtures.centos, Fixtures.ubuntu])
        try record(fleet, run, "release/9.0", "b", [Fixtures.centos])
        try fleet.repositoryOK(run, fleet.arcade)
        try fleet.database.finishRun(run, at: Fixtures.day1, repositoriesTotal: 1, repositoriesFailed: 0,
                                      status: .ok)
        let references = try fleet.database.currentReferences()
        XCTAssertEqual(references.map(\.branch), ["main", "main", "release/9.0"])
        let centos = try XCTUnwrap(references.first { $0.reference == Fixtures.centos }?.referenceID)
        XCTAssertEqual(Set(references.filter { $0.reference == Fixtures.centos }.map(\.referenceID)), [centos])

        try fleet.database.recordFindings(runID: run, policyHash: "p", evaluatedAt: Fixtures.day1, findings: [
            FindingRecord(referenceID: centos, rule: "eol-os", severity: "error", message: "CentOS 7 is end of life",
                          suggestion: nil, explanation: "No more security updates."),
        ])

        XCTAssertEqual(try fleet.database.currentFindings().map { "\($0.branch) \($0.path):\($0.line) \($0.rule)" },
                       ["main eng/Dockerfile:1 eol-os", "release/9.0 eng/Dockerfile:1 eol-os"])
        XCTAssertEqual(try fleet.column("SELECT branch FROM run_findings WHERE as_of_run_id = \(run) ORDER BY branch"),
                       ["main", "release/9.0"])
        XCTAssertEqual(try fleet.column("SELECT findings || ' ' || branches FROM weekly_findings"), ["2 2"])
        XCTAssertEqual(try fleet.column("SELECT findings || ' ' || errors || ' ' || branches FROM weekly_trend"), ["2 2 2"])
        XCTAssertEqual(try fleet.column("SELECT findings || ' ' || distinct_findings FROM findings_by_run"), ["2 1"])
    }

    func testReadingACommitsReferencesAndCurrentReferencesUseIndexes() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try record(fleet, run, "main", "a", [Fixtures.prereqs, Fixtures.ubuntu])
        try fleet.repositoryOK(run, fleet.arcade)
        let queries = [
            "SELECT * FROM reference WHERE commit_scan_id = 1",
            "SELECT * FROM scan_warning WHERE commit_scan_id = 1",
            "SELECT * FROM current_references",
            "SELECT * FROM reference WHERE normalized = 'docker.io/library/ubuntu:22.04'",
        ]
        for sql in queries {
            let plan = try fleet.database.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { $0["detail"] as String }
            }
            // `commit_file` is a view over `commit_scan` (c) and `commit_file_entry` (e, o), flattened into
            // the query: never materialized, never scanned.
            XCTAssertFalse(plan.contains { $0.contains("MATERIALIZE commit_file") }, "\(sql):\n\(plan)")
            for table in ["file_reference", "file_warning", "file_scan", "commit_file_entry"] {
                XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN") && $0.contains(table) }, "\(sql):\n\(plan)")
            }
            for alias in ["fr", "fw", "fs", "e", "o"] {
                XCTAssertFalse(plan.contains { $0 == "SCAN \(alias)" || $0.hasPrefix("SCAN \(alias) ") }, "\(sql):\n\(plan)")
            }
            XCTAssertTrue(plan.contains { $0.contains("SEARCH e ") }, "\(sql):\n\(plan)")
        }
    }
}
