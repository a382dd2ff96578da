import XCTest
@testable import Extraction

final class GitHubActionsExtractorTests: XCTestCase {
    func testJobContainersServicesAndDockerStepsAreFoundAtTheirLines() {
        let result = facts(".github/workflows/ci.yml", """
        name: CI
        on: [push]
        env:
          CONFIGURATION: Release
        jobs:
          build:
            runs-on: ubuntu-latest   # a VM label, not an image
            container: node:20-bookworm
            services:
              redis: redis:7
              db:
                image: "postgres:16"
                ports: ["5432:5432"]
            steps:
              - uses: actions/checkout@v4
              - name: lint
                uses: docker://ghcr.io/org/linter:2.1
              # - uses: docker://commented:1
          test:
            runs-on: ubuntu-latest
            container:
              image: mcr.microsoft.com/dotnet/sdk:9.0
              options: --cpus 2
        """)
        assertRefs(result, [
            Ref(8, "github-actions/job-container", "node:20-bookworm", lit("node:20-bookworm")),
            Ref(10, "github-actions/service", "redis:7", lit("redis:7")),
            Ref(12, "github-actions/service", "postgres:16", lit("postgres:16")),
            Ref(17, "github-actions/step-uses", "docker://ghcr.io/org/linter:2.1", lit("ghcr.io/org/linter:2.1")),
            Ref(22, "github-actions/job-container", "mcr.microsoft.com/dotnet/sdk:9.0", lit("mcr.microsoft.com/dotnet/sdk:9.0")),
        ])
        XCTAssertEqual(contexts(result), ["jobs.build", "jobs.build.services.redis", "jobs.build.services.db",
                                          "jobs.build.steps[lint]", "jobs.test"])
        XCTAssertTrue(result.warnings.isEmpty)
    }

    func testStaticMatrixExpandsIntoOneReferencePerValueAtTheSameLine() {
        let result = facts(".github/workflows/matrix.yaml", """
        on: push
        jobs:
          build:
            strategy:
              matrix:
                distro: [ubuntu-22.04, debian-12]
                exclude:
                  - distro: debian-12
                include:
                  - distro: alpine-3.20
            container: ghcr.io/org/build:${{ matrix.distro }}
        """)
        assertRefs(result, [
            Ref(11, "github-actions/job-container", "ghcr.io/org/build:${{ matrix.distro }}", lit("ghcr.io/org/build:ubuntu-22.04")),
            Ref(11, "github-actions/job-container", "ghcr.io/org/build:${{ matrix.distro }}", lit("ghcr.io/org/build:alpine-3.20")),
        ])
        XCTAssertEqual(Set(contexts(result)), ["jobs.build (matrix distro=ubuntu-22.04)", "jobs.build (matrix distro=alpine-3.20)"])
    }

    func testMatrixIncludeAddsValuesToMatchingCombinationsAndObjectValuesAreRead() {
        let result = facts(".github/workflows/m.yml", """
        on: push
        jobs:
          test:
            strategy:
              matrix:
                os: [linux, windows]
                cfg:
                  - {image: "alpine:3.20"}
                include:
                  - os: linux
                    sidecar: redis:7
            container: ${{ matrix.cfg.image }}
            services:
              cache:
                image: ${{ matrix.sidecar }}
        """)
        assertRefs(result, [
            Ref(12, "github-actions/job-container", "${{ matrix.cfg.image }}", lit("alpine:3.20")),
            Ref(15, "github-actions/service", "${{ matrix.sidecar }}", lit("redis:7")),
        ])
    }

    func testOtherExpressionsAndDynamicMatricesStayUnresolvedWithTheirRawText() {
        let result = facts(".github/workflows/dyn.yml", """
        on: workflow_call
        jobs:
          a:
            container: ${{ inputs.image }}
          b:
            strategy:
              matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
            container: img:${{ matrix.tag }}
        """)
        assertRefs(result, [
            Ref(4, "github-actions/job-container", "${{ inputs.image }}",
                .unresolved(reason: "GitHub Actions expression ${{ inputs.image }} is evaluated when the workflow runs")),
            Ref(8, "github-actions/job-container", "img:${{ matrix.tag }}",
                .unresolved(reason: "the matrix is the expression ${{ fromJSON(needs.setup.outputs.matrix) }}, evaluated when the workflow runs")),
        ])
    }

    func testDockerActionImageAndLocalDockerfileBuild() {
        let pulled = facts("tools/lint/action.yml", """
        name: lint
        description: runs the linter
        runs:
          using: docker
          image: docker://ghcr.io/org/lint:1.0
        """)
        assertRefs(pulled, [Ref(5, "github-actions/action-image", "docker://ghcr.io/org/lint:1.0", lit("ghcr.io/org/lint:1.0"))])

        let built = facts("tools/build/action.yaml", """
        name: build
        runs:
          using: 'docker'
          image: 'Dockerfile'
        """)
        assertRefs(built, [Ref(4, "github-actions/action-dockerfile", "Dockerfile",
                               .unresolved(reason: "built locally from tools/build/Dockerfile"))])
    }

