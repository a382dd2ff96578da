import Extraction
@testable import Migration
import XCTest

final class VerificationTests: XCTestCase {
    private func reference(_ path: String, _ line: Int, raw: String, image: String?) -> Reference {
        Reference(path: path, fact: ReferenceFact(line: line, kind: "dockerfile/from", raw: raw, value: .literal(image ?? "")),
                  image: image, unresolvedReason: image == nil ? "no value" : nil)
    }

    func testAMovedUsageMayChangeItsTextButNothingElseMayChange() {
        let before = [reference("D", 1, raw: "centos:7", image: "centos:7"), reference("D", 2, raw: "ubuntu:24.04", image: "ubuntu:24.04")]
        let moved = [Usage(before[0])!: "alma:9"]
        XCTAssertEqual(Verification.compare(before: before, after: [reference("D", 1, raw: "alma:9", image: "alma:9"), before[1]],
                                            moved: moved), .passed)
        XCTAssertEqual(Verification.compare(before: before, after: [reference("D", 1, raw: "alma:9", image: "alma:9"),
                                                                    reference("D", 2, raw: "ubuntu:24.04", image: "ubuntu:22.04")],
                                            moved: moved),
                       .failed(["expected but not found: D:2 dockerfile/from [] raw=ubuntu:24.04 image=ubuntu:24.04",
                                "found but not expected: D:2 dockerfile/from [] raw=ubuntu:24.04 image=ubuntu:22.04"]))
        XCTAssertEqual(Verification.compare(before: before, after: [before[1]], moved: moved),
                       .failed(["expected but not found: D:1 dockerfile/from [*] raw=* image=alma:9"]))
    }
}
