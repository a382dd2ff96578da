import XCTest
@testable import Crawler

final class ProgressLineTests: XCTestCase {
    private let names = [
        "contoso-platform/build-infrastructure-pipelines-00",
        "contoso-platform/build-infrastructure-pipelines-99-with-a-much-longer-name-than-any-terminal-has-room-for",
        "dotnet/sdk", "a", "",
        "チーム/ビルド基盤パイプライン-03", "équipe/intégration-continue-ñandú-07", "ops/🚀-launchers-🚀-12",
        "mixed/ｆｕｌｌｗｉｄｔｈ-and-e\u{301}-combining",
    ]

    func testTheLineNeverReachesTheLastColumnOfAnyTerminalWidth() {
        for columns in 1...200 {
            for name in names {
                for (done, total, references) in [(0, 1, 0), (3, 40, 1), (99_999, 100_000, 12_345_678)] {
                    let line = ProgressLine(done: done, total: total, references: references, current: name)
                        .rendered(columns: columns)
                    XCTAssertLessThanOrEqual(TerminalColumns.width(line), columns - 1,
                                             "\(columns) columns: \(line)")
                    XCTAssertFalse(line.contains("\n") || line.contains("\r"), line)
                }
            }
        }
    }

    func testAtEightyColumnsALongNameIsShortenedInTheMiddle() {
        let line = ProgressLine(done: 3, total: 40, references: 1234,
                                current: "contoso-platform/build-infrastructure-pipelines-00-and-then-some-more")
            .rendered(columns: 80)
        XCTAssertTrue(line.hasPrefix("[3/40] repositories, 1234 references — contoso-platform/"), line)
        XCTAssertTrue(line.contains("…"), line)
        XCTAssertTrue(line.hasSuffix("then-some-more"), line)
        XCTAssertEqual(TerminalColumns.width(line), 79)
    }

    func testANameThatFitsIsShownWhole() {
        let line = ProgressLine(done: 3, total: 40, references: 1234,
                                current: "contoso-platform/build-infrastructure-pipelines-00").rendered(columns: 120)
        XCTAssertEqual(line, "[3/40] repositories, 1234 references — contoso-platform/build-infrastructure-pipelines-00")
    }

    func testCountsOfOneAreSingular() {
        XCTAssertEqual(ProgressLine(done: 0, total: 1, references: 1, current: nil).rendered(columns: 80),
                       "[0/1] repository, 1 reference")
        XCTAssertEqual(ProgressLine(done: 1, total: 2, references: 2, current: nil).rendered(columns: 80),
                       "[1/2] repositories, 2 references")
    }

    func testWithNoRoomForANameOnlyTheCountsAreShown() {
        XCTAssertEqual(ProgressLine(done: 3, total: 40, references: 1234, current: "contoso/build-tools")
            .rendered(columns: 42), "[3/40] repositories, 1234 references")
        XCTAssertEqual(ProgressLine(done: 3, total: 40, references: 1234, current: "x").rendered(columns: 20),
                       "[3/40] repositorie…")
    }
}