    func testAnchoredContainerIsCountedWhereEachJobUsesIt() {
        let result = facts(".github/workflows/anchors.yml", """
        on: push
        jobs:
          one:
            container: &img ubuntu:24.04
          two:
            container: *img
        """)
        assertRefs(result, [
            Ref(4, "github-actions/job-container", "ubuntu:24.04", lit("ubuntu:24.04")),
            Ref(6, "github-actions/job-container", "ubuntu:24.04", lit("ubuntu:24.04")),
        ])
        XCTAssertEqual(contexts(result), ["jobs.one", "jobs.two (via *img)"])
    }

    func testWorkflowOutsideTheWorkflowsFolderIsRecognisedByContent() {
        let result = facts("ci/workflow.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    container: busybox:1.36\n")
        assertRefs(result, [Ref(5, "github-actions/job-container", "busybox:1.36", lit("busybox:1.36"))])
    }

    // MARK: - Values that are images

    func testEnvValuesThatAreImagesAreRecordedAtTheirLines() {
        let result = facts(".github/workflows/e2e.yml", """
        on: push
        env:
          TEST_RUNNER_IMAGE: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-docker-testrunner
          CONFIGURATION: Release
          RUNNER: ubuntu-latest
          DOTNET_VERSION: 9.0.100
          DOCS: https://example.com/img:1
          PLAIN: postgres
        jobs:
          e2e:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                pg: ["15", "16"]
            env:
              DB_IMAGE: postgres:${{ matrix.pg }}
              DB_HOST: postgres:5432
              TOKEN: ${{ secrets.TOKEN }}
            steps:
              - name: start
                env:
                  SIDECAR: ghcr.io/acme/sidecar@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                run: docker run -d "$SIDECAR"
        """)
        let digest = "ghcr.io/acme/sidecar@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        assertRefs(result, [
            Ref(3, "github-actions/env", "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-docker-testrunner",
                lit("mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-docker-testrunner")),
            Ref(16, "github-actions/env", "postgres:${{ matrix.pg }}", lit("postgres:15")),
            Ref(16, "github-actions/env", "postgres:${{ matrix.pg }}", lit("postgres:16")),
            Ref(22, "github-actions/env", digest, lit(digest)),
            Ref(23, "script/docker-run", "$SIDECAR", lit(digest)),
        ])
        XCTAssertEqual(contexts(result), [
            "env.TEST_RUNNER_IMAGE", "jobs.e2e.env.DB_IMAGE (matrix pg=15)", "jobs.e2e.env.DB_IMAGE (matrix pg=16)",
            "jobs.e2e.steps[start].env.SIDECAR", "jobs.e2e.steps[start].run: docker run",
        ])
    }

    func testImageInputsOfReusableWorkflowsAndActionsAreRecorded() {
        let result = facts(".github/workflows/release.yml", """
        on: push
        jobs:
          build:
            uses: ./.github/workflows/build.yml
            with:
              image: ghcr.io/acme/builder:2.4
              configuration: Release
              base_image: debian:bookworm-slim
              tag: ghcr.io/acme/not-an-input-image:1
          publish:
            runs-on: ubuntu-latest
            steps:
              - id: scan
                uses: acme/scan-action@v3
                with:
                  scanner-image: quay.io/acme/scanner:7
                  container: internal
              - uses: azure/storage-upload@v1
                with:
                  container: releases
        """)
        assertRefs(result, [
            Ref(6, "github-actions/input", "ghcr.io/acme/builder:2.4", lit("ghcr.io/acme/builder:2.4")),
            Ref(8, "github-actions/input", "debian:bookworm-slim", lit("debian:bookworm-slim")),
            Ref(16, "github-actions/input", "quay.io/acme/scanner:7", lit("quay.io/acme/scanner:7")),
        ])
        XCTAssertEqual(contexts(result), ["jobs.build.with.image", "jobs.build.with.base_image",
                                          "jobs.publish.steps[scan].with.scanner-image"])
    }

    // MARK: - Agentic workflows

    func testAgenticWorkflowFrontMatterContainerIsTheJobContainer() {
        let path = ".github/workflows/triage.md"
        XCTAssertEqual(FileKind.classify(path: path), .yaml)
        let result = facts(path, """
        ---
        on:
          issues:
            types: [opened]
        permissions: read-all
        container:
          image: ghcr.io/acme/agent-runtime:1.3
        services:
          cache: redis:7
        ---
        # Triage

        Label the issue. Example configuration to explain:

        container: not-read:1
        """)
        assertRefs(result, [
            Ref(7, "github-actions/job-container", "ghcr.io/acme/agent-runtime:1.3", lit("ghcr.io/acme/agent-runtime:1.3")),
            Ref(9, "github-actions/service", "redis:7", lit("redis:7")),
        ])
        XCTAssertEqual(contexts(result), ["front matter", "front matter.services.cache"])
        XCTAssertEqual(result.warnings, [])
    }

    func testMarkdownOutsideTheWorkflowsFolderOrWithoutFrontMatterIsNotRead() {
        XCTAssertNil(FileKind.classify(path: "docs/workflows/triage.md"))
        XCTAssertNil(FileKind.classify(path: ".github/workflows/shared/notes.md"))
        XCTAssertNil(FileKind.classify(path: ".github/README.md"))
        let result = facts(".github/workflows/README.md", "# Workflows\n\ncontainer: node:20\n---\n")
        XCTAssertEqual(result.references, [])
        XCTAssertEqual(result.warnings, [])
    }
}
