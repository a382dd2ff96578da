import XCTest
@testable import Extraction

final class AzurePipelinesExtractorTests: XCTestCase {
    typealias Row = ReferenceRow
    let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"

    // A root pipeline in the shape of dotnet repositories: container resources, jobs that use them by
    // alias, directly by image and through a mapping, services, step targets, and look-alikes.
    let pipeline = """
        trigger:
          branches:
            include:
            - main
        # image: mcr.microsoft.com/commented/out:1
        resources:
          containers:
          - container: LinuxContainer
            image: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-fpm-amd64
          - container: AlpineContainer
            image: 'mcr.microsoft.com/dotnet-buildtools/prereqs:alpine-3.21-amd64'
        variables:
        - name: containerRegistry
          value: mcr.microsoft.com/dotnet-buildtools
        - name: _BuildConfig
          value: Release
        jobs:
        - job: Windows
          pool:
            vmImage: windows-2022
          steps:
          - script: build.cmd
        - job: OneES
          pool:
            name: NetCore1ESPool-Public
            image: 1es-ubuntu-2204
            os: linux
            demands: ImageOverride -equals Build.Ubuntu.2204.Amd64.Open
          container: AlpineContainer
          services:
            db: LinuxContainer
            cache: redis:7
          steps:
          - script: ./build.sh
            displayName: Build on host
            target: host
          - script: ./test.sh
            displayName: Test
            target: LinuxContainer
          - bash: ./pack.sh
            displayName: Pack
            target:
              container: AlpineContainer
              commands: restricted
        - job: Direct
          container: ubuntu:22.04
        - job: Mapping
          container:
            image: mcr.microsoft.com/dotnet-buildtools/prereqs:centos-stream9
            options: --user root
        """

    func testEveryContainerPositionOfAPipelineIsAReferenceAtItsOwnLine() {
        let rows = TestBranch.rows(["azure-pipelines.yml": pipeline])
        let fpm = "\(prereqs):azurelinux-3.0-net10.0-fpm-amd64"
        let alpine = "\(prereqs):alpine-3.21-amd64"
        XCTAssertEqual(rows, [
            Row("azure-pipelines.yml", 9, "azure-pipelines/container-resource", "resources.containers[LinuxContainer]",
                raw: fpm, image: fpm),
            Row("azure-pipelines.yml", 11, "azure-pipelines/container-resource", "resources.containers[AlpineContainer]",
                raw: alpine, image: alpine),
            Row("azure-pipelines.yml", 29, "azure-pipelines/job-container", "jobs[OneES].container[AlpineContainer]",
                raw: "AlpineContainer", image: alpine),
            Row("azure-pipelines.yml", 31, "azure-pipelines/service", "jobs[OneES].services[db][LinuxContainer]",
                raw: "LinuxContainer", image: fpm),
            Row("azure-pipelines.yml", 32, "azure-pipelines/service", "jobs[OneES].services[cache]",
                raw: "redis:7", image: "redis:7"),
            Row("azure-pipelines.yml", 39, "azure-pipelines/step-target", "jobs[OneES].steps[Test].target[LinuxContainer]",
                raw: "LinuxContainer", image: fpm),
            Row("azure-pipelines.yml", 43, "azure-pipelines/step-target", "jobs[OneES].steps[Pack].target[AlpineContainer]",
                raw: "AlpineContainer", image: alpine),
            Row("azure-pipelines.yml", 46, "azure-pipelines/job-container", "jobs[Direct].container",
                raw: "ubuntu:22.04", image: "ubuntu:22.04"),
            Row("azure-pipelines.yml", 49, "azure-pipelines/job-container", "jobs[Mapping].container",
                raw: "\(prereqs):centos-stream9", image: "\(prereqs):centos-stream9"),
        ])
    }

    func testParametersPassedToAnotherRepositorysTemplateAreNotedInTheOrderOfTheirNames() {
        let names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
        let passed = names.reversed().map { "      \($0): ${{ parameters.\($0)Image }}" }.joined(separator: "\n")
        let result = facts("eng/pipelines/ci.yml", """
        jobs:
        - template: jobs/build.yml@templates
          parameters:
        \(passed)
        """)
        let flows = result.definitions.filter { $0.namespace == AzurePipelinesExpression.Namespace.parameterFlow }
        // Before, their order followed the process's hash seed, and so did the cached facts' bytes.
        XCTAssertEqual(flows.map(\.name), names.map { $0 + "Image" })
        XCTAssertEqual(Set(flows.map(\.value)), ["container"])
    }

    func testLookAlikesAreNotReferences() {
        let raws = TestBranch.rows(["azure-pipelines.yml": pipeline]).map(\.raw)
        for lookAlike in ["windows-2022", "1es-ubuntu-2204", "ImageOverride -equals Build.Ubuntu.2204.Amd64.Open",
                          "mcr.microsoft.com/dotnet-buildtools", "host", "mcr.microsoft.com/commented/out:1", "Release"] {
            XCTAssertFalse(raws.contains(lookAlike), "\(lookAlike) is not an image reference")
        }
    }

