import Foundation
import XCTest
@testable import Extraction

/// Every input kept in Fixtures/Fuzz (see its README) is read within its default step budget.
final class FuzzFixtureTests: XCTestCase {
    /// Each fixture file with the file name that decides its extractor.
    private func fixtures() throws -> [(case: String, path: String, bytes: [UInt8])] {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/Fuzz", withExtension: nil))
        var found: [(case: String, path: String, bytes: [UInt8])] = []
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let caseURL = root.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: caseURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: caseURL.path).sorted() {
                let data = try Data(contentsOf: caseURL.appendingPathComponent(name))
                found.append((folder, name, Array(data)))
            }
        }
        return found
    }

    func testEveryFixtureIsReadWithinItsDefaultStepBudget() throws {
        let all = try fixtures()
        XCTAssertGreaterThanOrEqual(all.count, 5, "the fixtures are test resources")
        for fixture in all {
            let kind = try XCTUnwrap(FileKind.classify(path: fixture.path), "\(fixture.case)/\(fixture.path) names no extractor")
            let budget = ExtractionBudget(steps: ExtractionBudget.defaultSteps(forBytes: fixture.bytes.count))
            let facts = Extractors.facts(path: fixture.path, kind: kind, bytes: fixture.bytes, budget: budget)
            XCTAssertNil(budget.exhaustion, "\(fixture.case): \(budget.stepsUsed) steps for \(fixture.bytes.count) bytes")
            XCTAssertFalse(facts.warnings.contains { $0.message.contains("extraction budget") }, "\(fixture.case): \(facts.warnings)")
        }
    }
}
