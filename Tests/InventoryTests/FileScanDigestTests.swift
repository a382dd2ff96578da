import Extraction
@testable import Inventory
import XCTest

final class FileScanDigestTests: XCTestCase {
    private func digest(_ references: [Reference], _ warnings: [FileWarning] = [],
                        path: String = "eng/Dockerfile") -> String {
        FileScanDigest.digest(path: path, references: references, warnings: warnings)
    }

    func testTheDigestIsTheSHA256OfTheDocumentedSerialization() {
        // Computed independently (Python hashlib over the serialization docs/schema.md describes).
        let warning = FileWarning(path: "eng/Dockerfile", line: 7, message: "unknown template syntax")
        XCTAssertEqual(digest([Fixtures.prereqs], [warning]),
                       "bd8b4cbfcffcb20e6465f8f108c0091cf7fe7ed728d40dcff3e2ee2cecdf1f25")
    }

    func testTheSameResultGivesTheSameDigest() {
        XCTAssertEqual(digest([Fixtures.prereqs]), digest([Fixtures.prereqs]))
        XCTAssertEqual(digest([Fixtures.prereqs]).count, 64)
    }

    func testEveryFieldCounts() {
        let base = Fixtures.prereqs
        var variants: [Reference] = []
        func vary(_ change: (inout Reference) -> Void) {
            var copy = base
            change(&copy)
            variants.append(copy)
        }
        vary { $0.line = 2 }
        vary { $0.kind = "compose/service" }
        vary { $0.context = "build" }
        vary { $0.raw = "prereqs" }
        vary { $0.image = nil }
        vary { $0.resolved = false }
        vary { $0.valid = false }
        vary { $0.normalized = nil }
        vary { $0.registry = "docker.io" }
        vary { $0.repository = nil }
        vary { $0.tag = "latest" }
        vary { $0.digest = "sha256:00" }
        vary { $0.reason = "" }
        let digests = Set(([base] + variants).map { digest([$0]) })
        XCTAssertEqual(digests.count, variants.count + 1)
    }

    func testNilIsNotTheEmptyString() {
        var empty = Fixtures.prereqs
        empty.context = ""
        XCTAssertNotEqual(digest([Fixtures.prereqs]), digest([empty]))
        XCTAssertNotEqual(digest([], [FileWarning(path: "a", line: nil, message: "m")]),
                          digest([], [FileWarning(path: "a", line: 0, message: "m")]))
    }

    func testFieldBoundariesCannotBeShifted() {
        var first = Fixtures.prereqs
        first.tag = "ab"
        first.digest = "c"
        var second = Fixtures.prereqs
        second.tag = "a"
        second.digest = "bc"
        XCTAssertNotEqual(digest([first]), digest([second]))
    }

    func testThePathOrderAndWarningsCount() {
        XCTAssertNotEqual(digest([Fixtures.prereqs]), digest([Fixtures.prereqs], path: "Dockerfile"))
        XCTAssertNotEqual(digest([Fixtures.prereqs, Fixtures.centos]), digest([Fixtures.centos, Fixtures.prereqs]))
        XCTAssertNotEqual(digest([Fixtures.prereqs]),
                          digest([Fixtures.prereqs], [FileWarning(path: "eng/Dockerfile", message: "skipped")]))
        // A reference moved into the warnings' place must not collide with it.
        XCTAssertNotEqual(digest([]), digest([], [FileWarning(path: "eng/Dockerfile", message: "")]))
    }
}
