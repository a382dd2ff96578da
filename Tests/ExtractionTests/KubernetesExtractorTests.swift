import XCTest
@testable import Extraction

final class KubernetesExtractorTests: XCTestCase {
    func testEveryWorkloadKindAndContainerListAcrossDocuments() {
        let result = facts("k8s/app.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
                - name: migrate
                  image: org/migrate:1.2
              containers:
                - name: web
                  image: "nginx:1.27"
                  env:
                    - name: image
                      value: not-an-image
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: job
                      image: busybox@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
        spec:
          ephemeralContainers:
            - name: dbg
              image: busybox:1.36
          containers: []
        """)
        assertRefs(result, [
            Ref(10, "kubernetes/init-container", "org/migrate:1.2", lit("org/migrate:1.2")),
            Ref(13, "kubernetes/container", "nginx:1.27", lit("nginx:1.27")),
            Ref(28, "kubernetes/container",
                "busybox@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79",
                lit("busybox@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79")),
            Ref(37, "kubernetes/ephemeral-container", "busybox:1.36", lit("busybox:1.36")),
        ])
        XCTAssertEqual(contexts(result), [
            "Deployment/web spec.template.spec.initContainers[migrate]",
            "Deployment/web spec.template.spec.containers[web]",
            "CronJob/nightly spec.jobTemplate.spec.template.spec.containers[job]",
            "Pod/debug spec.ephemeralContainers[dbg]",
        ])
    }

    func testAContainerListReachedThroughAMergeKeyIsRead() {
        // A document is walked only when a plain look at its nodes finds a list under a container key:
        // one written under an anchor and merged elsewhere is found there too.
        let result = facts("k8s/app.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        x-pod: &pod
          containers:
            - name: web
              image: nginx:1.27
        spec:
          template:
            spec:
              <<: *pod
        """)
        XCTAssertTrue(result.references.contains { $0.raw == "nginx:1.27" && $0.context?.contains("spec.template.spec.containers") == true },
                      "\(result.references.map { ($0.raw, $0.context ?? "") })")
        XCTAssertEqual(facts("k8s/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n").references, [])
    }

    func testHelmTemplatedManifestThatIsNotYAMLIsReadLineByLineAndResolvedFromTheChart() {
        let template = """
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                {{- range .Values.sidecars }}
                - name: {{ .name }}
                {{- end }}
                - name: app
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                - name: helper
                  image: "{{ .Values.helper.image | default "busybox" }}"
                - name: fixed
                  image: busybox:1.36 # image: not-this
        """
        let templateFacts = facts("charts/web/templates/deployment.yaml", template)
        assertRefs(templateFacts, [
            Ref(11, "kubernetes/container", "{{ .Values.image.repository }}:{{ .Values.image.tag }}",
                .symbolic(text: "{{helm/value:image.repository}}:{{helm/value:image.tag}}")),
            Ref(13, "kubernetes/container", "{{ .Values.helper.image | default \"busybox\" }}",
                .symbolic(text: "{{helm/render:\u{02} .Values.helper.image | default \"busybox\" \u{03}}}")),
            Ref(15, "kubernetes/container", "busybox:1.36", lit("busybox:1.36")),
        ])
        XCTAssertTrue(templateFacts.warnings.isEmpty == false)
        XCTAssertEqual(templateFacts.includes.map(\.path), ["charts/web/values.yaml", "charts/web/Chart.yaml"])

        let values = "image:\n  repository: ghcr.io/org/web\n  tag: \"2.4.1\"\n"
        let resolved = resolveBranch(["charts/web/templates/deployment.yaml": template, "charts/web/values.yaml": values,
                                      "charts/web/Chart.yaml": "name: web\nversion: 0.1.0\nappVersion: 2.4.1\n"])
        let line11 = resolved.first { $0.0 == "charts/web/templates/deployment.yaml" && $0.1 == 11 }
        XCTAssertEqual(line11?.2, "ghcr.io/org/web:2.4.1")
    }

    func testValidYAMLTemplateUsesChartAppVersion() {
        let result = facts("chart/templates/job.yaml", """
        apiVersion: batch/v1
        kind: Job
        spec:
          template:
            spec:
              containers:
                - name: x
                  image: registry.example.com/tool:{{ .Chart.AppVersion }}
        """)
        assertRefs(result, [Ref(8, "kubernetes/container", "registry.example.com/tool:{{ .Chart.AppVersion }}",
                                .symbolic(text: "registry.example.com/tool:{{helm/chart:appVersion}}"))])
        XCTAssertTrue(result.warnings.isEmpty)
    }

