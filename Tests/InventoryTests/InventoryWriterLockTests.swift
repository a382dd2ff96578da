import Foundation
@testable import Inventory
import XCTest

final class InventoryWriterLockTests: XCTestCase {
    func testSecondHolderIsRefusedWithTheFirstHoldersIdentity() throws {
        let database = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let first = try InventoryWriterLock.acquire(databasePath: database, command: "crawl")
        XCTAssertThrowsError(try InventoryWriterLock.acquire(databasePath: database, command: "catalog sync")) { error in
            guard case InventoryError.locked(let path, let holder)? = error as? InventoryError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, database)
            let expected = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName) (census crawl, since "
            XCTAssertTrue(holder?.hasPrefix(expected) == true, holder ?? "no holder")
        }
        withExtendedLifetime(first) {}
    }

    func testLockIsFreeAgainOnceItsHolderIsReleased() throws {
        let database = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        var first: InventoryWriterLock? = try InventoryWriterLock.acquire(databasePath: database, command: "crawl")
        XCTAssertNotNil(first)
        first = nil
        XCTAssertNoThrow(try InventoryWriterLock.acquire(databasePath: database, command: "crawl"))
    }

    func testWaitingHolderGetsTheLockWhenTheFirstLetsGo() throws {
        let database = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        var first: InventoryWriterLock? = try InventoryWriterLock.acquire(databasePath: database, command: "crawl")
        let waiting = expectation(description: "told whom it waits for")
        let acquired = expectation(description: "acquired")
        let holderSeen = LockedBox<String?>(nil)
        Thread.detachNewThread {
            let lock = try? InventoryWriterLock.acquire(databasePath: database, command: "crawl", wait: true) { holder in
                holderSeen.value = holder?.command
                waiting.fulfill()
            }
            if lock != nil { acquired.fulfill() }
        }
        wait(for: [waiting], timeout: 30)
        XCTAssertEqual(holderSeen.value, "crawl")
        XCTAssertNotNil(first)
        first = nil
        wait(for: [acquired], timeout: 30)
    }

    func testReserveHoldsDiskSpaceUntilReleased() throws {
        let database = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let lock = try InventoryWriterLock.acquire(databasePath: database, command: "crawl")
        let size = { try FileManager.default.attributesOfItem(atPath: lock.path)[.size] as? Int }
        XCTAssertEqual(try size(), InventoryWriterLock.holderBytes + InventoryWriterLock.reserveBytes)
        XCTAssertTrue(lock.releaseReserve())
        XCTAssertEqual(try size(), InventoryWriterLock.holderBytes)
        XCTAssertFalse(lock.releaseReserve(), "nothing left to release")
    }
}

/// A value shared between threads in a test.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
