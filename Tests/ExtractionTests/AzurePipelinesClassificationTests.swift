import XCTest
import Yams
@testable import Extraction

final class AzurePipelinesClassificationTests: XCTestCase {
    func looksLikeAzurePipelines(_ text: String) throws -> Bool {
        let root = try XCTUnwrap(try Yams.compose(yaml: text))
        return AzurePipelinesExtractor.looksLikeAzurePipelines(root)
    }

    func testPipelinesAndTemplatesOfEveryShapeAreAzurePipelines() throws {
        XCTAssertTrue(try looksLikeAzurePipelines("trigger:\n- main\npool:\n  vmImage: ubuntu-latest\nsteps:\n- script: make\n"))
        XCTAssertTrue(try looksLikeAzurePipelines("parameters:\n- name: x\n  default: y\njobs:\n- job: A\n  steps:\n  - bash: make\n"))
        XCTAssertTrue(try looksLikeAzurePipelines("variables:\n- name: a\n  value: b\n"))
        XCTAssertTrue(try looksLikeAzurePipelines("stages:\n- stage: Build\n  jobs: []\n"))
        XCTAssertTrue(try looksLikeAzurePipelines("extends:\n  template: v1/x.yml@templates\n"))
        XCTAssertTrue(try looksLikeAzurePipelines(
            "resources:\n  containers:\n  - container: a\n    image: b\n${{ if true }}:\n  jobs:\n  - job: A\n"))
        XCTAssertTrue(try looksLikeAzurePipelines("steps:\n- template: build.yml\n- ${{ if true }}:\n  - script: make\n"))
    }

    func testOtherCIFilesComposeAndManifestsAreNot() throws {
        XCTAssertFalse(try looksLikeAzurePipelines(
            "name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container: node:20\n"), "GitHub workflow")
        XCTAssertFalse(try looksLikeAzurePipelines(
            "stages:\n- build\nvariables:\n  IMAGE: alpine\nbuild:\n  image: $IMAGE\n  script: make\n"), "GitLab CI")
        XCTAssertFalse(try looksLikeAzurePipelines("stages: [build, test]\nvariables:\n  A: b\n"), "GitLab stages")
        XCTAssertFalse(try looksLikeAzurePipelines("services:\n  web:\n    image: nginx\n"), "compose")
        XCTAssertFalse(try looksLikeAzurePipelines(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - image: nginx\n"), "Kubernetes")
        XCTAssertFalse(try looksLikeAzurePipelines("resources:\n- deployment.yaml\nimages:\n- name: nginx\n"), "kustomize")
        XCTAssertFalse(try looksLikeAzurePipelines("steps:\n- name: build\n  image: golang:1.22\n  commands: [make]\n"), "Woodpecker")
        XCTAssertFalse(try looksLikeAzurePipelines("steps:\n- name: gcr.io/cloud-builders/docker\n  args: [build]\n"), "Cloud Build")
        XCTAssertFalse(try looksLikeAzurePipelines("version: 2.1\njobs:\n  build:\n    docker:\n    - image: cimg/base\n"), "CircleCI")
        XCTAssertFalse(try looksLikeAzurePipelines("- hosts: all\n  tasks: []\n"), "Ansible playbook")
    }
}
