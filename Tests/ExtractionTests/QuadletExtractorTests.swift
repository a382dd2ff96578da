import XCTest
@testable import Extraction

final class QuadletExtractorTests: XCTestCase {
    func testImageKeyOfTheContainerSectionOnly() {
        let result = facts("deploy/web.container", """
        [Unit]
        Description=web
        Image=not-this-section:1

        [Container]
        # Image=commented:1
        ContainerName=web
        Image="docker.io/library/nginx:1.27"
        [Service]
        Restart=always
        """)
        assertRefs(result, [Ref(8, "quadlet/image", "docker.io/library/nginx:1.27", lit("docker.io/library/nginx:1.27"))])
    }

    func testContinuationsAndImageUnits() {
        let result = facts("a.container", "[Container]\nImage=\\\n  quay.io/org/app:2\n[Container]\nImage=app.image\n")
        assertRefs(result, [
            Ref(2, "quadlet/image", "quay.io/org/app:2", lit("quay.io/org/app:2")),
            Ref(5, "quadlet/image", "app.image", .unresolved(reason: "app.image is another Quadlet unit that provides the image")),
        ])
    }
}
