import XCTest
@testable import Extraction

final class AzurePipelinesCrossFileTests: XCTestCase {
    typealias Row = ReferenceRow
    static let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"
    let fpm = "\(prereqs):azurelinux-3.0-net10.0-fpm-amd64"
    let alpine = "\(prereqs):alpine-3.21-amd64"

    // A branch shaped like dotnet repositories: the root pipeline defines the alias and includes a
    // variables template, job templates (by `/`-rooted, relative and `@self` paths) and a stage
    // template twice; one template lives in another repository.
    var branch: [String: String] { Self.branch }
    static let branch: [String: String] = [
        "azure-pipelines.yml": """
            variables:
            - template: /eng/pipelines/common/variables.yml
            resources:
              containers:
              - container: LinuxContainer
                image: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-fpm-amd64
            stages:
            - stage: Build
              jobs:
              - template: /eng/pipelines/jobs/linux.yml
                parameters:
                  container: LinuxContainer
              - template: eng/pipelines/jobs/linux.yml@self
                parameters:
                  platform:
                    name: linux_musl_x64
                    container: mcr.microsoft.com/dotnet-buildtools/prereqs:alpine-3.21-amd64
              - template: eng/common/templates/job/job.yml@arcade
                parameters:
                  container: LinuxContainer
            - template: /eng/pipelines/stages/test.yml
              parameters:
                renovateVersion: '2.0'
            - template: eng/pipelines/stages/test.yml
            """,
        "eng/pipelines/jobs/linux.yml": """
            parameters:
            - name: container
              type: string
              default: ''
            - name: platform
              type: object
              default:
                name: linux_x64
                container: LinuxContainer
            - name: sidecar
              default: LinuxContainer
            jobs:
            - job: Linux_${{ parameters.platform.name }}
              ${{ if ne(parameters.container, '') }}:
                container: ${{ parameters.container }}
              ${{ else }}:
                container: ${{ parameters.platform.container }}
              services:
                sidecar: ${{ parameters.sidecar }}
              steps:
              - script: ./build.sh
            """,
        "eng/pipelines/common/variables.yml": """
            variables:
            - name: prereqsTag
              value: azurelinux-3.0-net10.0-build-amd64
            - name: buildImage
              value: mcr.microsoft.com/dotnet-buildtools/prereqs:$(prereqsTag)
            """,
        "eng/pipelines/stages/test.yml": """
            parameters:
            - name: renovateVersion
              default: '1.2'
            stages:
            - stage: Test
              jobs:
              - job: Renovate
                container:
                  image: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-renovate-${{ parameters.renovateVersion }}-amd64
              - job: FromVariables
                container: ${{ variables.buildImage }}
            """,
    ]

    func testTheBranchResolvesAliasesVariablesAndParametersAcrossFiles() {
        let linux = "eng/pipelines/jobs/linux.yml"
        let test = "eng/pipelines/stages/test.yml"
        let renovate = "\(Self.prereqs):azurelinux-3.0-renovate-${{ parameters.renovateVersion }}-amd64"
        XCTAssertEqual(TestBranch.rows(branch), [
            Row("azure-pipelines.yml", 6, "azure-pipelines/container-resource", "resources.containers[LinuxContainer]",
                raw: fpm, image: fpm),
            Row("azure-pipelines.yml", 12, "azure-pipelines/template-container",
                "stages[Build].template[/eng/pipelines/jobs/linux.yml].parameters.container[LinuxContainer]",
                raw: "LinuxContainer", image: fpm),
            Row("azure-pipelines.yml", 17, "azure-pipelines/template-container",
                "stages[Build].template[eng/pipelines/jobs/linux.yml@self].parameters.platform.container",
                raw: alpine, image: alpine),
            Row("azure-pipelines.yml", 20, "azure-pipelines/template-container",
                "stages[Build].template[eng/common/templates/job/job.yml@arcade].parameters.container[LinuxContainer]",
                raw: "LinuxContainer", image: fpm),
            // Line 15 passes on `container`, which only the root passes, and counts it there; line 17
            // counts the object default, since the `@self` caller's own value was counted at its line.
            Row(linux, 17, "azure-pipelines/job-container",
                "jobs[Linux_${{ parameters.platform.name }}].container (under ${{ else }})",
                raw: "${{ parameters.platform.container }}", image: fpm),
            Row(linux, 19, "azure-pipelines/service", "jobs[Linux_${{ parameters.platform.name }}].services[sidecar]",
                raw: "${{ parameters.sidecar }}", image: fpm),
            // Included twice: once passing 2.0, once relying on the default 1.2 — one reference per value.
            Row(test, 9, "azure-pipelines/job-container", "stages[Test].jobs[Renovate].container",
                raw: renovate, image: "\(Self.prereqs):azurelinux-3.0-renovate-1.2-amd64"),
            Row(test, 9, "azure-pipelines/job-container", "stages[Test].jobs[Renovate].container",
                raw: renovate, image: "\(Self.prereqs):azurelinux-3.0-renovate-2.0-amd64"),
            Row(test, 11, "azure-pipelines/job-container", "stages[Test].jobs[FromVariables].container",
                raw: "${{ variables.buildImage }}", image: "\(Self.prereqs):azurelinux-3.0-net10.0-build-amd64"),
        ])
    }