    func testNonKubernetesYAMLWithImageKeysIsNotAReference() {
        let result = facts("config/settings.yml", "ui:\n  image: logo.png\n  containers:\n    - image: not-k8s\n")
        XCTAssertTrue(result.references.isEmpty)
    }

    func testProwJobContainersAreReadWithTheJobNamedInTheContext() {
        let result = facts("config/jobs/org/repo/repo-presubmits.yaml", """
        presubmits:
          org/repo:
          - name: pull-repo-unit
            always_run: true
            decorate: true
            spec:
              containers:
              - image: gcr.io/k8s-staging-test-infra/kubekins-e2e:v20261201-abc123-master
                command:
                - runner.sh
                args:
                - make
                - test
                resources:
                  requests:
                    cpu: "2"
        postsubmits:
          org/repo:
          - name: post-repo-push-images
            spec:
              serviceAccountName: deployer
              initContainers:
              - name: fetch
                image: alpine:3.20
                command: [sh]
              containers:
              - image: gcr.io/k8s-staging-test-infra/image-builder:v20261120-1234
                command: ["/run.sh"]
        periodics:
        - name: ci-repo-nightly
          interval: 24h
          spec:
            containers:
            - image: golang:1.23
              command: [go]
              args: [test, ./...]
        """)
        assertRefs(result, [
            Ref(8, "prow/container", "gcr.io/k8s-staging-test-infra/kubekins-e2e:v20261201-abc123-master",
                lit("gcr.io/k8s-staging-test-infra/kubekins-e2e:v20261201-abc123-master")),
            Ref(24, "prow/init-container", "alpine:3.20", lit("alpine:3.20")),
            Ref(27, "prow/container", "gcr.io/k8s-staging-test-infra/image-builder:v20261120-1234",
                lit("gcr.io/k8s-staging-test-infra/image-builder:v20261120-1234")),
            Ref(34, "prow/container", "golang:1.23", lit("golang:1.23")),
        ])
        XCTAssertEqual(contexts(result), [
            "presubmits.org/repo[pull-repo-unit].spec.containers[0]",
            "postsubmits.org/repo[post-repo-push-images].spec.initContainers[fetch]",
            "postsubmits.org/repo[post-repo-push-images].spec.containers[0]",
            "periodics[ci-repo-nightly].spec.containers[0]",
        ])
    }

    func testInRepoProwConfigListsJobsWithoutTheRepository() {
        let result = facts(".prow.yaml", """
        presubmits:
        - name: pull-widget-lint
          always_run: true
          spec:
            containers:
            - image: golangci/golangci-lint:v1.61.0
              command: [golangci-lint, run]
        """)
        assertRefs(result, [Ref(6, "prow/container", "golangci/golangci-lint:v1.61.0", lit("golangci/golangci-lint:v1.61.0"))])
        XCTAssertEqual(contexts(result), ["presubmits[pull-widget-lint].spec.containers[0]"])
    }

    func testPodSpecEmbeddedInAnyOtherYAMLIsAPodSpec() {
        let result = facts("deploy/operator-config.yaml", """
        operator:
          logLevel: info
          podTemplate:
            spec:
              containers:
                - name: agent
                  image: quay.io/org/agent:2.1
                  args: [--verbose]
        """)
        assertRefs(result, [Ref(7, "kubernetes/container", "quay.io/org/agent:2.1", lit("quay.io/org/agent:2.1"))])
        XCTAssertEqual(contexts(result), ["operator.podTemplate.spec.containers[agent]"])
    }

    func testAContainerListKeyWrittenWithAnEscapeIsStillFound() {
        // The file's text never holds `containers`: only the escape spells it, so the text screen must
        // not rule the file out.
        let result = facts("deploy/operator-config.yaml", """
        operator:
          podTemplate:
            spec:
              "\\x63\\x6fntainers":
                - name: agent
                  image: quay.io/org/agent:2.1
        """)
        assertRefs(result, [Ref(6, "kubernetes/container", "quay.io/org/agent:2.1", lit("quay.io/org/agent:2.1"))])
    }

    func testTheTextScreenRulesOutOnlyFilesThatCannotSpellTheWord() {
        XCTAssertFalse(YAMLTraversal(text: "spec:\n  services:\n    - image: a:1\n").mayMention("ontainers"))
        XCTAssertTrue(YAMLTraversal(text: "spec:\n  initContainers: []\n").mayMention("ontainers"))
        XCTAssertTrue(YAMLTraversal(text: "spec:\n  \"\\x63\\x6fntainers\": []\n").mayMention("ontainers"),
                      "an escape can spell any key")
    }

