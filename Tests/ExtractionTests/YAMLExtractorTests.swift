import XCTest
@testable import Extraction

final class YAMLExtractorTests: XCTestCase {
    func testHelixQueuesInAnyYAMLAreReferencesButCommentsAndBareQueuesAreNot() {
        let text = """
        # (Old.Amd64)Ubuntu.1804.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-18.04-helix-amd64
        queues:
          linux:
          - (Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-helix-amd64
          - Windows.11.Amd64.Client.Open
        """
        let facts = YAMLExtractor.extract(path: "eng/helix-queues.yml", text: text)
        XCTAssertEqual(facts.references.map(\.line), [4])
        XCTAssertEqual(facts.references.first?.kind, "helix/queue")
        XCTAssertEqual(facts.references.first?.value,
                       .literal("mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-helix-amd64"))
    }

    func testHelixQueuesInAzurePipelinesAreCountedOnce() {
        let text = """
        jobs:
        - job: Test
          variables:
            HelixQueues: (Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-helix-amd64
          steps:
          - script: ./test.sh
        """
        let facts = YAMLExtractor.extract(path: "eng/pipelines/test.yml", text: text)
        XCTAssertEqual(facts.references.filter { $0.kind == "helix/queue" }.map(\.line), [4])
    }

    func testAHelixQueueWhoseAtSignIsAnEscapeIsStillFound() {
        // The extractor looks for queues only in texts with an `@` or a backslash: a double-quoted
        // scalar can write the `@` as `\x40`, `\u0040` or `\U00000040`.
        for escape in ["\\x40", "\\u0040", "\\U00000040"] {
            let text = """
            queues:
              linux: "(Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open\(escape)mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-helix-amd64"
            """
            let facts = YAMLExtractor.extract(path: "eng/helix-queues.yml", text: text)
            XCTAssertEqual(facts.references.map(\.value),
                           [.literal("mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-helix-amd64")], escape)
        }
        let plain = "queues:\n  linux: Ubuntu.2204.Amd64.Open\n"
        XCTAssertEqual(YAMLExtractor.extract(path: "eng/helix-queues.yml", text: plain).references, [])
    }
}
