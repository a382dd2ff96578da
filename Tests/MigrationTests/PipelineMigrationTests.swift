import Foundation
import Migration
import TestSupport
import XCTest

/// `census migrate` on CI files: each usage is rewritten where its image text is written, whichever file
/// that is (a variables template, the caller of a template, a `.env` file).
final class PipelineMigrationTests: XCTestCase {
    static let target = "mcr.microsoft.com/azurelinux/base/core:3.0"

    /// "usage ← site" for every usage a change moves.
    private func moves(_ branch: BranchMigration) -> [String] {
        branch.changes.flatMap { change in change.usages.map { "\($0.usage.location) ← \(change.site.location)" } }.sorted()
    }

    func testAzurePipelinesContainersAliasesVariablesTemplatesAndParameters() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("pipelines", texts: [
            "azure-pipelines.yml": """
                resources:
                  containers:
                  - container: build
                    image: centos:7
                variables:
                - template: eng/vars.yml
                jobs:
                - job: a
                  container: build
                - job: b
                  container: centos:7
                - job: c
                  container: $(buildImage)
                - template: eng/job.yml
                - template: eng/job.yml
                  parameters:
                    image: centos:7

                """,
            "second-pipeline.yml": "variables:\n- template: eng/vars.yml\njobs:\n- job: d\n  container: $(buildImage)\n",
            "eng/vars.yml": "variables:\n  buildImage: 'centos:7'  # the build image\n",
            "eng/job.yml": "parameters:\n- name: image\n  default: centos:7\njobs:\n- job: t\n  container: ${{ parameters.image }}\n",
        ])
        try await fleet.crawl()
        let branch = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: Self.target).first)
        XCTAssertEqual(branch.verification, .passed)
        XCTAssertEqual(branch.leftAlone, [])
        XCTAssertEqual(moves(branch), [
            "azure-pipelines.yml:11 ← azure-pipelines.yml:11",
            "azure-pipelines.yml:13 ← eng/vars.yml:2",
            "azure-pipelines.yml:4 ← azure-pipelines.yml:4",
            "azure-pipelines.yml:9 ← azure-pipelines.yml:4",
            "eng/job.yml:3 ← eng/job.yml:3",
            "eng/job.yml:6 ← azure-pipelines.yml:17",
            "eng/job.yml:6 ← eng/job.yml:3",
            "second-pipeline.yml:5 ← eng/vars.yml:2",
        ])
        let commit = try XCTUnwrap(branch.commit)
        XCTAssertEqual(try fleet.text("eng/vars.yml", at: commit, in: "pipelines"),
                       "variables:\n  buildImage: '\(Self.target)'  # the build image\n", "one edit for two pipelines")
        XCTAssertEqual(try fleet.text("eng/job.yml", at: commit, in: "pipelines"),
                       "parameters:\n- name: image\n  default: \(Self.target)\njobs:\n- job: t\n  container: ${{ parameters.image }}\n")
        let pipeline = try fleet.text("azure-pipelines.yml", at: commit, in: "pipelines")
        XCTAssertTrue(pipeline.contains("  - container: build\n    image: \(Self.target)\n"), pipeline)
        XCTAssertTrue(pipeline.contains("- job: a\n  container: build\n- job: b\n  container: \(Self.target)\n"), pipeline)
        XCTAssertTrue(pipeline.contains("  parameters:\n    image: \(Self.target)\n"), pipeline)
        XCTAssertEqual(try fleet.text("second-pipeline.yml", at: commit, in: "pipelines"),
                       "variables:\n- template: eng/vars.yml\njobs:\n- job: d\n  container: $(buildImage)\n", "untouched")
    }

    func testACallersValueMovesWhileAnotherCallerKeepsTheDefault() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("pipelines", texts: [
            "azure-pipelines.yml": """
                jobs:
                - template: eng/job.yml
                - template: eng/job.yml
                  parameters:
                    image: centos:7

                """,
            "eng/job.yml": "parameters:\n- name: image\n  default: ubuntu:24.04\njobs:\n- job: t\n  container: ${{ parameters.image }}\n",
        ])
        try await fleet.crawl()
        let branch = try XCTUnwrap(try fleet.migrate(from: "centos:*", to: Self.target).first)
        XCTAssertEqual(branch.verification, .passed)
        XCTAssertEqual(moves(branch), ["eng/job.yml:6 ← azure-pipelines.yml:5"])
        let commit = try XCTUnwrap(branch.commit)
        XCTAssertTrue(try fleet.text("azure-pipelines.yml", at: commit, in: "pipelines").hasSuffix("    image: \(Self.target)\n"))
        XCTAssertNil(branch.files.first { $0.path == "eng/job.yml" }, "the default serves the other caller: not edited")
    }

    func testAVariablesTemplateSharedWithANonMatchingUserIsLeftAloneAndReported() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("pipelines", texts: [
            "one.yml": "variables:\n- template: eng/vars.yml\njobs:\n- job: a\n  container: $(buildImage)\n",
            "two.yml": "variables:\n- template: eng/vars.yml\njobs:\n- job: b\n  container: $(buildImage)-debug\n",
            "eng/vars.yml": "variables:\n  buildImage: centos:7\n",
        ])
        try await fleet.crawl()
        let branch = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: Self.target).first)
        XCTAssertNil(branch.commit, "nothing can move")
        XCTAssertEqual(branch.changes, [])
        XCTAssertEqual(branch.leftAlone.map { "\($0.location): \($0.reason)" }, [
            "one.yml:5: eng/vars.yml:2 writes centos:7, only part of the image centos:7-debug at two.yml:5",
        ])
    }

    func testGitLabVariablesGitHubMatrixComposeEnvAndHelixQueues() async throws {
        let fleet = try MigrationFleet()
        let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7"
        try fleet.repository("ci", texts: [
            ".gitlab-ci.yml": "variables:\n  IMAGE: \"\(prereqs)\"\nbuild:\n  image: $IMAGE\n  script: [make]\n",
            ".github/workflows/ci.yml": """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        image: [\(prereqs), ubuntu:22.04]
                    container: ${{ matrix.image }}
                    steps:
                    - run: make

                """,
            "docker-compose.yml": "services:\n  web:\n    image: ${BASE_IMAGE}\n",
            ".env": "BASE_IMAGE=\(prereqs)\nOTHER=1",
            "eng/helix.yml": "jobs:\n- job: test\n  variables:\n    helixQueues: (Centos.7.Amd64)Ubuntu.2204.Amd64.Open@\(prereqs)\n",
            "eng/helix.proj": """
                <Project>
                  <ItemGroup>
                    <HelixAvailableTargetQueue Include="(Centos.7.Amd64)Ubuntu.2204.Amd64.Open@\(prereqs)" />
                  </ItemGroup>
                </Project>

                """,
        ])
        try await fleet.crawl()
        let branch = try XCTUnwrap(try fleet.migrate(from: "*prereqs:centos-7*", to: Self.target).first)
        XCTAssertEqual(branch.verification, .passed)
        XCTAssertEqual(branch.leftAlone, [])
        XCTAssertEqual(moves(branch), [
            ".github/workflows/ci.yml:8 ← .github/workflows/ci.yml:7",
            ".gitlab-ci.yml:4 ← .gitlab-ci.yml:2",
            "docker-compose.yml:3 ← .env:1",
            "eng/helix.proj:3 ← eng/helix.proj:3",
            "eng/helix.yml:4 ← eng/helix.yml:4",
        ])
        let commit = try XCTUnwrap(branch.commit)
        XCTAssertEqual(try fleet.text(".env", at: commit, in: "ci"), "BASE_IMAGE=\(Self.target)\nOTHER=1", "no final newline added")
        XCTAssertTrue(try fleet.text(".github/workflows/ci.yml", at: commit, in: "ci").contains("image: [\(Self.target), ubuntu:22.04]"))
        XCTAssertTrue(try fleet.text("eng/helix.proj", at: commit, in: "ci")
            .contains("Include=\"(Centos.7.Amd64)Ubuntu.2204.Amd64.Open@\(Self.target)\" />"))
        XCTAssertTrue(try fleet.text("eng/helix.yml", at: commit, in: "ci")
            .contains("helixQueues: (Centos.7.Amd64)Ubuntu.2204.Amd64.Open@\(Self.target)\n"))
        XCTAssertEqual(try fleet.text(".gitlab-ci.yml", at: commit, in: "ci"),
                       "variables:\n  IMAGE: \"\(Self.target)\"\nbuild:\n  image: $IMAGE\n  script: [make]\n")
    }

    func testAChangeTheRescanDisprovesIsNotOffered() async throws {
        let fleet = try MigrationFleet()
        // `tools` is a valid image name, but in this Dockerfile `COPY --from=tools` names the stage.
        try fleet.repository("app", texts: ["Dockerfile": "FROM ubuntu:24.04 AS tools\nFROM alpine:3.20\nCOPY --from=centos:7 /a /b\n"])
        try await fleet.crawl()
        let branch = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: "tools", createBranches: true).first)
        XCTAssertFalse(branch.isOffered)
        XCTAssertNil(branch.createdBranch)
        XCTAssertNil(try fleet.gitRepository("app").reference("refs/heads/census/migrate/tools/main"))
        guard case .failed(let problems) = branch.verification else { return XCTFail("\(branch.verification)") }
        XCTAssertEqual(problems, ["expected but not found: Dockerfile:3 dockerfile/copy-from [*] raw=* image=tools"])
    }
}