    func testTemplatePathsAreFollowedRepositoryRelativeWithThePassedParameters() {
        let facts = AzurePipelinesExtractor.extract(path: "azure-pipelines.yml", text: branch["azure-pipelines.yml"] ?? "")
        XCTAssertEqual(facts.includes, [
            FileInclude(path: "eng/pipelines/common/variables.yml", line: 2),
            FileInclude(path: "eng/pipelines/jobs/linux.yml", line: 10, parameters: ["container": "LinuxContainer"]),
            FileInclude(path: "eng/pipelines/jobs/linux.yml", line: 13,
                        parameters: ["platform.name": "linux_musl_x64", "platform.container": alpine]),
            FileInclude(path: "eng/pipelines/stages/test.yml", line: 21, parameters: ["renovateVersion": "2.0"]),
            FileInclude(path: "eng/pipelines/stages/test.yml", line: 24),
        ])
    }

    func testRelativeTemplatePathsResolveAgainstTheIncludingFile() {
        XCTAssertEqual(AzurePipelinesTemplatePath.resolve("../steps/build.yml", includer: "eng/pipelines/jobs/linux.yml"),
                       .local("eng/pipelines/steps/build.yml"))
        XCTAssertEqual(AzurePipelinesTemplatePath.resolve("/eng/common/templates/job/job.yml@self", includer: "a/b.yml"),
                       .local("eng/common/templates/job/job.yml"))
        XCTAssertEqual(AzurePipelinesTemplatePath.resolve("v1/1ES.Official.PipelineTemplate.yml@1ESPipelineTemplates",
                                                          includer: "azure-pipelines.yml"),
                       .otherRepository(path: "v1/1ES.Official.PipelineTemplate.yml", repository: "1ESPipelineTemplates"))
        XCTAssertEqual(AzurePipelinesTemplatePath.resolve("../../../x.yml", includer: "eng/ci.yml"),
                       .unknown("template path ../../../x.yml climbs above the repository root"))
        XCTAssertEqual(AzurePipelinesTemplatePath.resolve("${{ parameters.template }}", includer: "ci.yml"),
                       .unknown("template path ${{ parameters.template }} is computed by an expression"))
    }

    func testOneESContainerMapsDefineAliasesUsedByJobsAndTemplateParameters() {
        let files = [
            "eng/pipelines/official.yml": """
                resources:
                  repositories:
                  - repository: 1ESPipelineTemplates
                    type: git
                    name: 1ESPipelineTemplates/1ESPipelineTemplates
                extends:
                  template: v1/1ES.Official.PipelineTemplate.yml@1ESPipelineTemplates
                  parameters:
                    pool:
                      name: NetCore1ESPool-Internal
                      image: 1es-windows-2022
                      os: windows
                    containers:
                      mariner:
                        image: mcr.microsoft.com/dotnet-buildtools/prereqs:cbl-mariner-2.0-amd64
                      ubuntu:
                        image: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-22.04
                        env:
                          TOKEN: $(System.AccessToken)
                    stages:
                    - stage: Build
                      jobs:
                      - job: Mariner
                        container: mariner
                        steps:
                        - template: /eng/pipelines/steps/build.yml@self
                          parameters:
                            container: ubuntu
                        - template: steps/publish.yml@Shared
                          parameters:
                            container: $(Build.ContainerName)
                """,
            "eng/pipelines/steps/build.yml": """
                parameters:
                - name: container
                steps:
                - script: ./build.sh
                  target: ${{ parameters.container }}
                """,
        ]
        let mariner = "\(Self.prereqs):cbl-mariner-2.0-amd64"
        let ubuntu = "\(Self.prereqs):ubuntu-22.04"
        let job = "extends.parameters.stages[Build].jobs[Mariner]"
        let references = TestBranch.references(files)
        XCTAssertEqual(references.map(ReferenceRow.init), [
            Row("eng/pipelines/official.yml", 15, "azure-pipelines/container-map",
                "extends.parameters.containers[mariner]", raw: mariner, image: mariner),
            Row("eng/pipelines/official.yml", 17, "azure-pipelines/container-map",
                "extends.parameters.containers[ubuntu]", raw: ubuntu, image: ubuntu),
            Row("eng/pipelines/official.yml", 24, "azure-pipelines/job-container", "\(job).container[mariner]",
                raw: "mariner", image: mariner),
            Row("eng/pipelines/official.yml", 28, "azure-pipelines/template-container",
                "\(job).template[/eng/pipelines/steps/build.yml@self].parameters.container[ubuntu]",
                raw: "ubuntu", image: ubuntu),
            Row("eng/pipelines/official.yml", 31, "azure-pipelines/template-container",
                "\(job).template[steps/publish.yml@Shared].parameters.container",
                raw: "$(Build.ContainerName)", image: nil),
        ])
        XCTAssertEqual(references.last?.reason, "$(Build.ContainerName) is only known when the pipeline runs")
        let facts = TestBranch.facts(files)["eng/pipelines/official.yml"]
        XCTAssertEqual(facts?.definitions.filter { $0.namespace == "azure-pipelines/alias" },
                       [SymbolDefinition(namespace: "azure-pipelines/alias", name: "mariner", value: mariner, line: 14),
                        SymbolDefinition(namespace: "azure-pipelines/alias", name: "ubuntu", value: ubuntu, line: 16)])
    }

