import Foundation
import Reports
import XCTest

final class ISOWeekTests: XCTestCase {
    func testAWeekParsesAndPrintsAsYearDashWeek() throws {
        let week = try XCTUnwrap(ISOWeek("2026-W47"))
        XCTAssertEqual(week.description, "2026-W47")
        XCTAssertEqual(ISOWeek("2026-w07")?.description, "2026-W07")
        XCTAssertEqual(ISOWeek("2026-7")?.description, "2026-W07")
    }

    func testNonWeeksAreRejected() {
        for text in ["2026", "2026-W00", "2026-W54", "2025-W53", "26-W01", "2026-W1x", "2026-W٣", "W47-2026", ""] {
            XCTAssertNil(ISOWeek(text), text)
        }
        XCTAssertNotNil(ISOWeek("2026-W53"), "2026 has 53 ISO weeks")
    }

    func testTheWeekStartsOnMondayAndBelongsToTheYearOfItsThursday() throws {
        let formatter = ISO8601DateFormatter()
        let newYear = try XCTUnwrap(formatter.date(from: "2027-01-01T12:00:00Z"))
        XCTAssertEqual(ISOWeek(containing: newYear).description, "2026-W53")
        XCTAssertEqual(formatter.string(from: try XCTUnwrap(ISOWeek("2026-W01")).start), "2025-12-29T00:00:00Z")
        XCTAssertEqual(try XCTUnwrap(ISOWeek("2026-W01")).previous.description, "2025-W52")
        XCTAssertEqual(try XCTUnwrap(ISOWeek("2027-W01")).previous.description, "2026-W53")
    }

    func testWeeksOrderByYearThenWeek() throws {
        XCTAssertLessThan(try XCTUnwrap(ISOWeek("2025-W52")), try XCTUnwrap(ISOWeek("2026-W01")))
        XCTAssertLessThan(try XCTUnwrap(ISOWeek("2026-W09")), try XCTUnwrap(ISOWeek("2026-W10")))
    }
}
