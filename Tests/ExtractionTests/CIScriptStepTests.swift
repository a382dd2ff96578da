import XCTest
@testable import Extraction

final class CIScriptStepTests: XCTestCase {
    /// The text of a fixture in `Fixtures/CIScripts`.
    private func fixture(_ name: String) throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/CIScripts/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    // MARK: - Azure Pipelines

    func testAzureScriptStepsReadDockerCommandsWithPipelineVariablesFromAVariablesTemplate() throws {
        let testRunner = "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux3.0-docker-testrunner"
        let pipeline = "eng/pipelines/test.yml"
        let template = "eng/pipelines/variables/images.yml"
        let rows = TestBranch.rows([pipeline: try fixture("azure-test.yml"), template: try fixture("azure-images.yml")])
        XCTAssertEqual(rows.sorted { ($0.path, $0.line) < ($1.path, $1.line) }, [
            ReferenceRow(pipeline, 4, "azure-pipelines/variable", "variables.testImage",
                         raw: "mcr.microsoft.com/dotnet/sdk:9.0", image: "mcr.microsoft.com/dotnet/sdk:9.0"),
            ReferenceRow(pipeline, 10, "script/docker-pull", "jobs[Linux].steps[Pull test runner].script: docker pull",
                         raw: "$(imageNames.testRunner)", image: testRunner),
            ReferenceRow(pipeline, 18, "script/docker-run", "jobs[Linux].steps[Run tests].bash: docker run",
                         raw: "$(testImage)", image: "mcr.microsoft.com/dotnet/sdk:9.0"),
            ReferenceRow(pipeline, 22, "script/docker-run", "jobs[Linux].steps[PowerShell tests].pwsh: docker run",
                         raw: "$image", image: testRunner),
            ReferenceRow(pipeline, 31, "script/docker-pull", "jobs[Linux].steps[Scan].inputs.inlineScript: docker pull",
                         raw: "$(scannerImage)", image: nil),
            ReferenceRow(pipeline, 36, "script/docker-create", "jobs[Linux].steps[Data container].inputs.script: docker create",
                         raw: "busybox:1.36", image: "busybox:1.36"),
            ReferenceRow(template, 2, "azure-pipelines/variable", "variables.imageNames.testRunner",
                         raw: testRunner, image: testRunner),
        ])
    }

    func testAzureCommandStringsAndImageBuildArgumentsResolveWithPipelineVariables() throws {
        let imageBuilder = "mcr.microsoft.com/dotnet-buildtools/image-builder:2.0"
        let pipeline = "eng/pipelines/init.yml"
        let rows = TestBranch.rows([pipeline: try fixture("azure-strings.yml")])
        XCTAssertEqual(rows.sorted { ($0.path, $0.line) < ($1.path, $1.line) }, [
            ReferenceRow(pipeline, 3, "azure-pipelines/variable", "variables.imageNames.imageBuilder",
                         raw: imageBuilder, image: imageBuilder),
            ReferenceRow(pipeline, 11, "script/docker-pull",
                         "steps[Pull Image Builder].powershell: Invoke-WithRetry.ps1: docker pull",
                         raw: "$(imageNames.imageBuilder)", image: imageBuilder),
            ReferenceRow(pipeline, 14, "script/build-tag", "steps[Build Image for Image Builder].script: docker build -t",
                         raw: "imagebuilder-local", image: "imagebuilder-local"),
            // `CONFIG=$(configuration)` (line 16) is not an image argument: its name does not say image;
            // `BASE_IMAGE=$(osVersion)` (line 17) resolves to `noble`, not an image by the strict test.
            ReferenceRow(pipeline, 15, "script/docker-build-arg",
                         "steps[Build Image for Image Builder].script: docker build --build-arg IMAGE",
                         raw: "$(imageNames.imageBuilder)", image: imageBuilder),
            ReferenceRow(pipeline, 21, "script/docker-run", "steps[Check Image Builder].bash: bash -c: docker run",
                         raw: "$(imageNames.imageBuilder)", image: imageBuilder),
        ])
    }

