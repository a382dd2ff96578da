import XCTest
@testable import Extraction

final class ComposeResolutionTests: XCTestCase {
    /// `(path, line, kind, context, image, reason)` of every reference of a branch.
    func resolved(_ files: [String: String]) -> [String] {
        var all: [String: FileFacts] = [:]
        for (path, text) in files { all[path] = facts(path, text) }
        return BranchResolver.resolve(all).map {
            "\($0.path):\($0.line) \($0.kind) \($0.context ?? "-") \($0.image ?? "unresolved: \($0.reason ?? "")")"
        }
    }

    let compose = """
    x-defaults: &defaults
      restart: unless-stopped
    services:
      snuba:
        <<: *defaults
        image: "$SNUBA_IMAGE"
      relay:
        image: "${RELAY_IMAGE:-ghcr.io/example/relay:stable}"
      redis:
        image: "redis:${REDIS_TAG:-7.4}"
      web:
        image: "${WEB_IMAGE:?set WEB_IMAGE}"
        env_file: web.env
    """

    func testEnvFileBesideTheComposeFileResolvesItsVariables() {
        XCTAssertEqual(resolved([
            "docker-compose.yml": compose,
            ".env": "SNUBA_IMAGE=ghcr.io/example/snuba:nightly\nRELAY_IMAGE=ghcr.io/example/relay:nightly\n",
            // `env_file:` sets the container's environment; Compose never interpolates from it.
            "web.env": "WEB_IMAGE=ghcr.io/example/web:1\n",
        ]), [
            "docker-compose.yml:6 compose/image services.snuba ghcr.io/example/snuba:nightly",
            "docker-compose.yml:8 compose/image services.relay ghcr.io/example/relay:nightly",
            "docker-compose.yml:10 compose/image services.redis redis:7.4",
            "docker-compose.yml:12 compose/image services.web unresolved: WEB_IMAGE is set from the environment or an .env file when Compose runs",
        ])
    }

    func testWithoutEnvFileDefaultsApplyAndPlainVariablesStayUnresolved() {
        XCTAssertEqual(resolved(["docker-compose.yml": compose]), [
            "docker-compose.yml:6 compose/image services.snuba unresolved: SNUBA_IMAGE is set from the environment or an .env file when Compose runs",
            "docker-compose.yml:8 compose/image services.relay ghcr.io/example/relay:stable",
            "docker-compose.yml:10 compose/image services.redis redis:7.4",
            "docker-compose.yml:12 compose/image services.web unresolved: WEB_IMAGE is set from the environment or an .env file when Compose runs",
        ])
    }

    func testEnvFileOfAnotherFolderIsNotUsed() {
        XCTAssertEqual(resolved([
            "docker-compose.yml": "services:\n  app:\n    image: $APP_IMAGE\n",
            "other/.env": "APP_IMAGE=example/app:1\n",
            "other/compose.yaml": "services:\n  app:\n    image: ${APP_IMAGE}-debug\n",
        ]), [
            "docker-compose.yml:3 compose/image services.app unresolved: APP_IMAGE is set from the environment or an .env file when Compose runs",
            "other/compose.yaml:3 compose/image services.app example/app:1-debug",
        ])
    }

    func testEmptyEnvValueFallsBackOnlyWithColonDash() {
        XCTAssertEqual(resolved([
            "compose.yaml": """
            services:
              a:
                image: "redis:${TAG:-7.4}"
              b:
                image: "redis${TAG-:7.2}"
              c:
                image: "app:1${SUFFIX:+-$SUFFIX}"
            """,
            ".env": "TAG=\nSUFFIX=debug\n",
        ]), [
            "compose.yaml:3 compose/image services.a redis:7.4",
            "compose.yaml:5 compose/image services.b redis",
            "compose.yaml:7 compose/image services.c app:1-debug",
        ])
    }

