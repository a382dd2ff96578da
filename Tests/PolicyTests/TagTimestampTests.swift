import XCTest
@testable import Policy

final class TagTimestampTests: XCTestCase {
    func testShaThenTimestampForm() throws {
        let stamp = try XCTUnwrap(TagTimestamp.parse("ubuntu-18.04-helix-amd64-8bd2c1b-20230223184447"))
        XCTAssertEqual(stamp.base, "ubuntu-18.04-helix-amd64")
        XCTAssertEqual(stamp.commit, "8bd2c1b")
        XCTAssertEqual(stamp.date, CalendarDay.date(year: 2023, month: 2, day: 23, hour: 18, minute: 44, second: 47))
    }

    func testTimestampThenShaForm() throws {
        let stamp = try XCTUnwrap(TagTimestamp.parse("centos-7-20210714125435-9b5bbc2"))
        XCTAssertEqual(stamp.base, "centos-7")
        XCTAssertEqual(stamp.commit, "9b5bbc2")
        XCTAssertEqual(CalendarDay.format(stamp.date), "2021-07-14")
        XCTAssertEqual(stamp.date.timeIntervalSince(CalendarDay.parse("2021-07-14")!), 12 * 3600 + 54 * 60 + 35)
    }

    func testFloatingTagsHaveNoStamp() {
        for tag in ["ubuntu-22.04-helix-amd64", "centos-7", "8.0", "azurelinux-3.0-net10.0-build-amd64",
                    "alpine-3.13-WithNode", "latest"] {
            XCTAssertNil(TagTimestamp.parse(tag), tag)
        }
    }

    func testImpossibleDatesAndNonHexCommitsAreRejected() {
        XCTAssertNil(TagTimestamp.parse("centos-7-20211314125435-9b5bbc2"), "month 13")
        XCTAssertNil(TagTimestamp.parse("centos-7-20210230125435-9b5bbc2"), "30 February")
        XCTAssertNil(TagTimestamp.parse("centos-7-20210714125435-9b5bbcz"), "not hex")
        XCTAssertNil(TagTimestamp.parse("centos-7-20210714125435-1234567"), "digits only is not a commit")
        XCTAssertNil(TagTimestamp.parse("9b5bbc2-20210714125435"), "no base")
    }
}
