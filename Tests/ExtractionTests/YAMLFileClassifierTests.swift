import XCTest
@testable import Extraction

final class YAMLFileClassifierTests: XCTestCase {
    private func source(_ text: String) -> YAMLSource? {
        YAMLDocuments.load(text: text).roots.first.flatMap(YAMLFileClassifier.source(document:))
    }

    func testPathsThatToolsFixDecideTheSource() {
        XCTAssertEqual(YAMLFileClassifier.source(path: ".github/workflows/ci.yml"), .githubWorkflow)
        XCTAssertEqual(YAMLFileClassifier.source(path: "tools/x/action.yaml"), .githubAction)
        XCTAssertEqual(YAMLFileClassifier.source(path: ".gitlab-ci.yml"), .gitlabCI)
        XCTAssertEqual(YAMLFileClassifier.source(path: "ci/build.gitlab-ci.yml"), .gitlabCI)
        XCTAssertEqual(YAMLFileClassifier.source(path: "docker-compose.override.yml"), .compose)
        XCTAssertEqual(YAMLFileClassifier.source(path: "deploy/compose.prod.yaml"), .compose)
        XCTAssertEqual(YAMLFileClassifier.source(path: ".circleci/config.yml"), .circleCI)
        XCTAssertEqual(YAMLFileClassifier.source(path: ".drone.yml"), .drone)
        XCTAssertEqual(YAMLFileClassifier.source(path: "bitbucket-pipelines.yml"), .bitbucket)
        XCTAssertEqual(YAMLFileClassifier.source(path: ".woodpecker/test.yml"), .woodpecker)
        XCTAssertEqual(YAMLFileClassifier.source(path: ".crow/test.yml"), .crow)
        XCTAssertEqual(YAMLFileClassifier.source(path: "cloudbuild.yaml"), .cloudBuild)
        XCTAssertEqual(YAMLFileClassifier.source(path: ".vela.yml"), .vela)
        XCTAssertEqual(YAMLFileClassifier.source(path: "base/kustomization.yaml"), .kustomize)
        XCTAssertEqual(YAMLFileClassifier.source(path: "charts/a/Chart.yaml"), .helmChart)
        XCTAssertEqual(YAMLFileClassifier.source(path: "charts/a/values-prod.yaml"), .helmValues)
        XCTAssertEqual(YAMLFileClassifier.source(path: "azure-pipelines.yml"), .azurePipelines)
        XCTAssertEqual(YAMLFileClassifier.source(path: ".vsts-ci.yml"), .azurePipelines)
        XCTAssertNil(YAMLFileClassifier.source(path: "eng/pipelines/build.yml"))
        XCTAssertNil(YAMLFileClassifier.source(path: "workflows/ci.yml"))
    }

    func testAzurePipelinesAreFoundByTheirTopLevelKeys() {
        XCTAssertEqual(source("parameters:\n  stage: ''\n  script: x\njobs:\n- job: A\n  pool:\n    vmImage: ubuntu-latest\n"), .azurePipelines)
        XCTAssertEqual(source("stages:\n- stage: Build\n  jobs: []\n"), .azurePipelines)
        XCTAssertEqual(source("resources:\n  containers:\n  - container: c\n    image: x\n"), .azurePipelines)
        XCTAssertEqual(source("steps:\n- script: echo\n"), .azurePipelines)
        XCTAssertEqual(source("extends:\n  template: t.yml\n"), .azurePipelines)
    }

    func testLookAlikeTopLevelKeysAreToldApart() {
        XCTAssertEqual(source("on: push\njobs:\n  a:\n    runs-on: x\n"), .githubWorkflow)
        XCTAssertEqual(source("stages: [build]\nbuild:\n  script: make\n"), .gitlabCI)
        XCTAssertEqual(source("include: ci/a.yml\nvariables:\n  A: b\n"), .gitlabCI)
        XCTAssertEqual(source("steps:\n- name: gcr.io/x\n  args: [a]\n"), .cloudBuild)
        XCTAssertEqual(source("kind: pipeline\nsteps: []\n"), .drone)
        XCTAssertEqual(source("services:\n  web:\n    image: nginx\n"), .compose)
        XCTAssertEqual(source("version: 2.1\nworkflows: {}\njobs: {}\n"), .circleCI)
        XCTAssertEqual(source("apiVersion: tekton.dev/v1\nkind: Task\n"), .tekton)
        XCTAssertEqual(source("apiVersion: argoproj.io/v1alpha1\nkind: Application\n"), .argoCD)
        XCTAssertEqual(source("apiVersion: apps/v1\nkind: Deployment\n"), .kubernetes)
        XCTAssertEqual(source("- hosts: all\n  tasks: []\n"), .ansible)
        XCTAssertNil(source("name: settings\nimage: logo.png\n"))
        XCTAssertEqual(source("kind: TaskRun\nspec:\n  taskSpec:\n    steps: []\n"), .tekton)
        XCTAssertNil(source("kind: Task\nspec:\n  image: x\n"))
        XCTAssertEqual(source("periodics:\n- name: j\n  spec:\n    containers:\n    - image: x\n      command: [a]\n"), .kubernetes)
        XCTAssertNil(source("periodics:\n- name: j\n  containers: [a, b]\n"))
        XCTAssertNil(source("- a\n- b\n"))
    }

    func testEachDocumentOfAMixedFileGoesToItsOwnExtractor() {
        let result = facts("deploy/all.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: c
              image: nginx:1.27
        ---
        apiVersion: tekton.dev/v1
        kind: Task
        metadata: {name: t}
        spec:
          steps:
            - name: s
              image: alpine:3.20
        """)
        assertRefs(result, [
            Ref(7, "kubernetes/container", "nginx:1.27", lit("nginx:1.27")),
            Ref(15, "tekton/step", "alpine:3.20", lit("alpine:3.20")),
        ])
    }

    func testAliasBombInAManifestEndsWithAWarningInTheFacts() {
        var text = "apiVersion: v1\nkind: List\nx0: &x0 [{containers: [{image: a:1}]}, {containers: [{image: a:1}]}]\n"
        for level in 1...24 {
            text += "x\(level): &x\(level) [*x\(level - 1), *x\(level - 1)]\n"
        }
        let result = facts("bomb.yaml", text)
        XCTAssertTrue(result.warnings.contains { $0.message.contains("alias bomb") })
        XCTAssertTrue(result.references.allSatisfy { $0.raw == "a:1" })
        XCTAssertFalse(result.references.isEmpty)
    }
}
