import XCTest
@testable import Extraction

final class YAMLLineScannerTests: XCTestCase {
    func testImageLinesWithinRangesCommentsAndQuotesRemoved() {
        let text = """
        image: outside:1
        {{- if .Values.x }}
          - image: "quoted:2"   # note
            image: plain:3 # comment
            image:
            image: |
            image: &anchor x
            image: {{ .Values.image }}
            imagePullPolicy: Always
            # image: commented:4
        """
        let hits = YAMLLineScanner.values(of: "image", in: text, ranges: [2...10])
        XCTAssertEqual(hits, [
            .init(line: 3, raw: "quoted:2"),
            .init(line: 4, raw: "plain:3"),
            .init(line: 8, raw: "{{ .Values.image }}"),
        ])
    }
}
