import Dispatch
import XCTest
@testable import Git

final class RemoteActivityTests: XCTestCase {
    func testAWorkerNeverHeardFromIsNotReceiving() {
        XCTAssertFalse(RemoteActivity().isReceiving(within: .seconds(1)))
    }

    func testACallbackWithinTheWindowCountsAsReceivingAndAnOlderOneDoesNot() {
        let activity = RemoteActivity()
        activity.record()
        XCTAssertTrue(activity.isReceiving(within: .seconds(60)))
        XCTAssertFalse(activity.isReceiving(at: .now() + .seconds(3), within: .seconds(1)))
    }

    func testTheTransferCallbacksNoteActivity() {
        let activity = RemoteActivity()
        let state = RemoteCallbacks(url: "https://example.com/a.git", credentials: .anonymous, timeout: .seconds(60),
                                    activity: activity)
        XCTAssertEqual(state.continueIfInTime(), 0)
        XCTAssertTrue(activity.isReceiving(within: .seconds(60)))
    }
}
