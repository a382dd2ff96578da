import Extraction
import Foundation
import Inventory
import Reports
import XCTest

/// The impact walk over references given directly: what counts as built on an image, what a publication
/// is, and how the walk ends.
final class ImpactReportTests: XCTestCase {
    private let run = WeeklyRun(week: "2026-W49", runID: 7, startedAt: Date(timeIntervalSince1970: 1_796_000_000), status: .ok)

    private func stored(_ repository: String, _ path: String, _ line: Int, _ kind: String, _ image: String?,
                        context: String? = nil, reason: String? = nil, branch: String = "main", stale: Bool = false) -> StoredReference {
        let fact = ReferenceFact(line: line, kind: kind, context: context, raw: image ?? "x",
                                 value: image.map { .literal($0) } ?? .unresolved(reason: reason ?? ""))
        return StoredReference(repository: repository, team: "team-\(repository)", contact: nil, branch: branch,
                               commitID: String(repeating: "a", count: 40), runID: 7, stale: stale,
                               reference: Reference(path: path, fact: fact, image: image, unresolvedReason: reason))
    }

    private func report(matching pattern: (String) -> Bool, _ references: [StoredReference], catalogs: [CatalogRecord] = [],
                        repositories: [RepositoryInfo] = [], maxDepth: Int = 8) -> ImpactReport {
        ImpactReport(pattern: "test", run: run, matching: references.filter { pattern($0.reference.normalized ?? "") },
                     references: references, catalogs: catalogs, repositories: repositories, maxDepth: maxDepth) { _, _ in [] }
    }

    private func lines(_ report: ImpactReport) -> [String] {
        report.items.map { "\($0.level) \($0.action.rawValue) \($0.repository) \($0.path):\($0.line) \($0.dockerfile ?? "-") "
            + ($0.publishes.map(\.image).joined(separator: ",")) }
    }

    func testABuildArgumentFromOfAManifestRebuildsTheDockerfileItNames() {
        let references = [
            stored("prereqs", "manifest.json", 12, "imagebuilder/build-base", "centos:7",
                   context: "repos[prereqs].images[0].platforms[0].buildArgs (src/centos/Dockerfile)"),
            stored("prereqs", "src/centos/Dockerfile", 2, "dockerfile/from", nil, reason: "ARG BASE has no default"),
        ]
        let catalog = CatalogRecord(repository: "mcr.microsoft.com/prereqs", origin: "manifest",
                                    source: "git file:///srv/prereqs.git/ main:manifest.json", fetchedAt: run.startedAt,
                                    tags: [CatalogTagRecord(tag: "centos-7", dockerfile: "src/centos"),
                                           CatalogTagRecord(tag: "centos-7-old", removedAt: run.startedAt, dockerfile: "src/centos")])
        let result = report(matching: { $0.hasPrefix("docker.io/library/centos:7") }, references
                            + [stored("app", "ci.yml", 3, "azure-pipelines/job-container", "mcr.microsoft.com/prereqs:centos-7")],
                            catalogs: [catalog], repositories: [RepositoryInfo(name: "prereqs", url: "/srv/prereqs")])
        XCTAssertEqual(lines(result), [
            "2 uses app ci.yml:3 - ",
            "1 rebuild prereqs manifest.json:12 src/centos/Dockerfile mcr.microsoft.com/prereqs:centos-7",
        ], "by repository; a removed tag is not published; the catalog's URL matches the repository without file:// and .git")
    }

    func testTwoDockerfilesPublishingOneImageMakeOneAffectedImageWithBothPublications() {
        let references = [
            stored("a", "x/Dockerfile", 1, "dockerfile/from", "ubuntu:22.04"),
            stored("a", "y/Dockerfile", 1, "dockerfile/from", "ubuntu:22.04"),
            stored("a", "docker-bake.hcl", 4, "bake/build-tag", "example.com/app:1", context: "target x tags (x/Dockerfile)"),
            stored("a", "docker-bake.hcl", 9, "bake/build-tag", "example.com/app:1", context: "target y tags (y/Dockerfile)"),
            stored("a", "docker-bake.hcl", 9, "bake/build-tag", "example.com/app:1", context: "target y tags (y/Dockerfile)",
                   branch: "release"),
            stored("b", "k8s.yaml", 20, "kubernetes/container", "example.com/app:1"),
        ]
        let result = report(matching: { $0 == "docker.io/library/ubuntu:22.04" }, references)
        XCTAssertEqual(result.images.map { "\($0.level) \($0.image) \($0.publishedBy.map { "\($0.branch) \($0.path):\($0.line ?? 0)" })" }, [
            "0 docker.io/library/ubuntu:22.04 []",
            "1 example.com/app:1 [\"main docker-bake.hcl:4\", \"main docker-bake.hcl:9\"]",
        ], "a tag on another branch publishes that branch's Dockerfile, not this one")
        XCTAssertEqual(lines(result).filter { $0.hasPrefix("2 ") }, ["2 uses b k8s.yaml:20 - "], "the usage is listed once")
        XCTAssertEqual(result.branches.map { "\($0.repository) \($0.branch) \($0.owners)" },
                       ["a main [\"team-a\"]", "b main [\"team-b\"]"])
    }