    func testAzureLookAlikesInScriptStepsAreNotImages() throws {
        let facts = AzurePipelinesExtractor.extract(path: "eng/pipelines/test.yml", text: try fixture("azure-test.yml"))
        let raws = facts.references.map(\.raw)
        // `echo docker run …`, `docker ps` and a task that runs no script (CopyFiles@2) name no image.
        XCTAssertFalse(raws.contains("not-an-image"))
        XCTAssertFalse(raws.contains("not-a-script-task:1"))
        XCTAssertFalse(facts.references.contains { $0.line == 14 || $0.line == 15 || $0.line == 39 })
    }

    // MARK: - GitLab CI

    func testGitLabScriptsResolveFileVariablesAndAssignmentsOfEarlierLines() throws {
        let result = facts(".gitlab-ci.yml", try fixture("gitlab-ci.yml"))
        let ciImage = "registry.gitlab.com/acme/ci-images/build:0.0.48"
        assertRefs(result, [
            Ref(2, "gitlab-ci/variable", ciImage, lit(ciImage)),
            Ref(9, "gitlab-ci/image", "docker:27", lit("docker:27")),
            Ref(11, "gitlab-ci/service", "docker:27-dind", lit("docker:27-dind")),
            Ref(14, "script/docker-pull", "${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/library/golang:${GO_VERSION}",
                lit("library/golang:1.22")),
            Ref(16, "script/docker-run", "$CI_IMAGE", lit(ciImage)),
            Ref(21, "script/docker-run", "$LINTER", lit("golangci/golangci-lint:v1.59.1")),
            Ref(23, "script/docker-run", "$CI_REGISTRY_IMAGE/tools:latest",
                .unresolved(reason: "CI_REGISTRY_IMAGE is a GitLab predefined variable, set when the pipeline runs")),
            // after_script runs in a new shell: the script's LINTER is not set there.
            Ref(24, "script/docker-run", "$LINTER",
                .unresolved(reason: "$LINTER is not assigned earlier in this file; it is set by the environment")),
        ])
        XCTAssertEqual(contexts(result), [
            "variables.CI_IMAGE", "test", "test.services[0]",
            "test.before_script[1]: docker pull (through the GitLab dependency proxy)",
            "test.script[0]: docker run", "test.script[3]: docker run",
            "test.after_script[0]: docker run", "test.after_script[1]: docker run",
        ])
    }

    func testGitLabScriptLookAlikesAreNotImages() throws {
        let result = facts(".gitlab-ci.yml", try fixture("gitlab-ci.yml"))
        XCTAssertFalse(result.references.contains { [13, 17, 18].contains($0.line) })
    }

    // MARK: - GitHub Actions

    func testGitHubRunStepsReadDockerCommandsWithEnvMatrixAndShell() throws {
        let result = facts(".github/workflows/ci.yml", try fixture("github-ci.yml"))
        let lint = "golangci/golangci-lint:v1.59.1"
        let servercore = "mcr.microsoft.com/windows/servercore:ltsc2022"
        assertRefs(result, [
            Ref(14, "script/docker-run", "golang:1.22", lit("golang:1.22")),
            Ref(17, "script/docker-run", "golang:${{ matrix.go }}", lit("golang:1.21")),
            Ref(17, "script/docker-run", "golang:${{ matrix.go }}", lit("golang:1.22")),
            Ref(20, "github-actions/env", lint, lit(lint)),
            Ref(24, "script/docker-run", "${{ env.LINT_IMAGE }}", lit(lint)),
            Ref(25, "script/docker-pull", "$LINT_IMAGE", lit(lint)),
            Ref(27, "script/docker-pull", "${{ env.REGISTRY }}/${{ github.repository }}/tools:latest",
                .unresolved(reason: "GitHub Actions expression ${{ github.repository }} is evaluated when the workflow runs")),
            Ref(36, "script/docker-run", "$Image", lit(servercore)),
            Ref(43, "script/build-tag", "acme-tests:ci", lit("acme-tests:ci")),
        ])
        XCTAssertEqual(contexts(result), [
            "jobs.test.steps[Unit tests].run: docker run",
            "jobs.test.steps[Matrix tests].run: docker run (matrix go=1.21)",
            "jobs.test.steps[Matrix tests].run: docker run (matrix go=1.22)",
            "jobs.test.steps[Lint].env.LINT_IMAGE",
            "jobs.test.steps[Lint].run: docker run",
            "jobs.test.steps[Lint].run: docker pull",
            "jobs.test.steps[Tooling].run: docker pull",
            "jobs.windows.steps[0].run: docker run",
            "jobs.image.steps[Build test image].run: docker build -t",
        ])
    }

