import XCTest
@testable import Extraction

final class KoExtractorTests: XCTestCase {
    func testDefaultBaseImageAndEveryOverrideAreBaseImages() {
        let result = facts(".ko.yaml", """
        defaultBaseImage: cgr.dev/chainguard/static:latest
        baseImageOverrides:
          github.com/acme/tool/cmd/agent: gcr.io/distroless/base-debian12:nonroot
          github.com/acme/tool/cmd/cli: "registry.example.com/base/alpine@sha256:\(String(repeating: "a", count: 64))"
        builds:
          - id: agent
            main: ./cmd/agent
            ldflags: ["-s -w"]
        defaultPlatforms: [linux/amd64, linux/arm64]
        """)
        let digest = "registry.example.com/base/alpine@sha256:" + String(repeating: "a", count: 64)
        assertRefs(result, [
            Ref(1, KoExtractor.kind, "cgr.dev/chainguard/static:latest", lit("cgr.dev/chainguard/static:latest")),
            Ref(3, KoExtractor.kind, "gcr.io/distroless/base-debian12:nonroot", lit("gcr.io/distroless/base-debian12:nonroot")),
            Ref(4, KoExtractor.kind, digest, lit(digest)),
        ])
        XCTAssertEqual(contexts(result), [
            "defaultBaseImage", "baseImageOverrides.github.com/acme/tool/cmd/agent", "baseImageOverrides.github.com/acme/tool/cmd/cli",
        ])
    }

    func testOtherFilesWithTheSameKeysAreNotKoConfigs() {
        // Only ko's own file name says these keys are ko's; a settings file elsewhere is not read for them.
        let text = "defaultBaseImage: cgr.dev/chainguard/static:latest\n"
        assertRefs(facts("config/settings.yaml", text), [])
        assertRefs(facts("ko.yaml", text), [])
    }
}