    func testAliasesAndVariablesAreDefinedWhereWritten() {
        let facts = AzurePipelinesExtractor.extract(path: "azure-pipelines.yml", text: pipeline)
        XCTAssertEqual(facts.definitions, [
            SymbolDefinition(namespace: "azure-pipelines/alias", name: "LinuxContainer",
                             value: "\(prereqs):azurelinux-3.0-net10.0-fpm-amd64", line: 8),
            SymbolDefinition(namespace: "azure-pipelines/alias", name: "AlpineContainer",
                             value: "\(prereqs):alpine-3.21-amd64", line: 10),
            SymbolDefinition(namespace: "azure-pipelines/variable", name: "containerregistry",
                             value: "mcr.microsoft.com/dotnet-buildtools", line: 14),
            SymbolDefinition(namespace: "azure-pipelines/variable", name: "_buildconfig", value: "Release", line: 16),
        ])
        XCTAssertEqual(facts.warnings, [])
    }

    func testConditionalAndEachBlocksDoNotHideWhatIsInsideAndNameTheCondition() {
        let text = """
            parameters:
            - name: osGroup
              default: linux
            variables:
              ${{ if eq(parameters.osGroup, 'linux') }}:
                crossImage: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-cross-amd64
              ${{ else }}:
                crossImage: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-cross-arm64
            jobs:
            - ${{ each arch in split('x64,arm64', ',') }}:
              - job: Build_${{ arch }}
                ${{ if eq(parameters.osGroup, 'linux') }}:
                  container: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-22.04-cross-${{ arch }}
                ${{ else }}:
                  container: $(crossImage)
            """
        let rows = TestBranch.rows(["eng/pipelines/cross.yml": text])
        let each = "${{ each arch in split('x64,arm64', ',') }}"
        let ifLinux = "${{ if eq(parameters.osGroup, 'linux') }}"
        let amd64 = "\(prereqs):azurelinux-3.0-net10.0-cross-amd64"
        let arm64 = "\(prereqs):azurelinux-3.0-net10.0-cross-arm64"
        XCTAssertEqual(rows, [
            // The variable holds an image in each branch: each value counts where it is written, and the job
            // container using it counts too.
            Row("eng/pipelines/cross.yml", 6, "azure-pipelines/variable", "variables.crossImage (under \(ifLinux))",
                raw: amd64, image: amd64),
            Row("eng/pipelines/cross.yml", 8, "azure-pipelines/variable", "variables.crossImage (under ${{ else }})",
                raw: arm64, image: arm64),
            Row("eng/pipelines/cross.yml", 13, "azure-pipelines/job-container",
                "jobs[Build_${{ arch }}].container (under \(each), \(ifLinux))",
                raw: "\(prereqs):ubuntu-22.04-cross-${{ arch }}", image: nil),
            Row("eng/pipelines/cross.yml", 15, "azure-pipelines/job-container",
                "jobs[Build_${{ arch }}].container (under \(each), ${{ else }})",
                raw: "$(crossImage)", image: "\(prereqs):azurelinux-3.0-net10.0-cross-amd64"),
            Row("eng/pipelines/cross.yml", 15, "azure-pipelines/job-container",
                "jobs[Build_${{ arch }}].container (under \(each), ${{ else }})",
                raw: "$(crossImage)", image: "\(prereqs):azurelinux-3.0-net10.0-cross-arm64"),
        ])
        XCTAssertEqual(TestBranch.references(["eng/pipelines/cross.yml": text]).first { $0.line == 13 }?.reason,
                       "the template expression ${{ arch }} is not evaluated by census")
    }

    func testRuntimeValuesStayUnresolvedWithTheirRawText() {
        let text = """
            jobs:
            - job: Runtime
              container: mcr.microsoft.com/dotnet-buildtools/prereqs:$(Build.BuildId)
            - job: RuntimeExpression
              container: $[ variables['image'] ]
            - job: Undefined
              container: $(notDefinedAnywhere)
            """
        let references = TestBranch.references(["ci.yml": text])
        XCTAssertEqual(references.map(ReferenceRow.init), [
            Row("ci.yml", 3, "azure-pipelines/job-container", "jobs[Runtime].container",
                raw: "\(prereqs):$(Build.BuildId)", image: nil),
            Row("ci.yml", 5, "azure-pipelines/job-container", "jobs[RuntimeExpression].container",
                raw: "$[ variables['image'] ]", image: nil),
            Row("ci.yml", 7, "azure-pipelines/job-container", "jobs[Undefined].container",
                raw: "$(notDefinedAnywhere)", image: nil),
        ])
        XCTAssertEqual(references.map(\.reason), [
            "$(Build.BuildId) is only known when the pipeline runs",
            "$[ variables['image'] ] is only known when the pipeline runs",
            "variable notdefinedanywhere is not defined in this branch",
        ])
    }

