import XCTest
@testable import Policy

final class PolicyModuleTests: XCTestCase {
    func testModuleLinks() throws {}
}