    func testContainerListsThatAreNotPodSpecsAreNotReferences() {
        let result = facts("config/app.yaml", """
        deploy:
          containers: [web, db]
        gallery:
          containers:
            - image: banner.png
              caption: Our fleet
        mixed:
          containers:
            - name: web
              image: nginx:1.27
            - title: not a container
        """)
        XCTAssertTrue(result.references.isEmpty)
    }

    func testImageVolumesRelatedImagesAndRelatedImageEnvironmentValues() {
        let result = facts("bundle/manifests.yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: with-artifact
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              volumeMounts:
                - name: models
                  mountPath: /models
          volumes:
            - name: models
              image:
                reference: quay.io/org/models:v3
                pullPolicy: IfNotPresent
            - name: scratch
              emptyDir: {}
        ---
        apiVersion: operators.coreos.com/v1alpha1
        kind: ClusterServiceVersion
        metadata:
          name: widget-operator.v1.2.0
        spec:
          relatedImages:
            - name: widget
              image: quay.io/org/widget@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79
          install:
            spec:
              deployments:
                - name: widget-operator
                  spec:
                    template:
                      spec:
                        containers:
                          - name: manager
                            image: quay.io/org/widget-operator:v1.2.0
                            env:
                              - name: RELATED_IMAGE_WIDGET
                                value: quay.io/org/widget:v1.2.0
                              - name: WATCH_NAMESPACE
                                value: ""
                              - name: LOG_IMAGE_FORMAT
                                value: json
        """)
        let digest = "quay.io/org/widget@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79"
        assertRefs(result, [
            Ref(8, "kubernetes/container", "registry.example.com/app:1.0", lit("registry.example.com/app:1.0")),
            Ref(15, "kubernetes/image-volume", "quay.io/org/models:v3", lit("quay.io/org/models:v3")),
            Ref(27, "olm/related-image", digest, lit(digest)),
            Ref(37, "kubernetes/container", "quay.io/org/widget-operator:v1.2.0", lit("quay.io/org/widget-operator:v1.2.0")),
            Ref(40, "kubernetes/related-image-env", "quay.io/org/widget:v1.2.0", lit("quay.io/org/widget:v1.2.0")),
        ])
        let manager = "ClusterServiceVersion/widget-operator.v1.2.0 spec.install.spec.deployments[0].spec.template.spec.containers[manager]"
        XCTAssertEqual(contexts(result), [
            "Pod/with-artifact spec.containers[app]",
            "Pod/with-artifact spec.volumes[models]",
            "ClusterServiceVersion/widget-operator.v1.2.0 spec.relatedImages[widget]",
            manager,
            manager + ".env[RELATED_IMAGE_WIDGET]",
        ])
    }

    /// A Prow periodics file of `count` jobs, each with one container.
    private func periodics(_ count: Int) -> String {
        "periodics:\n" + (0..<count).map { index in
            "- name: ci-job-\(index)\n  interval: 1h\n  spec:\n    containers:\n    - image: golang:1.\(index)\n      command: [make]\n"
        }.joined()
    }

    func testFindingPodSpecsPaysTheBudgetInProportionToTheDocument() {
        let small = ExtractionBudget()
        let smallFacts = YAMLExtractor.extract(path: "config/jobs/a.yaml", text: periodics(200), budget: small)
        let large = ExtractionBudget()
        let largeFacts = YAMLExtractor.extract(path: "config/jobs/a.yaml", text: periodics(400), budget: large)
        XCTAssertEqual(smallFacts.references.count, 200)
        XCTAssertEqual(largeFacts.references.count, 400)
        XCTAssertGreaterThan(small.stepsUsed, 200)
        XCTAssertLessThanOrEqual(large.stepsUsed, 2 * small.stepsUsed + 100, "twice the jobs, at most twice the work")
    }

    func testASpentBudgetStopsThePodSpecSearchWithAWarning() {
        let budget = ExtractionBudget(steps: 500)
        let result = YAMLExtractor.extract(path: "config/jobs/a.yaml", text: periodics(400), budget: budget)
        XCTAssertLessThan(result.references.count, 400)
        XCTAssertTrue(result.warnings.contains { $0.message.contains("the extraction budget of one file") },
                      "\(result.warnings)")
    }
}
