import Extraction
import Foundation
import XCTest
@testable import Policy

final class EndOfLifeDateTests: XCTestCase {
    private let now = RuleFixture.now   // 2026-11-22

    func testTheEarliestDateStillToComeDecides() {
        let dates = [EndOfLifeDate(day: "2027-06-01", subject: "later", source: "a"),
                     EndOfLifeDate(day: "2026-12-01", subject: "sooner", source: "b"),
                     EndOfLifeDate(day: "2026-01-01", subject: "over", source: "c")]
        XCTAssertEqual(EndOfLifeDate.earliestUpcoming(dates, at: now)?.subject, "sooner")
        XCTAssertNil(EndOfLifeDate.earliestUpcoming([dates[2]], at: now))
    }

    func testDistanceCountsCalendarDaysFromTheDayOfNow() {
        XCTAssertEqual(EndOfLifeDate(day: "2026-12-01", subject: "", source: "").distance(at: now), "in 9 days")
        XCTAssertEqual(EndOfLifeDate(day: "2026-11-23", subject: "", source: "").distance(at: now.addingTimeInterval(86_399)), "tomorrow")
        XCTAssertEqual(EndOfLifeDate(day: "2026-11-22", subject: "", source: "").distance(at: now.addingTimeInterval(3_600)), "today")
        XCTAssertEqual(EndOfLifeDate(day: "2026-01-01", subject: "", source: "").distance(at: now), "325 days ago")
        XCTAssertNil(EndOfLifeDate(day: "soon", subject: "", source: "").daysLeft(at: now))
    }

    func testKnownDatesComeFromTheRecognizedOSRelease() {
        let dates = EndOfLifeDate.known(for: ImageReference.parse("mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-22.04-helix-amd64"))
        XCTAssertEqual(dates.map(\.day), ["2027-06-01"])
        XCTAssertEqual(dates.first?.subject, "Ubuntu 22.04 (jammy)")
        XCTAssertEqual(dates.first?.source, "Ubuntu 22.04 (jammy) was recognized from the tag 'ubuntu-22.04-helix-amd64'; "
                       + "its end of life comes from census's table of OS release dates (docs/eol.md)")
        XCTAssertEqual(EndOfLifeDate.known(for: ImageReference.parse("nginx:1.27")), [])
        XCTAssertEqual(EndOfLifeDate.known(for: ImageReference.parse("centos:stream10")).map(\.day), ["2030-01-01"])
    }
}
