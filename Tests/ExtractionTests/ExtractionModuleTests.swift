import XCTest
@testable import Extraction

final class ExtractionModuleTests: XCTestCase {
    func testModuleLinks() throws {}
}
