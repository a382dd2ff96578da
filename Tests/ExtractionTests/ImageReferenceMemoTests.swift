import XCTest
@testable import Extraction

final class ImageReferenceMemoTests: XCTestCase {
    func testAMemoizedParseIsTheParse() {
        let texts = ["alpine", " alpine:3.20 ", "Alpine", "mcr.microsoft.com/dotnet/sdk:8.0", "localhost:5000",
                     "ubuntu@sha256:" + String(repeating: "a", count: 64), "", "a//b",
                     "registry.example.com/" + String(repeating: "x", count: 600)]
        for text in texts {
            XCTAssertEqual(ImageReference.parse(text), ImageReference.parseUncached(text), text)
            XCTAssertEqual(ImageReference.parse(text), ImageReference.parseUncached(text), "second parse of \(text)")
        }
    }

    func testTheMemoHoldsAtMostTwoGenerationsAndSkipsLongTexts() {
        let memo = ImageReference.ParseMemo()
        for index in 0..<(ImageReference.ParseMemo.generationSize * 3) {
            _ = memo.reference(for: "image\(index):1", parse: ImageReference.parseUncached)
        }
        XCTAssertLessThanOrEqual(memo.count, 2 * ImageReference.ParseMemo.generationSize)
        let before = memo.count
        let long = String(repeating: "a", count: ImageReference.ParseMemo.longestKey + 1)
        XCTAssertEqual(memo.reference(for: long, parse: ImageReference.parseUncached), ImageReference.parseUncached(long))
        XCTAssertEqual(memo.count, before)
    }

    func testAnEntryInUseSurvivesAGenerationChange() {
        let memo = ImageReference.ParseMemo()
        var parses = 0
        let counting: (String) -> ImageReference = { parses += 1; return ImageReference.parseUncached($0) }
        _ = memo.reference(for: "kept:1", parse: counting)
        for index in 0..<(ImageReference.ParseMemo.generationSize - 1) {
            _ = memo.reference(for: "other\(index)", parse: ImageReference.parseUncached)
        }
        // The young generation is full: the next new entry turns it old; a hit there moves "kept" back.
        _ = memo.reference(for: "new:1", parse: ImageReference.parseUncached)
        _ = memo.reference(for: "kept:1", parse: counting)
        for index in 0..<(ImageReference.ParseMemo.generationSize - 2) {
            _ = memo.reference(for: "more\(index)", parse: ImageReference.parseUncached)
        }
        _ = memo.reference(for: "kept:1", parse: counting)
        XCTAssertEqual(parses, 1)
    }

    func testTheProgramNameIsTheLastPathComponentAsSplitReadsIt() {
        for text in ["docker", "/usr/bin/docker", "bin/", "/", "//", "", "a//b", "./podman.exe"] {
            XCTAssertEqual(DockerCommandLine.lastPathComponent(text),
                           text.split(separator: "/").last.map(String.init) ?? text, text)
        }
    }
}
