import XCTest
@testable import Extraction

final class DevcontainerExtractorTests: XCTestCase {
    func testImageInJSONWithCommentsAndTrailingCommas() {
        let result = facts(".devcontainer/devcontainer.json", """
        // Dev container for the repo
        {
          "name": "dev", /* inline "image": "not-this" */
          // "image": "commented:out",
          "image": "mcr.microsoft.com/devcontainers/dotnet:1-9.0-${localEnv:VARIANT:bookworm}",
          "features": {
            "ghcr.io/devcontainers/features/node:1": {},
          },
        }
        """)
        assertRefs(result, [Ref(5, "devcontainer/image", "mcr.microsoft.com/devcontainers/dotnet:1-9.0-${localEnv:VARIANT:bookworm}",
                                lit("mcr.microsoft.com/devcontainers/dotnet:1-9.0-bookworm"))])
        XCTAssertTrue(result.warnings.isEmpty)
    }

    func testBuildDockerfileIsALocalBuild() {
        let result = facts(".devcontainer/devcontainer.json", """
        {
          "build": {
            "dockerfile": "Dockerfile",
            "context": ".."
          }
        }
        """)
        assertRefs(result, [Ref(3, "devcontainer/build", "Dockerfile", .unresolved(reason: "built locally from .devcontainer/Dockerfile"))])
    }

    func testMalformedJSONIsAWarningWithItsLine() {
        let result = facts(".devcontainer.json", "{\n  \"image\": \"alpine:3\"\n  \"x\": 1\n}\n")
        XCTAssertTrue(result.references.isEmpty)
        XCTAssertEqual(result.warnings.first?.line, 3)
    }
}
