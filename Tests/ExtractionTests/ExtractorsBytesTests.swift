import XCTest
@testable import Extraction

/// The byte checks of `Extractors.facts` read the same whatever collection the bytes come in.
final class ExtractorsBytesTests: XCTestCase {
    private let dockerfile = Array("FROM alpine:3.20\n".utf8)

    func testANulInTheFirst8000BytesMarksTheFileBinaryInAnyCollection() {
        let bytes = dockerfile + Array(repeating: UInt8(ascii: " "), count: 7_000) + [0]
        let binary = [ExtractionWarning(message: "skipped: binary content (NUL byte)")]
        XCTAssertEqual(Extractors.facts(path: "Dockerfile", kind: .dockerfile, bytes: bytes).warnings, binary)
        XCTAssertEqual(Extractors.facts(path: "Dockerfile", kind: .dockerfile, bytes: bytes[...]).warnings, binary)
        XCTAssertEqual(Extractors.facts(path: "Dockerfile", kind: .dockerfile, bytes: Data(bytes)).warnings, binary)
    }

    func testANulPast8000BytesIsText() {
        let bytes = dockerfile + Array(repeating: UInt8(ascii: " "), count: 8_000) + [0]
        for facts in [Extractors.facts(path: "Dockerfile", kind: .dockerfile, bytes: bytes),
                      Extractors.facts(path: "Dockerfile", kind: .dockerfile, bytes: Data(bytes))] {
            XCTAssertEqual(facts.references.map(\.raw), ["alpine:3.20"])
        }
    }

    func testAnEmptyFileHasNoFacts() {
        XCTAssertEqual(Extractors.facts(path: "Dockerfile", kind: .dockerfile, bytes: [UInt8]()).references, [])
    }

    func testABudgetWithoutDeadlineNeverLooksAtTheClock() {
        let budget = ExtractionBudget(steps: 100_000)
        for _ in 0..<10_000 { XCTAssertTrue(budget.spend(line: 1)) }
        XCTAssertNil(budget.exhaustion)
    }
}
