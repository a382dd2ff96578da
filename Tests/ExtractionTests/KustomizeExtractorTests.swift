import XCTest
@testable import Extraction

final class KustomizeExtractorTests: XCTestCase {
    func testImageOverridesNameTheRenderedImage() {
        let result = facts("overlays/prod/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [../../base]
        images:
          - name: nginx
            newTag: "1.27"
          - name: app
            newName: registry.example.com/team/app
            newTag: v2
          - name: pinned
            digest: sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79
          - name: unchanged
        """)
        assertRefs(result, [
            Ref(6, "kustomize/image", "nginx:1.27", lit("nginx:1.27")),
            Ref(8, "kustomize/image", "registry.example.com/team/app:v2", lit("registry.example.com/team/app:v2")),
            Ref(11, "kustomize/image", "pinned@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79",
                lit("pinned@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79")),
        ])
        XCTAssertEqual(contexts(result), ["images[nginx]", "images[app]", "images[pinned]"])
    }

    /// A kubebuilder layout (placeholder `controller:latest` replaced next to it), a base rendered by two
    /// overlays that replace it differently, and a manifest no kustomization lists.
    static let branch = [
        "config/manager/kustomization.yaml": """
            resources:
            - manager.yaml
            images:
            - name: controller
              newName: quay.io/org/widget-operator
              newTag: v1.2.0
            """,
        "config/manager/manager.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: controller-manager
            spec:
              template:
                spec:
                  containers:
                    - name: manager
                      image: controller:latest
                    - name: proxy
                      image: gcr.io/kubebuilder/kube-rbac-proxy:v0.16.0
            """,
        "config/default/kustomization.yaml": """
            resources:
            - ../manager
            """,
        "base/deployment.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: app
                    - name: worker
                      image: worker:1.4
            """,
        "overlays/prod/kustomization.yaml": """
            resources:
            - ../../base
            images:
            - name: app
              newName: registry.example.com/team/app
              newTag: v2
            - name: worker
              newName: registry.example.com/team/worker
            """,
        "overlays/dev/kustomization.yaml": """
            resources: [../../base]
            images:
            - name: app
              newTag: dev
            """,
        "other/pod.yaml": """
            apiVersion: v1
            kind: Pod
            metadata: {name: scratch}
            spec:
              containers:
                - name: c
                  image: controller:latest
            """,
    ]

    func testPlaceholdersInRenderedManifestsRunAsTheKustomizationsReplacement() {
        let manifests = resolveBranch(Self.branch).filter { !$0.0.hasSuffix("kustomization.yaml") }
        XCTAssertEqual(manifests.map { "\($0.0):\($0.1) \($0.2 ?? "-")" }, [
            "base/deployment.yaml:9 app:dev",
            "base/deployment.yaml:9 registry.example.com/team/app:v2",
            "base/deployment.yaml:11 registry.example.com/team/worker:1.4",
            "base/deployment.yaml:11 worker:1.4",
            "config/manager/manager.yaml:10 quay.io/org/widget-operator:v1.2.0",
            "config/manager/manager.yaml:12 gcr.io/kubebuilder/kube-rbac-proxy:v0.16.0",
            "other/pod.yaml:7 controller:latest",
        ])
    }

    func testRemoteAndEscapingResourcesAreNotFilesOfTheBranch() {
        let result = facts("deploy/kustomization.yaml", """
        resources:
        - https://github.com/org/repo//config?ref=v1
        - ../../outside.yaml
        - ./service.yaml
        - ../shared
        images:
        - name: app
          newTag: "2"
        """)
        XCTAssertEqual(result.definitions.map { "\($0.name)=\($0.value)" }, [
            "deploy/service.yaml=deploy/kustomization.yaml",
            "shared/=deploy/kustomization.yaml",
            "deploy/service.yaml#app=app:2",
            "shared/#app=app:2",
        ])
    }
}
