import Foundation
import TestSupport
import XCTest

/// `census report impact` over a real crawl of three repositories whose images build on each other:
/// A's Dockerfile is built on `centos:7` and A's ImageBuilder manifest (read as a catalog) publishes it
/// as `team/a:x`; B builds on `team/a:x` and publishes `team/b:y` through Compose and `team/b-tools:1`
/// through Bake; C runs jobs in those images and, closing a cycle, republishes `team/a:x` from a
/// Dockerfile built on `team/b:y`.
final class ImpactReportCommandTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        let a = try GitFixture(in: scratch, named: "a.git")
        try a.commit(texts: [
            "manifest.json": """
                {
                  "registry": "registry.example.com",
                  "repos": [
                    {
                      "name": "team/a",
                      "images": [
                        {
                          "platforms": [
                            {
                              "dockerfile": "docker/centos",
                              "os": "linux",
                              "osVersion": "centos7",
                              "tags": { "x": {} }
                            }
                          ]
                        }
                      ]
                    }
                  ]
                }
                """,
            "docker/centos/Dockerfile": "# the base of every team image\nFROM centos:7\nRUN yum install -y git\n",
            "docker/other/Dockerfile": "FROM alpine:3.20\n",
            ".github/CODEOWNERS": "* @org/fallback\n/docker/ @org/base-images\n",
        ], on: "main")
        try a.setDefaultBranch("main")

        let b = try GitFixture(in: scratch, named: "b.git")
        try b.commit(texts: [
            "Dockerfile": "ARG CONFIG=release\nFROM registry.example.com/team/a:x AS build\nRUN make\n",
            "compose.yaml": "services:\n  app:\n    build: .\n    image: registry.example.com/team/b:y\n",
            "tools/Dockerfile": "FROM registry.example.com/team/a:x\n",
            "docker-bake.hcl": "target \"tools\" {\n  context = \"tools\"\n  tags = [\"registry.example.com/team/b-tools:1\"]\n}\n",
        ], on: "main")
        try b.setDefaultBranch("main")

        let c = try GitFixture(in: scratch, named: "c.git")
        try c.commit(texts: [
            "azure-pipelines.yml": "jobs:\n- job: build\n  container: registry.example.com/team/b:y\n  steps:\n  - script: make\n",
            ".github/workflows/tools.yml": "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    container: registry.example.com/team/b-tools:1\n    steps:\n      - run: make lint\n",
            "loop/Dockerfile": "FROM registry.example.com/team/b:y\n",
            "docker-compose.yml": "services:\n  loop:\n    build: loop\n    image: registry.example.com/team/a:x\n",
            "CODEOWNERS": "*.yml @org/ci\n",
        ], on: "main")
        try c.setDefaultBranch("main")

        try scratch.write("repos.txt", """
            \(scratch.path("a.git")) team=base contact=base@example.com
            \(scratch.path("b.git")) team=apps
            \(scratch.path("c.git")) team=ci

            """)
        try scratch.write("policy.yml", """
            standard: [registry.example.com/team/a]
            catalogs:
              - repository: registry.example.com/team/a
                git: \(scratch.path("a.git"))
                branch: main
                manifest: manifest.json

            """)
        let crawl = try census(["crawl", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(crawl.status, 0, crawl.stderr)
    }

    private func census(_ arguments: [String]) throws -> CensusRunner.Result {
        try CensusRunner.run(arguments + ["--db", scratch.path("census.sqlite")], in: scratch.path)
    }

    /// Runs the report and returns its JSON.
    private func impact(_ arguments: [String]) throws -> [String: Any] {
        let result = try census(["report", "impact", "--out", scratch.path("out"), "--name", "test"] + arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        let path = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.hasSuffix("impact-test.json") })
        let data = try Data(contentsOf: URL(fileURLWithPath: String(path)))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Each item as `level action repository branch path:line image owner`.
    private func items(_ report: [String: Any]) -> [String] {
        let lists = report["branches"] as? [[String: Any]] ?? []
        return lists.flatMap { list in
            (list["items"] as? [[String: Any]] ?? []).map { item in
                let repository = (item["repository"] as? String ?? "").split(separator: "/").last.map(String.init) ?? ""
                return "\(item["level"] ?? "") \(item["action"] ?? "") \(repository) \(item["branch"] ?? "") "
                    + "\(item["path"] ?? ""):\(item["line"] ?? "") \(item["image"] ?? "") \(item["owner"] ?? "")"
            }
        }
    }

    func testEveryLevelOfTheChainIsListedWithItsPlaceAndOwner() throws {
        let report = try impact(["--image", "docker.io/library/centos:7*"])
        XCTAssertEqual(items(report), [
            "1 rebuild a main docker/centos/Dockerfile:2 docker.io/library/centos:7 @org/base-images",
            "2 rebuild b main Dockerfile:2 registry.example.com/team/a:x apps",
            "2 rebuild b main tools/Dockerfile:1 registry.example.com/team/a:x apps",
            "3 uses c main .github/workflows/tools.yml:5 registry.example.com/team/b-tools:1 @org/ci",
            "3 uses c main azure-pipelines.yml:3 registry.example.com/team/b:y @org/ci",
            "3 rebuild c main loop/Dockerfile:1 registry.example.com/team/b:y ci",
        ])
        let images = (report["images"] as? [[String: Any]] ?? []).map { image in
            let by = (image["publishedBy"] as? [[String: Any]] ?? []).map { "\($0["via"] ?? "") \($0["path"] ?? ""):\($0["line"] ?? "-")" }
            return "\(image["level"] ?? "") \(image["image"] ?? "") \(by.joined(separator: ", "))"
        }
        XCTAssertEqual(images, [
            "0 docker.io/library/centos:7 ",
            "1 registry.example.com/team/a:x imagebuilder manifest.json:13",
            "2 registry.example.com/team/b-tools:1 bake docker-bake.hcl:3",
            "2 registry.example.com/team/b:y compose compose.yaml:4",
        ], "the cycle back to team/a:x (C's compose file) does not make team/a:x a level-3 image")
        XCTAssertEqual(report["truncated"] as? Bool, false)

        let lists = report["branches"] as? [[String: Any]] ?? []
        XCTAssertEqual(lists.map { $0["owners"] as? [String] ?? [] }, [["@org/base-images"], ["apps"], ["@org/ci", "ci"]],
                       "one list per repository and branch, with every owner it names")
        let a = try XCTUnwrap(lists.first)
        XCTAssertEqual(a["contact"] as? String, "base@example.com")
        let first = try XCTUnwrap((a["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["codeownersRule"] as? String, ".github/CODEOWNERS:2")
        XCTAssertEqual(first["publishes"].flatMap { $0 as? [[String: Any]] }?.compactMap { $0["image"] as? String },
                       ["registry.example.com/team/a:x"])
        let loop = try XCTUnwrap(items(report).firstIndex { $0.contains("loop/Dockerfile") })
        let loopItem = try XCTUnwrap((lists.last?["items"] as? [[String: Any]])?.last)
        XCTAssertEqual(loop, 5)
        XCTAssertEqual(loopItem["chain"] as? [String], ["docker.io/library/centos:7", "registry.example.com/team/a:x",
                                                        "registry.example.com/team/b:y"])
        XCTAssertEqual(loopItem["publishes"].flatMap { $0 as? [[String: Any]] }?.compactMap { $0["image"] as? String },
                       ["registry.example.com/team/a:x"], "the Dockerfile closing the cycle still says what it republishes")

        let markdown = try String(contentsOfFile: scratch.path("out/\(report["week"] as? String ?? "")/impact-test.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("- level 1, **rebuild** `docker/centos/Dockerfile:2` `docker.io/library/centos:7` (dockerfile/from) "
                                        + "→ publishes `registry.example.com/team/a:x` · owner @org/base-images (.github/CODEOWNERS:2)"), markdown)
        let csv = try String(contentsOfFile: scratch.path("out/\(report["week"] as? String ?? "")/impact-test.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("level,action,repository,team,contact,branch,commit,path,line,link,kind,image,dockerfile,publishes,chain,owner,"), csv)
        XCTAssertEqual(csv.split(whereSeparator: \.isNewline).count, 7, csv)
    }

    func testTheDepthBoundsTheWalkAndSaysSo() throws {
        let report = try impact(["--image", "docker.io/library/centos:7*", "--depth", "2"])
        XCTAssertEqual(items(report).map { String($0.prefix(1)) }, ["1", "2", "2"])
        XCTAssertEqual(report["truncated"] as? Bool, true)
        let markdown = try String(contentsOfFile: scratch.path("out/\(report["week"] as? String ?? "")/impact-test.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("Stopped at level 2"), markdown)
    }

    func testAPatternNothingIsBuiltOnGivesAnEmptyListThatSaysSo() throws {
        // C's pipeline runs in team/b:y, but no Dockerfile is built on a matching image: nothing to rebuild.
        let report = try impact(["--image", "registry.example.com/team/nothing*"])
        XCTAssertEqual(items(report), [])
        XCTAssertEqual((report["images"] as? [Any])?.count, 0)
        let markdown = try String(contentsOfFile: scratch.path("out/\(report["week"] as? String ?? "")/impact-test.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("No Dockerfile of the fleet is built on an image matching `registry.example.com/team/nothing*`."), markdown)
        let bad = try census(["report", "impact", "--image", "**", "--out", scratch.path("out")])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--image \"**\" must name the banned or end-of-life base images"), bad.stderr)
    }
}
