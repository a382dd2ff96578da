import XCTest
@testable import Extraction

final class IntCountedTests: XCTestCase {
    func testOneTakesTheSingularAndEveryOtherCountThePlural() {
        XCTAssertEqual(1.counted("branch"), "1 branch")
        XCTAssertEqual(2.counted("branch"), "2 branches")
        XCTAssertEqual(0.counted("branch"), "0 branches")
        XCTAssertEqual(1.counted("repository"), "1 repository")
        XCTAssertEqual(2.counted("repository"), "2 repositories")
        XCTAssertEqual(1.counted("error"), "1 error")
        XCTAssertEqual(12.counted("error"), "12 errors")
        XCTAssertEqual((-1).counted("day"), "-1 days")
    }

    func testRegularPluralsFollowTheirEnding() {
        XCTAssertEqual(2.counted("pass"), "2 passes")
        XCTAssertEqual(2.counted("box"), "2 boxes")
        XCTAssertEqual(2.counted("match"), "2 matches")
        XCTAssertEqual(2.counted("push"), "2 pushes")
        XCTAssertEqual(2.counted("key"), "2 keys", "a vowel before y keeps it")
        XCTAssertEqual(2.counted("reference"), "2 references")
    }

    func testAnIrregularPluralIsGiven() {
        XCTAssertEqual(2.counted("child", plural: "children"), "2 children")
        XCTAssertEqual(1.counted("child", plural: "children"), "1 child")
    }
}

final class IntNounTests: XCTestCase {
    func testTheNounAloneFollowsTheCount() {
        XCTAssertEqual(1.noun("error"), "error")
        XCTAssertEqual(3.noun("error"), "errors")
        XCTAssertEqual(3.noun("repository"), "repositories")
        XCTAssertEqual(3.noun("other repository has", plural: "other repositories have"), "other repositories have")
    }
}