    func testAValuePassedThroughSeveralTemplatesIsCountedWhereItIsWritten() {
        let files = [
            "pipeline.yml": """
                jobs:
                - template: /eng/jobs/outer.yml
                  parameters:
                    container: mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-amd64
                - template: /eng/jobs/outer.yml
                """,
            "eng/jobs/outer.yml": """
                parameters:
                  container: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-24.04-amd64
                jobs:
                - template: inner.yml
                  parameters:
                    container: ${{ parameters.container }}
                """,
            "eng/jobs/inner.yml": """
                parameters:
                - name: container
                jobs:
                - job: Inner
                  container: ${{ parameters.container }}
                """,
        ]
        let debian = "\(Self.prereqs):debian-12-amd64"
        XCTAssertEqual(TestBranch.rows(files), [
            Row("eng/jobs/inner.yml", 5, "azure-pipelines/job-container", "jobs[Inner].container",
                raw: "${{ parameters.container }}", image: "\(Self.prereqs):ubuntu-24.04-amd64"),
            // The default is an image written in outer.yml: it counts there too (a definition, not a use).
            Row("eng/jobs/outer.yml", 2, "azure-pipelines/parameter-default", "parameters.container",
                raw: "\(Self.prereqs):ubuntu-24.04-amd64", image: "\(Self.prereqs):ubuntu-24.04-amd64"),
            Row("pipeline.yml", 4, "azure-pipelines/template-container", "template[/eng/jobs/outer.yml].parameters.container",
                raw: debian, image: debian),
        ])
    }

    func testIncludersPassingDifferentValuesGiveOneReferencePerDistinctValue() {
        let template = """
            parameters:
            - name: imageTag
            jobs:
            - job: Tagged
              container: mcr.microsoft.com/dotnet-buildtools/prereqs:${{ parameters.imageTag }}
            """
        func caller(_ tag: String) -> String {
            "jobs:\n- template: /eng/jobs/image.yml\n  parameters:\n    imageTag: \(tag)\n"
        }
        let files = [
            "eng/jobs/image.yml": template,
            "a.yml": caller("debian-12-amd64"),
            "b.yml": caller("debian-12-amd64"),
            "c.yml": caller("azurelinux-3.0-amd64"),
            "d.yml": caller("$(Build.SourceBranchName)"),
        ]
        let raw = "\(Self.prereqs):${{ parameters.imageTag }}"
        let references = TestBranch.references(files)
        XCTAssertEqual(references.map(ReferenceRow.init), [
            Row("eng/jobs/image.yml", 5, "azure-pipelines/job-container", "jobs[Tagged].container",
                raw: raw, image: "\(Self.prereqs):azurelinux-3.0-amd64"),
            Row("eng/jobs/image.yml", 5, "azure-pipelines/job-container", "jobs[Tagged].container",
                raw: raw, image: "\(Self.prereqs):debian-12-amd64"),
            Row("eng/jobs/image.yml", 5, "azure-pipelines/job-container", "jobs[Tagged].container", raw: raw, image: nil),
        ])
        XCTAssertEqual(references.last?.reason, "$(Build.SourceBranchName) is only known when the pipeline runs")
    }