    func testEnvValueBuiltFromTheShellStaysUnresolved() {
        XCTAssertEqual(resolved([
            "compose.yaml": "services:\n  app:\n    image: ${APP_IMAGE:-example/app:1}\n",
            ".env": "APP_IMAGE=${REGISTRY}/app:2\n",
        ]), [
            "compose.yaml:3 compose/image services.app unresolved: APP_IMAGE in the .env file is built from variables set when Compose runs",
        ])
    }
}

extension ComposeResolutionTests {
    static let clickhouseDockerfile = """
    ARG BASE_IMAGE=altinity/clickhouse-server:23.8
    FROM ${BASE_IMAGE}
    COPY config.xml /etc/clickhouse-server/config.d/
    """

    func testBuildArgsResolveTheBuiltDockerfilesFrom() {
        XCTAssertEqual(resolved([
            "docker-compose.yml": """
            services:
              clickhouse:
                build:
                  context: ./clickhouse
                  args:
                    - BASE_IMAGE=altinity/clickhouse-server:25.8
            """,
            "clickhouse/Dockerfile": Self.clickhouseDockerfile,
        ]), [
            "clickhouse/Dockerfile:2 dockerfile/from stage 0 altinity/clickhouse-server:23.8",
            "docker-compose.yml:4 compose/build services.clickhouse.build unresolved: built locally from clickhouse/Dockerfile",
            "docker-compose.yml:6 compose/build-base services.clickhouse.build.args (clickhouse/Dockerfile) altinity/clickhouse-server:25.8",
        ])
    }

    func testBuildArgsMappingIsInterpolatedFromTheEnvFile() {
        XCTAssertEqual(resolved([
            "compose.yaml": """
            services:
              db:
                build:
                  context: db
                  dockerfile: Containerfile
                  args:
                    BASE_IMAGE: "altinity/clickhouse-server:${CLICKHOUSE_TAG}"
                    UNUSED: "1"
            """,
            ".env": "CLICKHOUSE_TAG=25.3\n",
            "db/Containerfile": Self.clickhouseDockerfile,
        ]).filter { $0.contains("build-base") }, [
            "compose.yaml:7 compose/build-base services.db.build.args (db/Containerfile) altinity/clickhouse-server:25.3",
        ])
    }

    func testBuildArgsTheDockerfileDoesNotUseGiveNoBuildBase() {
        let files = [
            "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      args:\n        VERSION: \"2\"\n",
            // VERSION is declared only inside the stage: it cannot change the FROM line.
            "Dockerfile": "FROM alpine:3.20\nARG VERSION\nRUN echo $VERSION\n",
        ]
        XCTAssertEqual(resolved(files).filter { $0.contains("build-base") }, [])
        let undeclared = ["compose.yaml": files["compose.yaml"]!, "Dockerfile": "FROM example/app:${VERSION}\n"]
        XCTAssertEqual(resolved(undeclared).filter { $0.contains("build-base") }, [])
    }

    func testBuildArgNotCoveringEveryVariableStaysUnresolved() {
        XCTAssertEqual(resolved([
            "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      args: [TAG=3.20]\n",
            "Dockerfile": "ARG REGISTRY=docker.io\nARG TAG=3.19\nFROM ${REGISTRY}/library/alpine:${TAG}\n",
        ]).filter { $0.contains("build-base") }, [
            "compose.yaml:5 compose/build-base services.app.build.args (Dockerfile) unresolved: "
                + "REGISTRY is not passed by the compose build; the Dockerfile's own value is on its FROM line",
        ])
    }
}

extension ComposeResolutionTests {
    func testBuildArgNamingAnImageThisFileBuildsIsNotAPull() {
        XCTAssertEqual(resolved([
            "docker-compose.yml": """
            services:
              web:
                image: app-local
                build:
                  context: ./app
              cleanup:
                image: app-cleanup-local
                build:
                  context: ./cron
                  args:
                    - BASE_IMAGE=app-local
            """,
            "cron/Dockerfile": "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n",
        ]).filter { $0.contains("build-base") }, [])
    }
}
