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

    func testAnotherRepositoryReplacesTheHandleTheThreadHeld() throws {
        let app = try repository("app.git"), web = try repository("web.git")
        let generation = ScanThreadRepository.Generation.next(), other = ScanThreadRepository.Generation.next()
        let first = try ScanThreadRepository.repository(at: app, generation: generation)
        let elsewhere = try ScanThreadRepository.repository(at: web, generation: other)
        XCTAssertEqual(elsewhere.path, first.path.replacingOccurrences(of: "app.git", with: "web.git"))
        // The thread holds one handle: back on the first repository, it is opened again.
        let again = try ScanThreadRepository.repository(at: app, generation: generation)
        XCTAssertFalse(first === again)
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
