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
}