    func testAParameterWithNoDefaultThatNothingPassesStaysUnresolved() {
        let files = ["eng/jobs/image.yml": """
            parameters:
            - name: imageTag
            jobs:
            - job: Tagged
              container: mcr.microsoft.com/dotnet-buildtools/prereqs:${{ parameters.imageTag }}
            """]
        let references = TestBranch.references(files)
        XCTAssertEqual(references.map(\.resolved), [false])
        XCTAssertEqual(references.first?.reason,
                       "parameter imageTag of eng/jobs/image.yml has no default and no including file passes it")
    }

    func testJobsPassedAsAListAreCountedWhereWrittenNotInTheLoopingTemplate() {
        let files = [
            "azure-pipelines.yml": """
                jobs:
                - template: /eng/common/jobs.yml
                  parameters:
                    jobs:
                    - job: Linux
                      container: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-amd64
                """,
            "eng/common/jobs.yml": """
                parameters:
                - name: jobs
                  type: jobList
                jobs:
                - ${{ each job in parameters.jobs }}:
                  - template: job.yml
                    parameters:
                      ${{ each parameter in job }}:
                        ${{ parameter.key }}: ${{ parameter.value }}
                """,
            "eng/common/job.yml": """
                parameters:
                - name: container
                jobs:
                - job: ${{ parameters.name }}
                  container: ${{ parameters.container }}
                """,
        ]
        let image = "\(Self.prereqs):azurelinux-3.0-net10.0-amd64"
        XCTAssertEqual(TestBranch.rows(files), [
            Row("azure-pipelines.yml", 6, "azure-pipelines/job-container",
                "template[/eng/common/jobs.yml].parameters.jobs[Linux].container", raw: image, image: image),
        ])
    }

    func testVariablesFromATemplateInAnotherRepositoryStayUnresolved() {
        let files = ["azure-pipelines.yml": """
            variables:
            - template: /eng/common/variables.yml@arcade
            jobs:
            - job: Linux
              container: $(arcadeImage)
            """]
        let references = TestBranch.references(files)
        XCTAssertEqual(references.map(ReferenceRow.init), [
            Row("azure-pipelines.yml", 5, "azure-pipelines/job-container", "jobs[Linux].container",
                raw: "$(arcadeImage)", image: nil),
        ])
        XCTAssertEqual(references.first?.reason, "variable arcadeimage is not defined in this branch")
        XCTAssertEqual(TestBranch.facts(files)["azure-pipelines.yml"]?.includes, [])
    }

    func testAnAliasDefinedDifferentlyByTwoUnrelatedPipelinesIsAmbiguousForAnUnconnectedTemplate() {
        let files = [
            "a.yml": "resources:\n  containers:\n  - container: Build\n    image: a:1\n",
            "b.yml": "resources:\n  containers:\n  - container: Build\n    image: b:1\n",
            "orphan.yml": "jobs:\n- job: X\n  container: Build\n",
        ]
        let references = TestBranch.references(files).filter { $0.path == "orphan.yml" }
        XCTAssertEqual(references.map(ReferenceRow.init), [
            Row("orphan.yml", 3, "azure-pipelines/job-container", "jobs[X].container[Build]", raw: "Build", image: nil),
        ])
        XCTAssertEqual(references.first?.reason,
                       "container alias Build has 2 different values in this branch and none in the files connected to orphan.yml")
    }

    // MARK: - Variables templates, parameter defaults and look-alike container parameters

    func testAVariablesTemplateRecordsItsImagesAndStillResolvesTheJobsThatUseThem() {
        let testRunner = "\(Self.prereqs):azurelinux3.0-docker-testrunner"
        let files = [
            "eng/docker-tools/templates/variables/docker-images.yml": """
                variables:
                  imageNames.testRunner: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux3.0-docker-testrunner
                  imageNames.testRunner.withrepo: testrunner-withrepo:$(Build.BuildId)
                """,
            "azure-pipelines.yml": """
                variables:
                - template: /eng/docker-tools/templates/variables/docker-images.yml
                jobs:
                - job: Test
                  container: $(imageNames.testRunner)
                  steps:
                  - script: docker pull $(imageNames.testRunner)
                """,
        ]
        XCTAssertEqual(TestBranch.rows(files), [
            Row("azure-pipelines.yml", 5, "azure-pipelines/job-container", "jobs[Test].container",
                raw: "$(imageNames.testRunner)", image: testRunner),
            Row("azure-pipelines.yml", 7, "script/docker-pull", "jobs[Test].steps[script].script: docker pull",
                raw: "$(imageNames.testRunner)", image: testRunner),
            Row("eng/docker-tools/templates/variables/docker-images.yml", 2, "azure-pipelines/variable",
                "variables.imageNames.testRunner", raw: testRunner, image: testRunner),
        ])
    }

