import XCTest
@testable import Extraction

final class HCLReaderTests: XCTestCase {
    func read(_ text: String, steps: Int = .max) -> (body: HCLReader.Body, warnings: [ExtractionWarning]) {
        HCLReader.read(text, budget: ExtractionBudget(steps: steps))
    }

    func testBlocksAttributesCommentsAndHeredocsKeepTheirLines() {
        let (body, warnings) = read("""
        /* a block comment
           over two lines */
        target "app" {
          # comment
          dockerfile-inline = <<EOT
        FROM alpine:3.20
        EOT
          labels = { "org.opencontainers.image.title" = "app", n: 1 }
          list = [
            "a", // trailing
            "b${X}c",
          ]
        }
        """)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(body.blocks.count, 1)
        let block = body.blocks[0]
        XCTAssertEqual(block.type, "target")
        XCTAssertEqual(block.labels, ["app"])
        XCTAssertEqual(block.line, 3)
        guard case .string(let heredoc)? = block.body["dockerfile-inline"]?.value else { return XCTFail("no heredoc") }
        XCTAssertEqual(heredoc.raw, "FROM alpine:3.20\n")
        guard case .list(let items)? = block.body["list"]?.value, items.count == 2,
              case .string(let second) = items[1].value else { return XCTFail("no list") }
        XCTAssertEqual(items[1].line, 11)
        XCTAssertEqual(second.parts, [.text("b"), .variable("X"), .text("c")])
        guard case .object(let labels)? = block.body["labels"]?.value else { return XCTFail("no object") }
        XCTAssertEqual(labels.map(\.key), ["org.opencontainers.image.title", "n"])
    }

    func testExpressionsAreSkippedWholeAndReadingGoesOn() {
        let (body, warnings) = read("""
        target "x" {
          platforms = COND != "" ? [
            "linux/amd64",
          ] : []
          tags = tag("app")
          after = "read"
        }
        """)
        XCTAssertEqual(warnings, [])
        guard case .expression? = body.blocks.first?.body["platforms"]?.value,
              case .expression? = body.blocks.first?.body["tags"]?.value,
              case .string(let after)? = body.blocks.first?.body["after"]?.value else { return XCTFail("not read") }
        XCTAssertEqual(after.raw, "read")
        XCTAssertEqual(body.blocks.first?.body["after"]?.line, 6)
    }

    func testBrokenSyntaxWarnsAndNeverStopsTheFile() {
        let (body, warnings) = read("target \"a\" {\n  @@@\n  x = \"unclosed\n}\ntarget \"b\" {\n  y = \"ok\"\n}\n}\n")
        XCTAssertEqual(body.blocks.map { $0.labels }, [["a"], ["b"]])
        XCTAssertEqual(warnings.map(\.line), [2, 3, 8])
    }

    func testTheBudgetBoundsReading() {
        let text = String(repeating: "target \"t\" { tags = [\"a\", \"b\"] }\n", count: 1000)
        let budget = ExtractionBudget(steps: 500)
        let read = HCLReader.read(text, budget: budget)
        XCTAssertTrue(budget.isExhausted)
        XCTAssertLessThan(read.body.blocks.count, 1000)
        XCTAssertLessThanOrEqual(budget.stepsUsed, 501)
    }
}
