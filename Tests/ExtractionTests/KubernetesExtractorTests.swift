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
                .unresolved(reason: "Helm template expression {{ .Values.helper.image | default \"busybox\" }} is rendered by Helm")),
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
}
