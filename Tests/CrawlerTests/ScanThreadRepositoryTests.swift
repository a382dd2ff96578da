import Foundation
import Git
import TestSupport
import XCTest
@testable import Crawler

final class ScanThreadRepositoryTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
    }

    override func tearDown() {
        ScanThreadRepository.release()
        super.tearDown()
    }

    private func repository(_ name: String) throws -> String {
        let fixture = try GitFixture(in: scratch, named: name)
        _ = try fixture.commit(["Dockerfile": .text("FROM alpine:3.20\n")])
        return fixture.path
    }

    func testTheSameThreadGetsTheSameHandleForTheSameGenerationOfARepository() throws {
        let path = try repository("app.git")
        let generation = ScanThreadRepository.Generation.next()
        let first = try ScanThreadRepository.repository(at: path, generation: generation)
        let second = try ScanThreadRepository.repository(at: path, generation: generation)
        XCTAssertTrue(first === second)
    }

    func testANewGenerationOfTheSameFolderGetsANewHandle() throws {
        // A mirror re-created at the same path must not be read through a handle opened before.
        let path = try repository("app.git")
        let first = try ScanThreadRepository.repository(at: path, generation: .next())
        let second = try ScanThreadRepository.repository(at: path, generation: .next())
        XCTAssertFalse(first === second)
    }

    func testAThreadKeepsTheHandlesOfItsLastRepositoriesAndLetsTheLeastRecentlyUsedGo() throws {
        let count = ScanThreadRepository.keptPerThread
        let paths = try (0...count).map { try repository("app\($0).git") }
        let generations = paths.map { _ in ScanThreadRepository.Generation.next() }
        var first = try (0..<count).map { try ScanThreadRepository.repository(at: paths[$0], generation: generations[$0]) }
        // Using the first again makes the second the least recently used.
        XCTAssertTrue(try ScanThreadRepository.repository(at: paths[0], generation: generations[0]) === first[0])
        first.append(try ScanThreadRepository.repository(at: paths[count], generation: generations[count]))
        for index in [0] + Array(2...count) {
            XCTAssertTrue(try ScanThreadRepository.repository(at: paths[index], generation: generations[index]) === first[index],
                          "repository \(index)")
        }
        XCTAssertFalse(try ScanThreadRepository.repository(at: paths[1], generation: generations[1]) === first[1])
    }

    func testAnotherThreadOpensItsOwnHandle() throws {
        let path = try repository("app.git")
        let generation = ScanThreadRepository.Generation.next()
        let here = try ScanThreadRepository.repository(at: path, generation: generation)
        let box = HandleBox()
        let thread = Thread {
            box.identity = (try? ScanThreadRepository.repository(at: path, generation: generation)).map(ObjectIdentifier.init)
            ScanThreadRepository.release()
            box.done.signal()
        }
        thread.start()
        box.done.wait()
        // `here` is alive throughout, so no other handle can have its identity.
        let there = try XCTUnwrap(box.identity)
        XCTAssertNotEqual(ObjectIdentifier(here), there)
    }

    func testAFailedOpenIsNotKept() throws {
        let path = scratch.path("later.git")
        let generation = ScanThreadRepository.Generation.next()
        XCTAssertThrowsError(try ScanThreadRepository.repository(at: path, generation: generation))
        _ = try GitFixture(at: path)
        XCTAssertNoThrow(try ScanThreadRepository.repository(at: path, generation: generation))
    }
}

/// Which handle the other thread got, handed back once it is done (the handle itself stays there).
private final class HandleBox: @unchecked Sendable {
    var identity: ObjectIdentifier?
    let done = DispatchSemaphore(value: 0)
}
