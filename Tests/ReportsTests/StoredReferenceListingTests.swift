import Extraction
import Inventory
import XCTest
@testable import Reports

final class StoredReferenceListingTests: XCTestCase {
    func row(_ repository: String, _ branch: String, raw: String, value: ImageExpression,
             kind: String = "dockerfile/from") -> StoredReference {
        let fact = ReferenceFact(line: 1, kind: kind, raw: raw, value: value)
        let image: String? = if case .literal(let text) = value { text } else { nil }
        let reason: String? = if case .unresolved(let why) = value { why } else { nil }
        return StoredReference(repository: repository, team: nil, contact: nil, branch: branch,
                               commitID: String(repeating: "a", count: 40), runID: 1, stale: false,
                               reference: Reference(path: "Dockerfile", fact: fact, image: image, unresolvedReason: reason))
    }

    func testSummaryRanksImagesByBranchesAndSaysWhyAnImageIsMissing() {
        let rows = [
            row("a", "main", raw: "ubuntu:24.04", value: .literal("ubuntu:24.04")),
            row("a", "release/1", raw: "ubuntu:24.04", value: .literal("ubuntu:24.04")),
            row("b", "main", raw: "${BASE}", value: .unresolved(reason: "build argument BASE has no default")),
            row("b", "main", raw: "src/Dockerfile", value: .unresolved(reason: "built locally from src/Dockerfile"),
                kind: "compose/build"),
            row("b", "main", raw: "b-local", value: .literal("b-local"), kind: "compose/build-tag"),
            row("c", "main", raw: "Foo:1", value: .literal("Foo:1")),
        ]
        let lines = StoredReferenceListing.imageSummary(rows).split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        XCTAssertEqual(lines, [
            "IMAGE REPOS BRANCHES USES",
            "------------------------------ ----- -------- ----",
            "docker.io/library/ubuntu:24.04 1 2 2",
            "${BASE} (unresolved) 1 1 1",
            "Foo:1 (invalid) 1 1 1",
            "b-local (built locally) 1 1 1",
            "src/Dockerfile (built locally) 1 1 1",
        ])
    }
}
