import XCTest
@testable import Extraction

final class ExtractionBudgetTests: XCTestCase {
    func testStepsAreCountedUntilTheLimitAndThenRefused() {
        let budget = ExtractionBudget(steps: 10)
        XCTAssertTrue(budget.spend(4, line: 1))
        XCTAssertTrue(budget.spend(6, line: 2))
        XCTAssertNil(budget.warning)
        XCTAssertFalse(budget.spend(1, line: 3))
        XCTAssertFalse(budget.spend(1, line: 4), "a spent budget stays spent")
        XCTAssertEqual(budget.exhaustion, .steps(limit: 10))
        XCTAssertEqual(budget.warning?.line, 3)
    }

    func testAPassedDeadlineRefusesAtTheFirstLookAtTheClock() {
        let budget = ExtractionBudget(seconds: 0)
        XCTAssertFalse(budget.spend(line: 7))
        XCTAssertEqual(budget.exhaustion, .deadline(seconds: 0))
        XCTAssertEqual(budget.warning, ExtractionWarning(line: 7, message:
            "stopped reading: reading it took longer than 0 s (the extraction budget of one file); references after this point are not reported"))
    }

    func testTheDefaultBudgetGrowsWithTheFile() {
        XCTAssertEqual(ExtractionBudget.defaultSteps(forBytes: 0), ExtractionBudget.baseSteps)
        XCTAssertEqual(ExtractionBudget.defaultSteps(forBytes: 1_000),
                       ExtractionBudget.baseSteps + 1_000 * ExtractionBudget.stepsPerByte)
    }
}
