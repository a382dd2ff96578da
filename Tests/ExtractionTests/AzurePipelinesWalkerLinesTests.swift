import XCTest
@testable import Extraction

final class AzurePipelinesWalkerLinesTests: XCTestCase {
    /// The walker splits its text into lines from the bytes; the lines must be exactly those Swift's
    /// Character split gives, whose line numbers the cached facts already hold.
    func testLinesAreTheCharacterSplitOnRandomTexts() {
        let pieces = ["\n", "\r", "\r\n", "\n\r", "a", " ", "${{ each x in parameters.y }}", "é", "e\u{301}", "\u{301}",
                      "🇸🇪", "👩‍👩‍👧", "\u{2028}", "\u{85}", "\t", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...12, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(AzurePipelinesWalker.lines(of: text), text.split(separator: "\n", omittingEmptySubsequences: false),
                           text.debugDescription)
        }
        for text in ["", "\n", "\r\n", "a\r\nb\nc\r\n", "\n\n", "x\n"] {
            XCTAssertEqual(AzurePipelinesWalker.lines(of: text), text.split(separator: "\n", omittingEmptySubsequences: false),
                           text.debugDescription)
        }
    }
}
