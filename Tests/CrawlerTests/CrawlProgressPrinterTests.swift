import XCTest
@testable import Crawler

final class CrawlProgressPrinterTests: XCTestCase {
    private func outcome(branches: Int, failed: Int = 0, references: Int, unchanged: Int = 0) -> RepositoryOutcome {
        RepositoryOutcome(name: "contoso/tools", branches: branches, branchesFailed: failed, references: references,
                          branchesReused: unchanged, fetchSkipped: unchanged == branches, branchesUnchanged: unchanged,
                          error: nil, branchErrors: failed > 0 ? ["release/1.0: boom"] : [], seconds: 0.5)
    }

    func testALogLineCountsInTheSingularForOne() {
        XCTAssertEqual(CrawlProgressPrinter.describe(outcome(branches: 1, references: 1)),
                       "ok contoso/tools: 1 branch, 1 reference (0.5s)")
        XCTAssertEqual(CrawlProgressPrinter.describe(outcome(branches: 2, references: 2)),
                       "ok contoso/tools: 2 branches, 2 references (0.5s)")
        XCTAssertEqual(CrawlProgressPrinter.describe(outcome(branches: 2, failed: 1, references: 0)),
                       "PARTIAL contoso/tools: 2 branches (1 failed), 0 references (0.5s)\n  branch failed: release/1.0: boom")
    }

    func testUnchangedOnlyWhenEveryBranchWasAlreadyStoredAtItsCommit() {
        XCTAssertTrue(CrawlProgressPrinter.describe(outcome(branches: 2, references: 3, unchanged: 2))
            .hasSuffix(", unchanged (0.5s)"))
        XCTAssertFalse(CrawlProgressPrinter.describe(outcome(branches: 2, references: 3, unchanged: 1))
            .contains("unchanged"))
        XCTAssertFalse(outcome(branches: 0, references: 0).unchanged)
    }

    func testThePartialErrorCountsItsBranches() {
        XCTAssertEqual(outcome(branches: 1, failed: 1, references: 0).partialError, "1 of 1 branch failed: release/1.0")
        XCTAssertEqual(outcome(branches: 2, failed: 1, references: 0).partialError, "1 of 2 branches failed: release/1.0")
    }

    func testAnInterruptionSaysWhatWasRecordedAndStopsFurtherOutput() {
        let printer = CrawlProgressPrinter(interactive: false, columns: { 80 })
        printer.handle(.started(runID: 7, repositories: 3))
        printer.handle(.repositoryStarted(name: "contoso/tools"))
        printer.handle(.repositoryFinished(outcome(branches: 1, references: 1)))

        XCTAssertEqual(printer.interrupt(), CrawlProgressPrinter.Interruption(runID: 7, recorded: 1, total: 3))
        printer.handle(.repositoryFinished(outcome(branches: 1, references: 1)))
        XCTAssertEqual(printer.interrupt().recorded, 1, "nothing is counted after the interruption")
    }
}
