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
            Ref(6, "compose/image", "nginx:${NGINX_TAG:-1.27}", env("nginx:${NGINX_TAG:-1.27}")),
            Ref(8, "compose/image", "${REGISTRY-ghcr.io/org}/api:${TAG}", env("${REGISTRY-ghcr.io/org}/api:${TAG}")),
            Ref(10, "compose/build", "./worker", .unresolved(reason: "built locally from deploy/worker/Dockerfile")),
            Ref(14, "compose/build", "build/Tool.Dockerfile", .unresolved(reason: "built locally from tools/build/Tool.Dockerfile")),
            Ref(15, "compose/build-tag", "org/tool:dev", lit("org/tool:dev")),
            Ref(17, "compose/image", "postgres:16", lit("postgres:16")),
            Ref(19, "compose/image", "app:$$HOME", lit("app:$HOME")),
            Ref(21, "compose/image", "app:${FLAG:+set}", env("app:${FLAG:+set}")),
        ])
        XCTAssertEqual(contexts(result).first, "services.web (via *base)")
        XCTAssertEqual(result.includes, [FileInclude(path: "deploy/.env", line: 1)])
        // Without a `.env` beside it, the file alone decides: defaults taken, plain variables unresolved.
        let resolved = BranchResolver.resolve(["deploy/docker-compose.yml": result]).filter { $0.kind == "compose/image" }
        XCTAssertEqual(resolved.map(\.line), [6, 8, 17, 19, 21])
        XCTAssertEqual(resolved.map(\.image), ["nginx:1.27", nil, "postgres:16", "app:$HOME", nil])
        XCTAssertEqual(resolved.filter { !$0.resolved }.compactMap(\.reason), [
            "TAG is set from the environment or an .env file when Compose runs",
            "${FLAG:+set} depends on whether FLAG is set when Compose runs",
        ])
    }

    /// The placeholder a Compose value with variables becomes, for the `.env` of its folder.
    func env(_ raw: String) -> ImageExpression {
        .symbolic(text: "{{compose/env:\(ComposeExtractor.encodeBraces(raw))}}")
    }

    func testLiteralImagesNeedNoEnvFile() {
        let result = facts("compose.yaml", "services:\n  db:\n    image: postgres:16\n")
        assertRefs(result, [Ref(3, "compose/image", "postgres:16", lit("postgres:16"))])
        XCTAssertEqual(result.includes, [])
    }

    func testVersion1FileHasServicesAtTheTopLevel() {
        let result = facts("docker-compose.yml", """
        web:
          build: .
          image: example/web:dev
          links:
            - db
        db:
          image: postgres:9.6
          environment:
            POSTGRES_DB: app
        """)
        assertRefs(result, [
            Ref(2, "compose/build", ".", .unresolved(reason: "built locally from Dockerfile")),
            Ref(3, "compose/build-tag", "example/web:dev", lit("example/web:dev")),
            Ref(7, "compose/image", "postgres:9.6", lit("postgres:9.6")),
        ])
        XCTAssertEqual(contexts(result), ["services.web.build", "services.web", "services.db"])
    }

    func testVersion1ShapeIsNotReadUnderOtherNames() {
        let text = "web:\n  image: example/web:1\n  ports:\n    - 80:80\n"
        assertRefs(facts("deploy/app.yml", text), [])
        assertRefs(facts("docker-compose.override.yml", text), [Ref(2, "compose/image", "example/web:1", lit("example/web:1"))])
    }

    func testVersion1ShapeNeedsEveryTopLevelKeyToBeAService() {
        // A settings file named like a compose file: one mapping has `image`, another key is not a service.
        assertRefs(facts("compose-settings.yml", """
        logo:
          image: assets/logo.png
          width: 120
        title: Dashboard
        """), [])
        assertRefs(facts("docker-compose.yml", """
        web:
          image: example/web:1
          replicas: 3
        """), [])
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