    func testGitHubRunLookAlikesAndCmdStepsAreNotImages() throws {
        let result = facts(".github/workflows/ci.yml", try fixture("github-ci.yml"))
        // `echo "docker run …"`, `docker ps`, and a `shell: cmd` step (not read).
        XCTAssertFalse(result.references.contains { [22, 23, 38].contains($0.line) })
    }

    func testARunOfAnImageAnEarlierStepBuiltIsTheLocalBuildNotAPull() throws {
        let result = facts(".github/workflows/ci.yml", try fixture("github-ci.yml"))
        // `docker build -t acme-tests:ci` in one step, `docker run --rm acme-tests:ci` in the next.
        XCTAssertEqual(result.references.filter { $0.line == 43 || $0.line == 45 }.map(\.kind), ["script/build-tag"])
    }

    func testAzureRunsOfANameBuiltInTheSameFileAreLeftOutEvenWhenOnlyTheBranchResolvesTheName() {
        let facts = AzurePipelinesExtractor.extract(path: "eng/pipelines/steps/test.yml", text: """
            steps:
            - script: docker build -t $(imageNames.testRunner.withrepo) -f Dockerfile.testrunner .
              displayName: Build Test Runner Image
            - script: docker run -t -d $(imageNames.testRunner.withrepo) sleep infinity
              displayName: Start Test Runner Container
            """)
        XCTAssertEqual(facts.references.map(\.kind), ["script/build-tag"])
        XCTAssertEqual(facts.references.map(\.line), [2])
    }

    func testAFoldedScriptReportsTheLineWhereTheImageIsWritten() {
        let facts = AzurePipelinesExtractor.extract(path: "eng/pipelines/steps/test.yml", text: """
            steps:
            - script: >
                docker run -t -d
                -v /var/run/docker.sock:/var/run/docker.sock
                --name $(testRunner.container)
                $(imageNames.testRunner)
              displayName: Start Test Runner Container
            """)
        XCTAssertEqual(facts.references.map(\.line), [6])
        XCTAssertEqual(facts.references.map(\.raw), ["$(imageNames.testRunner)"])
    }

    func testAPlainMultiLineGitLabScriptLineReportsTheLineWhereTheImageIsWritten() {
        let result = facts(".gitlab-ci.yml", """
            test:
              script:
                - docker run --rm
                  -e CI=true
                  registry.example.com/acme/tester:2.1 run-all
            """)
        assertRefs(result, [Ref(5, "script/docker-run", "registry.example.com/acme/tester:2.1",
                                lit("registry.example.com/acme/tester:2.1"))])
    }

    // MARK: - Masking

    func testCIExpressionsAreMaskedForTheShellAndPutBackAsWritten() {
        let budget = ExtractionBudget(steps: 10_000)
        let masked = CIScriptStep.mask("docker pull $(a.b) ${{ env.X }} $(pwd x)", matcher: CIScriptStep.azureMacro, budget: budget)
        XCTAssertEqual(masked.originals.map(\.original), ["$(a.b)", "${{ env.X }}"])
        XCTAssertFalse(masked.text.contains("$(a.b)"))
        XCTAssertTrue(masked.text.hasSuffix("$(pwd x)"))
        XCTAssertEqual(masked.restore(masked.text), "docker pull $(a.b) ${{ env.X }} $(pwd x)")
    }

    func testABlockScalarScriptStartsOnTheLineAfterItsIndicator() {
        let facts = AzurePipelinesExtractor.extract(path: "azure-pipelines.yml", text: """
            steps:
            - script: |

                docker run --rm alpine:3.20 true
            """)
        XCTAssertEqual(facts.references.map(\.line), [4])
    }
}
