import XCTest
@testable import Inventory

final class InventoryModuleTests: XCTestCase {
    func testModuleLinks() throws {}
}
