import XCTest
@testable import Extraction

final class TektonExtractorTests: XCTestCase {
    func testStepsSidecarsAndStepTemplatesWithParamDefaults() {
        let result = facts("tekton/task.yaml", """
        apiVersion: tekton.dev/v1
        kind: Task
        metadata:
          name: build
        spec:
          params:
            - name: goVersion
              default: "1.22"
          stepTemplate:
            image: alpine:3.20
          steps:
            - name: compile
              image: golang:$(params.goVersion)
            - name: push
              image: $(params.pusher)
          sidecars:
            - name: docker
              image: docker:27-dind
        ---
        apiVersion: tekton.dev/v1
        kind: PipelineRun
        metadata: {name: run}
        spec:
          pipelineSpec:
            tasks:
              - name: inline
                taskSpec:
                  steps:
                    - name: hello
                      image: busybox:1.36
        """)
        assertRefs(result, [
            Ref(10, "tekton/step-template", "alpine:3.20", lit("alpine:3.20")),
            Ref(13, "tekton/step", "golang:$(params.goVersion)", lit("golang:1.22")),
            Ref(15, "tekton/step", "$(params.pusher)", .unresolved(reason: "Tekton variable $(params.pusher) is set when the run starts")),
            Ref(18, "tekton/sidecar", "docker:27-dind", lit("docker:27-dind")),
            Ref(30, "tekton/step", "busybox:1.36", lit("busybox:1.36")),
        ])
        XCTAssertEqual(contexts(result)[1], "Task/build spec.steps[compile]")
    }

    func testTektonDocumentsWithoutAPIVersionAreRecognizedByKindAndSteps() {
        let result = facts("tekton/build.yaml", """
        kind: Task
        metadata:
          name: build
        spec:
          params:
            - name: builder
              default: gcr.io/kaniko-project/executor:v1.23.0
          steps:
            - name: build
              image: $(params.builder)
            - name: test
              image: golang:1.23
        ---
        kind: Pipeline
        metadata: {name: ci}
        spec:
          tasks:
            - name: lint
              taskSpec:
                steps:
                  - name: lint
                    image: golangci/golangci-lint:v1.61
        """)
        assertRefs(result, [
            Ref(10, "tekton/step", "$(params.builder)", lit("gcr.io/kaniko-project/executor:v1.23.0")),
            Ref(12, "tekton/step", "golang:1.23", lit("golang:1.23")),
            Ref(22, "tekton/step", "golangci/golangci-lint:v1.61", lit("golangci/golangci-lint:v1.61")),
        ])
        XCTAssertEqual(contexts(result), [
            "Task/build spec.steps[build]",
            "Task/build spec.steps[test]",
            "Pipeline/ci spec.tasks[0].taskSpec.steps[lint]",
        ])
    }

    func testATaskKindWithoutStepsOrAPIVersionIsNotTekton() {
        let result = facts("jobs/task.yaml", """
        kind: Task
        metadata: {name: nightly}
        spec:
          schedule: "0 3 * * *"
          image: org/cleanup:1.0
        """)
        XCTAssertTrue(result.references.isEmpty)
    }
}
