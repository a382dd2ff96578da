import XCTest
@testable import Extraction

final class ArgoCDExtractorTests: XCTestCase {
    func testOCISourcesOfApplicationsAndApplicationSets() {
        let result = facts("apps/app.yaml", """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: web
        spec:
          sources:
            - repoURL: oci://ghcr.io/org/charts
              chart: web
              targetRevision: 1.4.2
            - repoURL: https://github.com/org/config.git
              targetRevision: main
            - repoURL: oci://registry.example.com/charts/ranged
              targetRevision: 1.2.*
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: fleet}
        spec:
          template:
            spec:
              source:
                repoURL: oci://registry.example.com/bundles/fleet
                targetRevision: "2.0.0"
        """)
        assertRefs(result, [
            Ref(7, "argocd/oci-source", "oci://ghcr.io/org/charts/web:1.4.2", lit("ghcr.io/org/charts/web:1.4.2")),
            Ref(12, "argocd/oci-source", "oci://registry.example.com/charts/ranged:1.2.*",
                .unresolved(reason: "targetRevision 1.2.* is a version range that Argo CD resolves when it syncs")),
            Ref(22, "argocd/oci-source", "oci://registry.example.com/bundles/fleet:2.0.0", lit("registry.example.com/bundles/fleet:2.0.0")),
        ])
    }

    func testKustomizeImageOverridesOfASourceAreTheImagesThatRun() {
        let result = facts("apps/guestbook.yaml", """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: guestbook
        spec:
          source:
            repoURL: https://github.com/org/deploy.git
            path: overlays/prod
            kustomize:
              images:
                - controller=registry.example.com/org/controller:v2.3.1
                - ghcr.io/org/worker:1.4
              namePrefix: prod-
        """)
        assertRefs(result, [
            Ref(11, "argocd/kustomize-image", "controller=registry.example.com/org/controller:v2.3.1",
                lit("registry.example.com/org/controller:v2.3.1")),
            Ref(12, "argocd/kustomize-image", "ghcr.io/org/worker:1.4", lit("ghcr.io/org/worker:1.4")),
        ])
        XCTAssertEqual(contexts(result), [
            "Application/guestbook spec.source.kustomize.images[controller]",
            "Application/guestbook spec.source.kustomize.images[1]",
        ])
    }
}
