import XCTest
@testable import Extraction

final class GitHubActionsExtractorTests: XCTestCase {
    func testJobContainersServicesAndDockerStepsAreFoundAtTheirLines() {
        let result = facts(".github/workflows/ci.yml", """
        name: CI
        on: [push]
        env:
          image: not-a-reference:1
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
}
