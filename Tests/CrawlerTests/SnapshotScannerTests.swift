import Extraction
import Foundation
import Git
import TestSupport
import XCTest
@testable import Crawler

/// A file whose extraction runs over its budget is stopped with a warning on that file, and the scan
/// goes on with the other files.
final class SnapshotScannerTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "app.git")
    }

    /// Remembers what a scan hands it, to see which facts would be kept for later crawls.
    private final class RecordingCache: FactsCache, @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [FactsKey: FileFacts] = [:]

        var storedScopes: [String] { lock.withLock { stored.keys.map(\.scope).sorted() } }

        func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts] { [:] }

        func store(_ facts: [FactsKey: FileFacts]) {
            lock.withLock { stored.merge(facts) { _, new in new } }
        }
    }

    private func scan(_ scanner: SnapshotScanner, _ files: [String: String]) throws -> ScannedSnapshot {
        let tip = try fixture.commit(texts: files)
        let tree = try fixture.repository.commitInfo(tip).tree
        return try scanner.scanFiles(GitTreeSource(repository: fixture.repository, tree: tree))
    }

    /// 2,000 instructions: far over a budget of 1,000 steps.
    private var longDockerfile: String {
        "FROM alpine:3.20\n" + String(repeating: "RUN echo one step after another\n", count: 2_000) + "FROM late:1\n"
    }

    func testAFileOverItsStepBudgetGetsAWarningAndTheOtherFilesAreStillRead() throws {
        let scanner = SnapshotScanner(extractionSeconds: nil, extractionSteps: 1_000)
        let snapshot = try scan(scanner, ["big/Dockerfile": longDockerfile, "small/Dockerfile": "FROM busybox:1.36\n"])

        let warnings = snapshot.warnings["big/Dockerfile"] ?? []
        XCTAssertEqual(warnings.filter { $0.message.hasPrefix("stopped reading: reading it took more than 1000 steps") }.count, 1,
                       "\(warnings)")
        XCTAssertEqual(snapshot.facts["big/Dockerfile"]?.references.map(\.raw), ["alpine:3.20"],
                       "what was read before the budget ran out is kept")
        XCTAssertEqual(snapshot.facts["small/Dockerfile"]?.references.map(\.raw), ["busybox:1.36"])
        XCTAssertNil(snapshot.warnings["small/Dockerfile"])
    }

    func testAFileWithinTheDefaultBudgetIsReadWhole() throws {
        let snapshot = try scan(SnapshotScanner(), ["big/Dockerfile": longDockerfile])
        XCTAssertEqual(snapshot.facts["big/Dockerfile"]?.references.map(\.raw), ["alpine:3.20", "late:1"])
        XCTAssertNil(snapshot.warnings["big/Dockerfile"])
    }

    func testAFileStoppedByTheDeadlineIsReportedButNotCached() throws {
        // A deadline of zero seconds has passed at the first look at the clock: no timing involved.
        let cache = RecordingCache()
        let scanner = SnapshotScanner(cache: cache, extractionSeconds: 0)
        let snapshot = try scan(scanner, ["Dockerfile": "FROM alpine:3.20\n"])

        let warnings = snapshot.warnings["Dockerfile"] ?? []
        XCTAssertEqual(warnings.map(\.message),
                       ["stopped reading: reading it took longer than 0 s (the extraction budget of one file); references after this point are not reported"])
        XCTAssertEqual(cache.storedScopes, [], "a result cut short by the clock may be read further next time")
    }

    func testAFileStoppedByItsStepBudgetIsCachedLikeAnyOther() throws {
        let cache = RecordingCache()
        let scanner = SnapshotScanner(cache: cache, extractionSeconds: nil, extractionSteps: 1_000)
        _ = try scan(scanner, ["Dockerfile": longDockerfile])
        XCTAssertEqual(cache.storedScopes, ["dockerfile"], "the same bytes stop at the same step every time")
    }
}