    func testASingleJobPipelineNamesItsContainerAtTheRoot() {
        let text = """
            pool:
              vmImage: ubuntu-latest
            container: "mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-amd64"
            steps:
            - script: ./build.sh
            """
        XCTAssertEqual(TestBranch.rows(["azure-pipelines.yml": text]), [
            Row("azure-pipelines.yml", 3, "azure-pipelines/job-container", "container",
                raw: "\(prereqs):debian-12-amd64", image: "\(prereqs):debian-12-amd64"),
        ])
    }

    func testAnEmptyContainerRunsOnTheHostAndIsNoReference() {
        let text = """
            jobs:
            - job: Host
              container: ''
            """
        XCTAssertEqual(TestBranch.rows(["ci.yml": text]), [])
    }

    func testAnUpperCaseNameThatIsNoAliasInTheBranchStaysUnresolved() {
        let text = """
            jobs:
            - job: Linux
              container: SharedContainer
            - job: Plain
              container: node
            """
        let references = TestBranch.references(["ci.yml": text])
        XCTAssertEqual(references.map(ReferenceRow.init), [
            Row("ci.yml", 3, "azure-pipelines/job-container", "jobs[Linux].container[SharedContainer]",
                raw: "SharedContainer", image: nil),
            Row("ci.yml", 5, "azure-pipelines/job-container", "jobs[Plain].container[node]", raw: "node", image: "node"),
        ])
        XCTAssertEqual(references.first?.reason,
                       "SharedContainer is not a container alias defined in this branch (it may come from a template in another repository)")
    }

    func testALiteralBlockScalarImageIsPlacedOnTheLineOfItsText() {
        let text = """
            resources:
              containers:
              - container: Block
                image: |
                  mcr.microsoft.com/dotnet-buildtools/prereqs:opensuse-15.6-amd64
            """
        XCTAssertEqual(TestBranch.rows(["ci.yml": text]).map(\.line), [5])
    }

    func testAMalformedFileIsAWarningNotACrash() {
        let facts = AzurePipelinesExtractor.extract(path: "bad.yml", text: "jobs:\n- job: A\n  container: [unclosed\n")
        XCTAssertEqual(facts.references, [])
        XCTAssertEqual(facts.warnings.count, 1)
        XCTAssertTrue(facts.warnings.first?.message.hasPrefix("YAML could not be parsed") ?? false)
    }

    // MARK: - Bounds

    /// A pipeline whose variables hold an alias bomb of `levels` levels (9^levels scalars when expanded).
    private func aliasBomb(levels: Int) -> String {
        let names = "abcdefghi".map(String.init)
        var text = "container: alpine:3.20\nvariables:\n  a: &a [x,x,x,x,x,x,x,x,x]\n"
        for level in 1..<levels {
            let uses = Array(repeating: "*\(names[level - 1])", count: 9).joined(separator: ",")
            text += "  \(names[level]): &\(names[level]) [\(uses)]\n"
        }
        return text + "steps:\n  - script: echo\n"
    }

    func testAnAliasBombIsWalkedWithinTheFileNodeBudgetAndWarnedAbout() {
        // 9 levels spun for over a minute: this walk expanded aliases outside the node budget.
        let text = aliasBomb(levels: 6)
        let budget = ExtractionBudget()
        let facts = YAMLExtractor.extract(path: "azure-pipelines.yml", text: text, budget: budget)
        XCTAssertEqual(facts.references.map(\.raw), ["alpine:3.20"])
        XCTAssertEqual(facts.warnings.count, 1, "\(facts.warnings)")
        XCTAssertTrue(facts.warnings.first?.message.contains("(an alias bomb?)") ?? false, "\(facts.warnings)")
        XCTAssertLessThanOrEqual(budget.stepsUsed, 2 * (YAMLTraversal.baseBudget + text.utf8.count),
                                 "the walk stops once the node budget is spent")
    }

    func testAnAliasBombReadOnItsOwnGetsTheSameWarning() {
        let text = aliasBomb(levels: 6)
        let facts = AzurePipelinesExtractor.extract(path: "azure-pipelines.yml", text: text)
        XCTAssertEqual(facts.warnings.count, 1, "\(facts.warnings)")
        XCTAssertTrue(facts.warnings.first?.message.contains("(an alias bomb?)") ?? false, "\(facts.warnings)")
    }

    // MARK: - Variables and parameter defaults holding images

