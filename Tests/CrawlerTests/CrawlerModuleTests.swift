import XCTest
@testable import Crawler

final class CrawlerModuleTests: XCTestCase {
    func testModuleLinks() throws {}
}