    // Shaped like Arcade's source-build templates: an object default in the older map form, forwarded
    // whole to a job template, which is also reached through an `${{ each }}` loop of its includer; and
    // a list-form declaration with a flow-mapping default.
    func testObjectParameterDefaultsHoldingImagesAreReferencesAndFeedTheJobContainersUsingThem() {
        let centos = "\(Self.prereqs):centos-stream-10-amd64"
        let azurelinux = "\(Self.prereqs):azurelinux-3.0-net10.0-build-amd64"
        let files = [
            "eng/common/jobs/jobs.yml": """
                parameters:
                  sourceBuildParameters: {}
                jobs:
                - template: /eng/common/jobs/source-build.yml
                  parameters:
                    ${{ each parameter in parameters.sourceBuildParameters }}:
                      ${{ parameter.key }}: ${{ parameter.value }}
                """,
            "eng/common/jobs/source-build.yml": """
                parameters:
                  defaultManagedPlatform:
                    name: 'Managed'
                    container: 'mcr.microsoft.com/dotnet-buildtools/prereqs:centos-stream-10-amd64'
                  platforms: []
                jobs:
                - template: /eng/common/job/source-build.yml
                  parameters:
                    platform: ${{ parameters.defaultManagedPlatform }}
                """,
            "eng/common/job/source-build.yml": """
                parameters:
                  platform: {}
                jobs:
                - job: Source_Build_${{ parameters.platform.name }}
                  ${{ if ne(parameters.platform.container, '') }}:
                    container: ${{ parameters.platform.container }}
                  steps:
                  - script: ./build.sh
                """,
            "eng/pipelines/build.yml": """
                parameters:
                - name: buildPlatform
                  type: object
                  default: { name: linux_x64, container: 'mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64', pool: { image: 1es-ubuntu-2204 } }
                jobs:
                - job: Build
                  container: ${{ parameters.buildPlatform.container }}
                  steps:
                  - script: ./build.sh
                """,
        ]
        XCTAssertEqual(TestBranch.rows(files), [
            Row("eng/common/job/source-build.yml", 6, "azure-pipelines/job-container",
                "jobs[Source_Build_${{ parameters.platform.name }}].container (under ${{ if ne(parameters.platform.container, '') }})",
                raw: "${{ parameters.platform.container }}", image: centos),
            Row("eng/common/jobs/source-build.yml", 4, "azure-pipelines/parameter-default",
                "parameters.defaultManagedPlatform.container", raw: centos, image: centos),
            Row("eng/pipelines/build.yml", 4, "azure-pipelines/parameter-default", "parameters.buildPlatform.container",
                raw: azurelinux, image: azurelinux),
            Row("eng/pipelines/build.yml", 7, "azure-pipelines/job-container", "jobs[Build].container",
                raw: "${{ parameters.buildPlatform.container }}", image: azurelinux),
        ])
    }

    // Shaped like Arcade's enable-internal-runtimes.yml: `container` names a storage blob container.
    func testAContainerParameterThatNeverReachesAContainerIsNotAnImage() {
        let files = [
            "eng/common/steps/enable-internal-runtimes.yml": """
                parameters:
                - name: federatedServiceConnection
                  default: 'dotnetbuilds-internal-read'
                steps:
                - ${{ if ne(variables['System.TeamProject'], 'public') }}:
                  - template: /eng/common/steps/get-delegation-sas.yml
                    parameters:
                      federatedServiceConnection: ${{ parameters.federatedServiceConnection }}
                      storageAccount: dotnetbuilds
                      container: internal
                  - template: /eng/common/steps/sas-wrapper.yml
                    parameters:
                      container: internal
                """,
            "eng/common/steps/get-delegation-sas.yml": """
                parameters:
                - name: federatedServiceConnection
                  type: string
                - name: storageAccount
                  type: string
                - name: container
                  type: string
                steps:
                - task: AzureCLI@2
                  displayName: 'Generate delegation SAS Token for ${{ parameters.storageAccount }}/${{ parameters.container }}'
                  inputs:
                    inlineScript: |
                      az storage container generate-sas --name ${{ parameters.container }}
                """,
            "eng/common/steps/sas-wrapper.yml": """
                parameters:
                  container: ''
                steps:
                - template: /eng/common/steps/get-delegation-sas.yml
                  parameters:
                    storageAccount: dotnetbuilds
                    container: ${{ parameters.container }}
                """,
        ]
        XCTAssertEqual(TestBranch.rows(files), [])
    }
}