    func testVariablesHoldingImagesAreReferencesAtTheLineTheValueIsWrittenAndLookAlikesAreNot() {
        let text = """
            variables:
              imageNames.testRunner: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux3.0-docker-testrunner
              imageNames.imageBuilderName: mcr.microsoft.com/dotnet-buildtools/image-builder@sha256:4b9e8c0f0bb2a1e8d8a0fa5d3ec1d6d1c1cbbd7c0d1d1c1a0e9f8e7d6c5b4a39
              imageNames.syft: anchore/syft:v1.31.0-debug
              _BuildConfig: Release
              containerRegistry: mcr.microsoft.com/dotnet-buildtools
              agentImage: windows.vs2026.amd64
              poolName: NetCore1ESPool-Public
              vmImageName: ubuntu-latest
              sdkVersion: '8.0'
              timeout: '10:30'
              feed: https://pkgs.dev.azure.com/dnceng/public/_packaging/dotnet-public/nuget/v3/index.json
              artifacts: $(Build.SourcesDirectory)/artifacts:bin
              pulled: $(imageNames.testRunner)
            stages:
            - stage: Build
              variables:
              - name: helixImage
                value: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-24.04-helix-amd64
              - name: configuration
                value: Debug
              jobs:
              - job: Test
                pool:
                  vmImage: $(vmImageName)
                steps:
                - script: docker pull $(imageNames.testRunner)
            """
        let testRunner = "\(prereqs):azurelinux3.0-docker-testrunner"
        let builder = "mcr.microsoft.com/dotnet-buildtools/image-builder@sha256:4b9e8c0f0bb2a1e8d8a0fa5d3ec1d6d1c1cbbd7c0d1d1c1a0e9f8e7d6c5b4a39"
        let helix = "\(prereqs):ubuntu-24.04-helix-amd64"
        XCTAssertEqual(TestBranch.rows(["eng/pipelines/build.yml": text]), [
            Row("eng/pipelines/build.yml", 2, "azure-pipelines/variable", "variables.imageNames.testRunner",
                raw: testRunner, image: testRunner),
            Row("eng/pipelines/build.yml", 3, "azure-pipelines/variable", "variables.imageNames.imageBuilderName",
                raw: builder, image: builder),
            Row("eng/pipelines/build.yml", 4, "azure-pipelines/variable", "variables.imageNames.syft",
                raw: "anchore/syft:v1.31.0-debug", image: "anchore/syft:v1.31.0-debug"),
            Row("eng/pipelines/build.yml", 19, "azure-pipelines/variable", "stages[Build].variables.helixImage",
                raw: helix, image: helix),
            Row("eng/pipelines/build.yml", 27, "script/docker-pull", "stages[Build].jobs[Test].steps[script].script: docker pull",
                raw: "$(imageNames.testRunner)", image: testRunner),
        ])
    }

    func testAnImageValueNeedsATagOrDigestOnAValidNameWithoutExpressionsOrScheme() {
        for image in ["mcr.microsoft.com/dotnet/sdk:9.0", "anchore/syft:v1.31.0-debug", "node:20",
                      "localhost:5000/tools/app:1", "ghcr.io/org/app@sha256:" + String(repeating: "a", count: 64)] {
            XCTAssertTrue(AzurePipelinesExtractor.isImageValue(image), image)
        }
        for lookAlike in ["Release", "ubuntu-latest", "windows.vs2026.amd64", "NetCore1ESPool-Public", "8.0", "10:30",
                          "localhost:5000", "mcr.microsoft.com/dotnet-buildtools", "mcr.microsoft.com/dotnet/sdk",
                          "https://example.com/app:1", "docker://alpine:3.20", "$(Build.SourcesDirectory)/x:1",
                          "mcr.microsoft.com/prereqs:$(tag)", "${{ parameters.image }}", "Ubuntu:22.04", "a b:1", ""] {
            XCTAssertFalse(AzurePipelinesExtractor.isImageValue(lookAlike), lookAlike)
        }
    }

    func testAFileOfOnlyPlainVariablesIsNotTakenForAnAzureVariablesTemplate() {
        // GitLab includes files of variables that read the same; only Azure syntax settles it.
        let plain = "variables:\n  BUILD_IMAGE: mcr.microsoft.com/dotnet/sdk:9.0\n"
        XCTAssertEqual(TestBranch.rows(["ci/vars.yml": plain]), [])
        let dotted = "variables:\n  BUILD_IMAGE: mcr.microsoft.com/dotnet/sdk:9.0\n  imageNames.sdk: $(BUILD_IMAGE)\n"
        XCTAssertEqual(TestBranch.rows(["eng/vars.yml": dotted]), [
            Row("eng/vars.yml", 2, "azure-pipelines/variable", "variables.BUILD_IMAGE",
                raw: "mcr.microsoft.com/dotnet/sdk:9.0", image: "mcr.microsoft.com/dotnet/sdk:9.0"),
        ])
    }
}
