import Extraction
@testable import Migration
import XCTest

/// The tracing of usages to definition sites over a branch given as files, without git.
final class DefinitionTraceTests: XCTestCase {
    private func decide(_ texts: [String: String], moving image: String, to target: String) -> MigrationDecision {
        let bytes = texts.mapValues { Array($0.utf8) }
        var facts: [String: FileFacts] = [:]
        var kinds: [String: FileKind] = [:]
        for (path, content) in bytes {
            guard let kind = FileKind.classify(path: path) else { continue }
            kinds[path] = kind
            facts[path] = Extractors.facts(path: path, kind: kind, bytes: content)
        }
        let trace = DefinitionTrace.trace(files: facts, kinds: kinds, content: { bytes[$0] }, references: BranchResolver.resolve(facts),
                                          target: { $0.image == image ? target : nil })
        return trace.decide()
    }

    func testATemplateDefaultAndACallersValueAreBothSourcesOfOneUsage() {
        let decision = decide([
            "azure-pipelines.yml": "jobs:\n- template: job.yml\n- template: job.yml\n  parameters:\n    image: centos:7\n",
            "job.yml": "parameters:\n- name: image\n  default: centos:7\njobs:\n- job: t\n  container: ${{ parameters.image }}\n",
        ], moving: "centos:7", to: "alma:9")
        XCTAssertEqual(decision.changes.map { "\($0.site.location) → \($0.to)" }, ["azure-pipelines.yml:5 → alma:9", "job.yml:3 → alma:9"])
        XCTAssertEqual(decision.leftAlone, [])
    }

    func testACommentOrAShellWordIsNeverASite() {
        let decision = decide(["Dockerfile": "# was centos:7\nFROM centos:7\nRUN echo centos:7\n"], moving: "centos:7", to: "alma:9")
        XCTAssertEqual(decision.changes.map(\.site.location), ["Dockerfile:2"])
    }

    func testSegmentsAreTheRunsBetweenSeparators() {
        XCTAssertEqual(DefinitionTrace.segments(of: "r.io/a:1"), ["1", "a", "a:1", "r.io", "r.io/a", "r.io/a:1"])
    }

    func testAFeedSaysWhatTextGivesTheTarget() {
        let feed = DefinitionTrace.Feed(usage: Usage(path: "p", line: 1, kind: "k", context: nil, raw: "r", image: "r/a:1"),
                                        prefix: "r/a:", suffix: "")
        XCTAssertEqual(feed.text(for: "r/a:2"), "2")
        XCTAssertNil(feed.text(for: "q/a:2"))
        XCTAssertNil(feed.text(for: "r/a:"))
    }
}
