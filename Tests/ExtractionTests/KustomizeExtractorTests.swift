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
}