    func testAComposeServiceWithoutImagePublishesNothingAndAStaleBranchSaysSo() {
        let references = [
            stored("a", "Dockerfile", 1, "dockerfile/from", "centos:7", stale: true),
            stored("a", "compose.yaml", 3, "compose/build", nil, context: "services.app.build", reason: "built locally from Dockerfile",
                   stale: true),
        ]
        let result = report(matching: { $0.contains("centos") }, references)
        XCTAssertEqual(lines(result), ["1 rebuild a Dockerfile:1 Dockerfile "])
        XCTAssertEqual(result.items.map(\.stale), [true])
        XCTAssertTrue(ImpactMarkdownReporter.render(result).contains("(last successful scan; the branch failed in the latest run)"))
    }

    func testAnImageThatPublishesItselfEndsTheWalk() {
        let references = [
            stored("a", "Dockerfile", 1, "dockerfile/from", "example.com/base:1"),
            stored("a", "compose.yaml", 4, "compose/build-tag", "example.com/base:1", context: "services.base"),
            stored("a", "compose.yaml", 3, "compose/build", nil, context: "services.base.build", reason: "built locally from Dockerfile"),
            stored("a", "next/Dockerfile", 1, "dockerfile/from", "example.com/base:1"),
        ]
        let result = report(matching: { $0 == "example.com/base:1" }, references)
        XCTAssertEqual(lines(result), ["1 rebuild a Dockerfile:1 Dockerfile example.com/base:1",
                                       "1 rebuild a next/Dockerfile:1 next/Dockerfile "])
        XCTAssertEqual(result.images.map(\.level), [0], "the base is not published again by what is built on it")
        XCTAssertFalse(result.truncated)
    }

    func testAChainMatchesItsGoldenFilesInEveryFormat() throws {
        let references = [
            stored("acme/base", "docker/centos/Dockerfile", 2, "dockerfile/from", "centos:7"),
            stored("acme/base", "docker-bake.hcl", 6, "bake/build-tag", "ghcr.io/acme/base:7",
                   context: "target centos tags (docker/centos/Dockerfile)"),
            stored("acme/app|*x*", "Dockerfile", 1, "dockerfile/from", "ghcr.io/acme/base:7"),
            stored("acme/app|*x*", "compose.yaml", 4, "compose/build-tag", "ghcr.io/acme/app:1", context: "services.app"),
            stored("acme/app|*x*", "compose.yaml", 3, "compose/build", nil, context: "services.app.build",
                   reason: "built locally from Dockerfile"),
            stored("acme/deploy", ".github/workflows/ci.yml", 9, "github-actions/job-container", "ghcr.io/acme/app:1"),
            stored("acme/deploy", "k8s/app.yaml", 14, "kubernetes/container", "ghcr.io/acme/app:1"),
        ]
        let repositories = [RepositoryInfo(name: "acme/base", url: "https://github.com/acme/base", team: "base", contact: "base@example.com"),
                            RepositoryInfo(name: "acme/app|*x*", url: "/srv/app", team: "=apps"),
                            RepositoryInfo(name: "acme/deploy", url: "https://github.com/acme/deploy", team: "deploy")]
        let result = ImpactReport(pattern: "docker.io/library/centos:7*", run: run,
                                  matching: references.filter { $0.reference.normalized == "docker.io/library/centos:7" },
                                  references: references, catalogs: [], repositories: repositories, maxDepth: 8) { repository, _ in
            repository == "acme/deploy" ? [CodeownersFile(path: ".github/CODEOWNERS", content: "/k8s/ @acme/sre\n")] : []
        }
        let files = try result.files()
        XCTAssertEqual(files.map(\.name), ["impact-centos-7.md", "impact-centos-7.csv", "impact-centos-7.json"])
        for file in files { Golden.assert(file.content, matches: "impact/\(file.name)") }
    }
}
