import XCTest
@testable import Extraction

final class DollarInterpolationTests: XCTestCase {
    func testVariablesModifiersAndEscapes() {
        XCTAssertEqual(DollarInterpolation.tokens("a$B-${C:-d}$$${E?oops}${F+x}${broken"), [
            .text("a"),
            .variable(name: "B", modifier: nil, written: "$B"),
            .text("-"),
            .variable(name: "C", modifier: .fallback("d", whenEmptyToo: true), written: "${C:-d}"),
            .text("$"),
            .variable(name: "E", modifier: .required("oops"), written: "${E?oops}"),
            .variable(name: "F", modifier: .alternative("x", whenEmptyToo: false), written: "${F+x}"),
            .text("${broken"),
        ])
    }

    func testNestedDefaultsStayInsideTheirBraces() {
        XCTAssertEqual(DollarInterpolation.tokens("${A:-${B:-c}}:1"), [
            .variable(name: "A", modifier: .fallback("${B:-c}", whenEmptyToo: true), written: "${A:-${B:-c}}"),
            .text(":1"),
        ])
        XCTAssertEqual(ComposeExtractor.interpolate("${A:-${B:-c}}:1"), .literal("c:1"))
    }

    func testManyUnclosedBracesAreReadInLinearSteps() {
        // Each `${` without its `}` used to search the rest of the text: 40,000 of them, 1.6 s.
        let text = "image: " + String(repeating: "${", count: 40_000) + "x"
        let budget = ExtractionBudget(steps: 2 * text.unicodeScalars.count)
        let tokens = DollarInterpolation.tokens(text, budget: budget)
        XCTAssertNil(budget.exhaustion, "two steps per character are enough")
        XCTAssertEqual(tokens, [.text(text)])
    }

    func testNestedBracesStillCloseAtTheirMatch() {
        XCTAssertEqual(DollarInterpolation.tokens("${A:-${B}}x${"), [
            .variable(name: "A", modifier: .fallback("${B}", whenEmptyToo: true), written: "${A:-${B}}"),
            .text("x${"),
        ])
    }
}
