import XCTest
@testable import Extraction

final class ComposeExtractorTests: XCTestCase {
    func testImagesWithInterpolationDefaultsAndBuilds() {
        let result = facts("deploy/docker-compose.yml", """
        x-base: &base
          image: "nginx:${NGINX_TAG:-1.27}"
          restart: always
        services:
          web:
            <<: *base
          api:
            image: ${REGISTRY-ghcr.io/org}/api:${TAG}
          worker:
            build: ./worker
          tool:
            build:
              context: ../tools
              dockerfile: build/Tool.Dockerfile
            image: org/tool:dev
          literal:
            image: 'postgres:16'   # image: not-this
          escaped:
            image: app:$$HOME
          alternative:
            image: app:${FLAG:+set}
        """)
        assertRefs(result, [
            Ref(6, "compose/image", "nginx:${NGINX_TAG:-1.27}", lit("nginx:1.27")),
            Ref(8, "compose/image", "${REGISTRY-ghcr.io/org}/api:${TAG}",
                .unresolved(reason: "TAG is set from the environment or an .env file when Compose runs")),
            Ref(10, "compose/build", "./worker", .unresolved(reason: "built locally from deploy/worker/Dockerfile")),
            Ref(14, "compose/build", "build/Tool.Dockerfile", .unresolved(reason: "built locally from tools/build/Tool.Dockerfile")),
            Ref(15, "compose/build-tag", "org/tool:dev", lit("org/tool:dev")),
            Ref(17, "compose/image", "postgres:16", lit("postgres:16")),
            Ref(19, "compose/image", "app:$$HOME", lit("app:$HOME")),
            Ref(21, "compose/image", "app:${FLAG:+set}", .unresolved(reason: "${FLAG:+set} depends on whether FLAG is set when Compose runs")),
        ])
        XCTAssertEqual(contexts(result).first, "services.web (via *base)")
    }

    func testComposeFileIsRecognisedByContentUnderAnyName() {
        let result = facts("stack/prod.yml", "services:\n  db:\n    image: mariadb:11\nvolumes:\n  data: {}\n")
        assertRefs(result, [Ref(3, "compose/image", "mariadb:11", lit("mariadb:11"))])
    }

    func testBrokenComposeFileIsReadLineByLine() {
        let result = facts("compose.yaml", "services:\n  a:\n    image: redis:7\n   bad: [\n")
        assertRefs(result, [Ref(3, "compose/image", "redis:7", lit("redis:7"))])
        XCTAssertEqual(result.warnings.count, 1)
        XCTAssertNotNil(result.warnings.first?.line)
    }
}
