import Foundation
import XCTest

/// Compares report output with checked-in files under `Goldens/`. With `RECORD_GOLDENS=1` in the
/// environment the files are rewritten instead (and the test fails, so recording is never silent).
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Goldens", isDirectory: true)

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

    static func assert(_ actual: String, matches name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = folder.appendingPathComponent(name)
        if recording {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                XCTFail("recorded golden \(name); run again without RECORD_GOLDENS=1", file: file, line: line)
            } catch {
                XCTFail("cannot record golden \(name): \(error)", file: file, line: line)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            XCTFail("missing golden \(name); record it with RECORD_GOLDENS=1", file: file, line: line)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if actual != expected {
            let actualLines = actual.components(separatedBy: "\n")
            let expectedLines = expected.components(separatedBy: "\n")
            let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actualLines.count, expectedLines.count)
            let got = first < actualLines.count ? actualLines[first] : "<end of output>"
            let want = first < expectedLines.count ? expectedLines[first] : "<end of golden>"
            XCTFail("\(name) differs at line \(first + 1):\n  got:      \(got)\n  expected: \(want)\n"
                    + "(rewrite goldens with RECORD_GOLDENS=1 when the change is intended)", file: file, line: line)
        }
    }
}
