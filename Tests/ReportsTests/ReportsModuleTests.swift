import XCTest
@testable import Reports

final class ReportsModuleTests: XCTestCase {
    func testModuleLinks() throws {}
}
