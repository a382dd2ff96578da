import XCTest
@testable import Extraction

final class CloudBuildExtractorTests: XCTestCase {
    func testStepNamesAreImagesWithUserSubstitutionDefaults() {
        let result = facts("cloudbuild.yaml", """
        substitutions:
          _NODE: "20"
        steps:
          - name: gcr.io/cloud-builders/docker
            args: [build, -t, gcr.io/$PROJECT_ID/app, .]
          - id: test
            name: node:${_NODE}
            entrypoint: npm
          - name: gcr.io/$PROJECT_ID/tool
        images: [gcr.io/$PROJECT_ID/app]
        """)
        assertRefs(result, [
            Ref(4, "cloudbuild/step", "gcr.io/cloud-builders/docker", lit("gcr.io/cloud-builders/docker")),
            Ref(7, "cloudbuild/step", "node:${_NODE}", lit("node:20")),
            Ref(9, "cloudbuild/step", "gcr.io/$PROJECT_ID/tool",
                .unresolved(reason: "$PROJECT_ID is a Cloud Build built-in substitution, set when the build runs")),
        ])
    }

    // MARK: - Bounds

    func testSubstitutionsThatExpandBeyondAnImageLengthStayUnresolved() {
        let long = String(repeating: "a", count: 100_000)
        let raw = String(repeating: "${_A}", count: 100)
        let value = CloudBuildExtractor.resolve(raw, substitutions: ["_A": long])
        XCTAssertEqual(value, .unresolved(reason:
            "substitutions expand \(raw.prefix(64))… beyond 1024 bytes, too long for an image reference"))
    }

    func testAStepNameTooLongForAnImageIsRefusedWithoutReadingItsSubstitutions() {
        let name = String(repeating: "${", count: 200_000)
        let result = facts("cloudbuild.yaml", "steps:\n  - name: \"\(name)\"\n")
        XCTAssertEqual(result.references, [])
        XCTAssertEqual(result.warnings.map(\.message), ["cloudbuild/step value of 400000 bytes is too long to be an image reference; not recorded"])
    }
}
