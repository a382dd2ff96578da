import Foundation
import TestSupport
import XCTest

/// One meaning per count: a finding is a usage at a file and line on a branch, judged by one rule. On a
/// fleet whose branches share files, with local builds and a build frontend, the crawl's printed total,
/// every report format and the documented views give the same numbers.
final class CountsAgreeTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        let shop = try GitFixture(in: scratch, named: "shop.git")
        let shared = [
            "docker-compose.yml": """
                services:
                  api:
                    build: ./api
                    image: shop-api-local
                  db:
                    image: postgres:16
                  cache:
                    image: redis
                """,
            "api/Dockerfile": "# syntax=docker/dockerfile:1.7\nFROM ubuntu:22.04\n",
            "eng/ci.yml": "jobs:\n- job: build\n  container: $(BuildImage)\n",
            // A Dockerfile template, as image repositories keep them: read for what is written literally.
            "eng/templates/Dockerfile.linux": """
                {{
                    set baseTag to cat(REPO, ":", VERSION)
                }}FROM {{baseTag}} AS installer
                RUN echo install
                FROM mcr.microsoft.com/azurelinux/base/core:3.0
                COPY --from=installer /dotnet /dotnet
                """,
        ]
        try shop.commit(texts: shared, on: "main")
        // release/1 shares every file but one with main.
        try shop.commit(texts: shared.merging(["api/Dockerfile": "# syntax=docker/dockerfile:1.7\nFROM ubuntu:20.04\n"]) { $1 },
                        on: "release/1")
        try shop.setDefaultBranch("main")
        try scratch.write("repos.txt", "shop.git branches=main,release/* team=shop\n")
        try scratch.write("policy.yml", """
            standard: [mcr.microsoft.com/dotnet/*]
            approvedBaseImages: [mcr.microsoft.com/azurelinux/base/core]
            """)
    }

    private func census(_ arguments: [String]) throws -> CensusRunner.Result {
        let result = try CensusRunner.run(arguments + ["--db", scratch.path("census.sqlite")], in: scratch.path)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        return result
    }

    private func sqlNumber(_ query: String) throws -> Int {
        let output = try census(["sql", "--format", "json", query]).stdout
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]], output)
        return try XCTUnwrap(rows.first?.values.first as? Int, output)
    }

    /// The last number in the first match of `pattern`.
    private func firstMatch(_ pattern: String, in text: String) throws -> Int {
        let range = try XCTUnwrap(text.range(of: pattern, options: .regularExpression), "no \(pattern) in:\n\(text)")
        let numbers = text[range].split { !$0.isNumber }
        return try XCTUnwrap(numbers.last.flatMap { Int($0) })
    }

    func testCrawlReportsAndViewsGiveTheSameTotals() throws {
        let crawl = try census(["crawl", "--cache", scratch.path("mirrors")])
        let printed = try firstMatch(#"run 1: \d+ findings"#, in: crawl.stdout)
        let distinct = try firstMatch(#"findings, \d+ distinct"#, in: crawl.stdout)

        // By hand: on each branch postgres and redis are non-standard, redis has no tag, $(BuildImage)
        // and the template's {{baseTag}} are unresolved (5 in the files both branches share), the
        // ubuntu base is unapproved, and release/1's ubuntu:20.04 is past its end of life: 6 on main,
        // 7 on release/1, 5 + 1 + 2 distinct. The build, its tag and the frontend get none.
        XCTAssertEqual(printed, 13, crawl.stdout)
        XCTAssertEqual(distinct, 8, crawl.stdout)

        // The template: one warning per branch, no invalid reference, and its stage is not an image.
        XCTAssertEqual(try sqlNumber("""
            SELECT count(*) FROM scan_warning w JOIN current_branches b ON b.commit_scan_id = w.commit_scan_id
            WHERE w.path = 'eng/templates/Dockerfile.linux'
            """), 2)
        XCTAssertEqual(try sqlNumber("SELECT count(*) FROM current_references WHERE resolved AND NOT valid"), 0)
        XCTAssertEqual(try sqlNumber("SELECT count(*) FROM current_references WHERE normalized LIKE '%installer%'"), 0)

        XCTAssertEqual(try sqlNumber("SELECT count(*) FROM current_findings"), printed)
        XCTAssertEqual(try sqlNumber("SELECT SUM(findings) FROM findings_by_run WHERE run_id = 1"), printed)
        XCTAssertEqual(try sqlNumber("SELECT SUM(distinct_findings) FROM findings_by_run WHERE run_id = 1"), distinct)
        XCTAssertEqual(try sqlNumber("SELECT findings FROM weekly_trend WHERE run_id = 1"), printed)
        XCTAssertEqual(try sqlNumber("SELECT SUM(findings) FROM weekly_findings WHERE run_id = 1"), printed)
        XCTAssertEqual(try sqlNumber("""
            SELECT count(*) FROM current_findings WHERE kind IN ('compose/build', 'compose/build-tag', 'dockerfile/syntax')
            """), 0)

        let paths = try census(["report", "governance", "--out", scratch.path("out")]).stdout
            .split(separator: "\n").map(String.init)
        let files = Dictionary(uniqueKeysWithValues: try paths.map {
            (($0 as NSString).pathExtension, try String(contentsOfFile: $0, encoding: .utf8))
        })
        let markdown = try XCTUnwrap(files["md"])
        XCTAssertEqual(try firstMatch(#"\| Findings \| \d+ \|"#, in: markdown), printed)
        // $(BuildImage) and the template's base are unresolved on each branch: the local build is not a pull.
        XCTAssertEqual(try firstMatch(#"\| Unresolved references \| \d+ \|"#, in: markdown), 4)
        let html = try XCTUnwrap(files["html"])
        XCTAssertEqual(try firstMatch(#"<div class="label">Findings</div><div class="value">\d+<"#, in: html), printed)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(files["json"]).utf8)) as? [String: Any])
        let headline = try XCTUnwrap(json["headline"] as? [String: Any])
        XCTAssertEqual((headline["findings"] as? [String: Any])?["value"] as? Int, printed)
        let byRule = try XCTUnwrap(json["findingsByRule"] as? [[String: Any]])
        XCTAssertEqual(byRule.compactMap { ($0["findings"] as? [String: Any])?["value"] as? Int }.reduce(0, +), printed)
    }
}
