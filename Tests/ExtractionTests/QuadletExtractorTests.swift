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

    func testImageUnitPullsTheImageOfItsImageSection() {
        let result = facts("containers/systemd/postgres.image", """
        [Unit]
        Description=Pull the database image ahead of its containers

        [Image]
        Image=docker.io/library/postgres:16.4-alpine
        Arch=amd64

        [Install]
        WantedBy=default.target
        """)
        assertRefs(result, [Ref(5, "quadlet/image", "docker.io/library/postgres:16.4-alpine", lit("docker.io/library/postgres:16.4-alpine"))])
        XCTAssertEqual(result.references.map(\.context), ["[Image] Image"])
    }

    func testImageBackedVolumeRecordsItsImageWhateverTheOrderOfDriver() {
        let result = facts("containers/systemd/models.volume", """
        [Volume]
        Image=quay.io/acme/model-weights:2024.06
        Driver=image
        Label=app=inference
        """)
        assertRefs(result, [Ref(2, "quadlet/image", "quay.io/acme/model-weights:2024.06", lit("quay.io/acme/model-weights:2024.06"))])
        XCTAssertEqual(result.references.map(\.context), ["[Volume] Image"])
    }

    func testVolumeImageNamingAnImageUnitIsThatUnit() {
        let result = facts("models.volume", "[Volume]\nDriver=image\nImage=weights.image\n")
        assertRefs(result, [Ref(3, "quadlet/image", "weights.image",
                                .unresolved(reason: "weights.image is another Quadlet unit that provides the image"))])
    }

    func testVolumeWithoutTheImageDriverHasNoImage() {
        let result = facts("data.volume", """
        [Volume]
        Driver=local
        Image=quay.io/acme/ignored:1
        Device=/dev/sdb1
        """)
        assertRefs(result, [])
    }

    func testImageKeyOutsideTheUnitsOwnSectionIsNotRead() {
        // A `.container` unit's `[Image]` or a `.image` unit's `[Container]` is not where Podman looks.
        assertRefs(facts("web.container", "[Image]\nImage=quay.io/acme/web:1\n"), [])
        assertRefs(facts("web.image", "[Container]\nImage=quay.io/acme/web:1\n"), [])
        assertRefs(QuadletExtractor.extract(path: "net.network", text: "[Network]\nImage=quay.io/acme/web:1\n"), [])
    }

    func testBinaryFilesWithAQuadletEndingAreSomeoneElsesAndPassSilently() {
        // A Smalltalk `Pharo.image` or a disk image: no references and no "binary content" warning.
        let bytes: [UInt8] = [0x68, 0x19, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02] + Array("[Image]\nImage=quay.io/x/y:1\n".utf8)
        let image = Extractors.facts(path: "smalltalk/Pharo.image", kind: .quadlet, bytes: bytes)
        XCTAssertEqual(image.references.count, 0)
        XCTAssertEqual(image.warnings.count, 0)
        // A binary `.container` is still worth the warning: that ending is Quadlet's alone.
        XCTAssertEqual(Extractors.facts(path: "web.container", kind: .quadlet, bytes: bytes).warnings.count, 1)
    }
}
