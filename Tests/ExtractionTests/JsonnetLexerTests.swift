import XCTest
@testable import Extraction

final class JsonnetLexerTests: XCTestCase {
    private func strings(_ text: String) -> [String] {
        JsonnetLexer.tokenize(text, budget: ExtractionBudget()).tokens.filter { $0.kind == .string }.map(\.text)
    }

    func testEveryStringFormIsDecoded() {
        let text = #"""
        {
          a: 'single \'quoted\'',
          b: "double \"quoted\"\n",
          c: @'verbatim ''quote'' \n',
          d: @"verbatim ""q""",
          e: |||
            first line
              indented
          |||,
          f: |||-
            chomped
          |||,
        }
        """#
        XCTAssertEqual(strings(text), [
            "single 'quoted'", "double \"quoted\"\n", "verbatim 'quote' \\n", "verbatim \"q\"",
            "first line\n  indented\n", "chomped",
        ])
    }

    func testCommentsHideTheirText() {
        let text = """
        // image: 'hidden:1'
        # image: 'hidden:2'
        /* image: 'hidden:3'
           image: 'hidden:4' */
        { image: 'seen:1' }
        """
        XCTAssertEqual(strings(text), ["seen:1"])
        let lexer = JsonnetLexer.tokenize(text, budget: ExtractionBudget())
        XCTAssertEqual(lexer.tokens.first { $0.kind == .string }?.line, 5)
    }

    func testFieldSeparatorsKeepTheirPlusAndColons() {
        let tokens = JsonnetLexer.tokenize("{ a+:: 1, b::: 2, c: x == y }", budget: ExtractionBudget()).tokens
        XCTAssertEqual(tokens.filter { $0.kind == .fieldSeparator }.map(\.text), ["+::", ":::", ":"])
        XCTAssertFalse(tokens.contains { $0.kind == .equals })
    }

    func testAnUnclosedStringOrCommentWarnsAndStops() {
        let string = JsonnetLexer.tokenize("{ image: 'nginx:1.27 }\n{ b: 1 }", budget: ExtractionBudget())
        XCTAssertEqual(string.warnings.map(\.line), [1])
        XCTAssertTrue(string.tokens.allSatisfy { $0.kind != .string })
        let comment = JsonnetLexer.tokenize("{ a: 1 } /* never closed", budget: ExtractionBudget())
        XCTAssertEqual(comment.warnings.count, 1)
        let block = JsonnetLexer.tokenize("{ a: |||\n  text\n", budget: ExtractionBudget())
        XCTAssertEqual(block.warnings.count, 1)
    }

    func testASpentBudgetStopsTheLexer() {
        let text = String(repeating: "{ image: 'nginx:1.27' },\n", count: 1000)
        let budget = ExtractionBudget(steps: 100)
        let lexer = JsonnetLexer.tokenize(text, budget: budget)
        XCTAssertTrue(budget.isExhausted)
        XCTAssertLessThan(lexer.tokens.count, 100)
    }
}
