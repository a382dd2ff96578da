import Extraction
import Foundation
import Policy
import XCTest
@testable import Reports

final class SARIFReportTests: XCTestCase {
    private let now = CalendarDay.parse("2026-11-22")!

    private func checkedReferences() throws -> (PolicyDocument, [CheckedReference]) {
        let policy = try PolicyDocument.decode("""
            standard: [mcr.microsoft.com/dotnet-buildtools/prereqs]
            approvedBaseImages: [mcr.microsoft.com/azurelinux/base/core]
            severities: { mutable-tag: off }
            """, file: "policy.yml")
        let evaluator = PolicyEvaluator(policy: policy)
        let references = [
            Reference(path: "src/My App/Dockerfile", fact: ReferenceFact(line: 3, kind: "dockerfile/from", raw: "ubuntu:16.04",
                                                                         value: .literal("ubuntu:16.04")),
                      image: "ubuntu:16.04", unresolvedReason: nil),
            Reference(path: "eng/ci.yml", fact: ReferenceFact(line: 12, kind: "azure-pipelines/job-container", raw: "node",
                                                              value: .literal("node")),
                      image: "node", unresolvedReason: nil),
        ]
        return (policy, references.map {
            CheckedReference(reference: $0, findings: evaluator.evaluate(reference: $0, catalogs: .empty, now: now))
        })
    }

    func testResultsCarryRuleLevelLocationAndSuggestion() throws {
        let (policy, checked) = try checkedReferences()
        let data = try SARIFReport(toolVersion: "0.1.0", policy: policy, sourceRoot: URL(fileURLWithPath: "/work/repo"))
            .render(checked)
        let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(log["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.compactMap { $0["ruleId"] as? String }, ["unapproved-base-image", "eol-os", "non-standard-image"])
        XCTAssertEqual(results.compactMap { $0["level"] as? String }, ["error", "error", "warning"])
        let eol = results[1]
        let location = try XCTUnwrap(((eol["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        XCTAssertEqual((location["artifactLocation"] as? [String: Any])?["uri"] as? String, "src/My%20App/Dockerfile")
        XCTAssertEqual((location["region"] as? [String: Any])?["startLine"] as? Int, 3)
        XCTAssertEqual((eol["properties"] as? [String: Any])?["suggestion"] as? String, "ubuntu:24.04")
        XCTAssertEqual(((run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any])?["uri"] as? String,
                       "file:///work/repo/")
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.count, RuleID.allCases.count)
        let mutable = try XCTUnwrap(rules.first { $0["id"] as? String == "mutable-tag" })
        XCTAssertEqual((mutable["defaultConfiguration"] as? [String: Any])?["enabled"] as? Bool, false)
        XCTAssertEqual(eol["ruleIndex"] as? Int, rules.firstIndex { $0["id"] as? String == "eol-os" })
    }

    func testOutputValidatesAgainstTheOASISSchema() throws {
        let (policy, checked) = try checkedReferences()
        let data = try SARIFReport(toolVersion: "0.1.0", policy: policy).render(checked)
        let empty = try SARIFReport(toolVersion: "0.1.0", policy: policy).render([])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [folder.appendingPathComponent("check.sarif"), folder.appendingPathComponent("empty.sarif")]
        try data.write(to: files[0])
        try empty.write(to: files[1])

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/validate-sarif.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + files.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 {
            throw XCTSkip("the SARIF schema is not installed (\(text.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertEqual(text, "")
    }
}
