import XCTest
@testable import Git

final class GitModuleTests: XCTestCase {
    func testModuleLinks() throws {}
}
