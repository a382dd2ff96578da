import Foundation
import Inventory
import Reports
import XCTest

final class RunDiffTests: XCTestCase {
    func testTheLastTwoFinishedRunsAreComparedByDefault() throws {
        let fixture = try ReportFixture.make()
        let runs = try RunDiff.runs(from: nil, to: nil, in: fixture.database)
        XCTAssertEqual(runs.from.id, fixture.runs["2026-W04"])
        XCTAssertEqual(runs.to.id, fixture.runs["2026-W05"])
        let diff = try RunDiff.load(from: fixture.database, runs: runs)
        Golden.assert(try RunDiffReporter.render(diff, as: .table), matches: "diff/W04-W05.txt")
        Golden.assert(try RunDiffReporter.render(diff, as: .json), matches: "diff/W04-W05.json")
    }

    func testAMovedLineIsNotAChangeButANewImageIs() throws {
        let fixture = try ReportFixture.make()
        let diff = try RunDiff.load(from: fixture.database,
                                    runs: try RunDiff.runs(from: fixture.runs["2026-W02"], to: fixture.runs["2026-W03"],
                                                           in: fixture.database))
        let runtime = try XCTUnwrap(diff.branches.first { $0.repository == "dotnet/runtime" && $0.branch == "main" })
        XCTAssertEqual(runtime.referencesAppeared.map { "\($0.path):\($0.line) \($0.image)" },
                       ["eng/docker/Dockerfile:2 \(ReportFixture.azurelinux)"])
        XCTAssertEqual(runtime.referencesDisappeared.map { "\($0.path):\($0.line) \($0.image)" },
                       ["eng/docker/Dockerfile:1 \(ReportFixture.centos)"])
        let images = try XCTUnwrap(diff.branches.first { $0.repository == "platform/images" })
        XCTAssertNil(images.fromCommit)
        XCTAssertEqual(images.referencesAppeared.count, 3)
        XCTAssertEqual(diff.totals.branchesAdded, 1)
        XCTAssertEqual(diff.totals.referencesAppeared, 4)
        XCTAssertEqual(diff.totals.referencesDisappeared, 1)
        Golden.assert(RunDiffReporter.text(diff), matches: "diff/W02-W03.txt")
    }

    func testComparingARunWithItselfShowsNoChanges() throws {
        let fixture = try ReportFixture.make()
        let run = try XCTUnwrap(fixture.runs["2026-W05"])
        let diff = try RunDiff.load(from: fixture.database, runs: try RunDiff.runs(from: run, to: run, in: fixture.database))
        XCTAssertEqual(diff.branches, [])
        XCTAssertTrue(RunDiffReporter.text(diff).hasSuffix("\nno changes\n"))
    }

    func testUnknownRunsAndTooFewRunsAreClearErrors() throws {
        let fixture = try ReportFixture.make()
        XCTAssertThrowsError(try RunDiff.runs(from: 99, to: nil, in: fixture.database)) { error in
            XCTAssertEqual(error as? ReportsError, .unknownRun(99))
        }
        XCTAssertThrowsError(try RunDiff.runs(from: nil, to: nil, in: try AppDatabase.inMemory())) { error in
            XCTAssertEqual(error as? ReportsError, .notEnoughRunsToCompare(found: 0))
        }
    }

    func testTerminalOutputCannotCarryEscapeSequences() {
        XCTAssertEqual(TerminalText.clean("a\u{1B}[31mred\u{07}\nb\u{9B}"), "a?[31mred? b?")
    }
}
