import XCTest
@testable import Extraction

final class GitLabCIExtractorTests: XCTestCase {
    func testImagesAndServicesEverywhereAGitLabFileWritesThem() {
        let result = facts(".gitlab-ci.yml", """
        image: ruby:3.3
        default:
          image:
            name: registry.example.com/base:1
            entrypoint: [""]
          services:
            - postgres:16
        stages: [build, test]
        .template:
          image: alpine:3.20
        build:
          stage: build
          extends: .template
          script: make
        test:
          stage: test
          image: python:3.12   # job image
          services:
            - name: redis:7
              alias: cache
          script: pytest
        # image: commented:out
        """)
        assertRefs(result, [
            Ref(1, "gitlab-ci/image", "ruby:3.3", lit("ruby:3.3")),
            Ref(4, "gitlab-ci/image", "registry.example.com/base:1", lit("registry.example.com/base:1")),
            Ref(7, "gitlab-ci/service", "postgres:16", lit("postgres:16")),
            Ref(10, "gitlab-ci/image", "alpine:3.20", lit("alpine:3.20")),
            Ref(17, "gitlab-ci/image", "python:3.12", lit("python:3.12")),
            Ref(19, "gitlab-ci/service", "redis:7", lit("redis:7")),
        ])
        XCTAssertEqual(contexts(result), ["global", "default", "default.services[0]", ".template", "test", "test.services[cache]"])
    }

    func testJobVariablesOverrideGlobalOnesAndPredefinedOnesStayUnresolved() {
        let result = facts(".gitlab-ci.yml", """
        variables:
          REGISTRY: registry.example.com
          TAG: "1.0"
          FULL: $REGISTRY/tool:${TAG}
        a:
          script: x
          image: ${REGISTRY}/app:$TAG
        b:
          script: x
          variables:
            TAG:
              value: "2.0"
              description: job tag
          image: $FULL
        c:
          script: x
          image: $CI_REGISTRY_IMAGE/app:$$literal
        d:
          script: x
          image: $FROM_ELSEWHERE/app:1
        """)
        assertRefs(result, [
            Ref(7, "gitlab-ci/image", "${REGISTRY}/app:$TAG", lit("registry.example.com/app:1.0")),
            Ref(14, "gitlab-ci/image", "$FULL", lit("registry.example.com/tool:2.0")),
            Ref(17, "gitlab-ci/image", "$CI_REGISTRY_IMAGE/app:$$literal",
                .unresolved(reason: "CI_REGISTRY_IMAGE is a GitLab predefined variable, set when the pipeline runs")),
            Ref(20, "gitlab-ci/image", "$FROM_ELSEWHERE/app:1", .symbolic(text: "{{gitlab/variable:FROM_ELSEWHERE}}/app:1")),
        ])
        XCTAssertEqual(result.definitions.map(\.name), ["FULL", "REGISTRY", "TAG"])
        XCTAssertEqual(result.definitions.first?.value, "{{gitlab/variable:REGISTRY}}/tool:{{gitlab/variable:TAG}}")
    }

    func testLocalIncludesConnectFilesSoVariablesResolveAcrossThem() {
        let main = """
        include:
          - local: /ci/vars.yml
          - 'ci/jobs.yml'
          - project: other/group
            file: x.yml
          - remote: https://example.com/ci.yml
        build:
          script: make
          image: $BUILD_IMAGE
        """
        let vars = "variables:\n  BUILD_IMAGE: mcr.microsoft.com/dotnet/sdk:9.0\n"
        let jobs = ".lint:\n  image: $BUILD_IMAGE\n  script: lint\n"
        let mainFacts = facts(".gitlab-ci.yml", main)
        XCTAssertEqual(mainFacts.includes.map(\.path), ["ci/vars.yml", "ci/jobs.yml"])
        XCTAssertEqual(mainFacts.includes.map(\.line), [2, 3])
        let resolved = resolveBranch([".gitlab-ci.yml": main, "ci/vars.yml": vars, "ci/jobs.yml": jobs])
        XCTAssertEqual(resolved.map(\.0), [".gitlab-ci.yml", "ci/jobs.yml"])
        XCTAssertEqual(resolved.map(\.1), [9, 2])
        XCTAssertEqual(resolved.map(\.2), ["mcr.microsoft.com/dotnet/sdk:9.0", "mcr.microsoft.com/dotnet/sdk:9.0"])
    }

    func testMergeKeysCountEachJobWhereItMergesTheAnchor() {
        let result = facts(".gitlab-ci.yml", """
        .defaults: &defaults
          image: node:20
          tags: [docker]
        lint:
          <<: *defaults
          script: npm run lint
        unit:
          <<: *defaults
          image: node:22
          script: npm test
        """)
        assertRefs(result, [
            Ref(2, "gitlab-ci/image", "node:20", lit("node:20")),
            Ref(5, "gitlab-ci/image", "node:20", lit("node:20")),
            Ref(9, "gitlab-ci/image", "node:22", lit("node:22")),
        ])
        XCTAssertEqual(contexts(result), [".defaults", "lint (via *defaults)", "unit"])
    }

    func testSpecInputsDefaultsFillInterpolation() {
        let result = facts("templates/build.gitlab-ci.yml", """
        spec:
          inputs:
            version:
              default: "3.12"
            base:
        ---
        build:
          script: x
          image: python:$[[ inputs.version ]]
        other:
          script: x
          image: $[[ inputs.base ]]:1
        """)
        assertRefs(result, [
            Ref(9, "gitlab-ci/image", "python:$[[ inputs.version ]]", lit("python:3.12")),
            Ref(12, "gitlab-ci/image", "$[[ inputs.base ]]:1",
                .unresolved(reason: "CI/CD input base has no default; it is set by the including pipeline")),
        ])
    }

    func testIncludedFileWithOnlyHiddenJobsIsRecognisedByContent() {
        let result = facts("ci/templates.yml", ".docker:\n  image: docker:27\n  services:\n    - docker:27-dind\n")
        assertRefs(result, [
            Ref(2, "gitlab-ci/image", "docker:27", lit("docker:27")),
            Ref(4, "gitlab-ci/service", "docker:27-dind", lit("docker:27-dind")),
        ])
    }

    // MARK: - Predefined variables and the dependency proxy

    func testUserVariablesNamedLikePredefinedOnesResolveFromTheFile() {
        let result = facts(".gitlab-ci.yml", """
        variables:
          CI_IMAGE: registry.gitlab.com/acme/ci:0.0.48
        .common:
          image: $CI_IMAGE
        build:
          script: make
          image: ${CI_TOOLS_IMAGE}
        publish:
          script: make publish
          image: $CI_REGISTRY/acme/publisher:1
        """)
        assertRefs(result, [
            Ref(4, "gitlab-ci/image", "$CI_IMAGE", lit("registry.gitlab.com/acme/ci:0.0.48")),
            Ref(7, "gitlab-ci/image", "${CI_TOOLS_IMAGE}", .symbolic(text: "{{gitlab/variable:CI_TOOLS_IMAGE}}")),
            Ref(10, "gitlab-ci/image", "$CI_REGISTRY/acme/publisher:1",
                .unresolved(reason: "CI_REGISTRY is a GitLab predefined variable, set when the pipeline runs")),
        ])
    }

    func testUserCIVariableDefinedInAnIncludedFileResolvesAcrossFiles() {
        let main = "include:\n  - local: ci/images.yml\nbuild:\n  script: make\n  image: $CI_BUILD_IMAGE\n"
        let images = "variables:\n  CI_BUILD_IMAGE: registry.example.com/ci/build:3\n"
        let resolved = resolveBranch([".gitlab-ci.yml": main, "ci/images.yml": images])
        XCTAssertEqual(resolved.map(\.0), [".gitlab-ci.yml"])
        XCTAssertEqual(resolved.map(\.1), [5])
        XCTAssertEqual(resolved.map(\.2), ["registry.example.com/ci/build:3"])
    }

    func testDependencyProxyPrefixPullsTheDockerHubImageThroughTheProxy() {
        let result = facts(".gitlab-ci.yml", """
        variables:
          NODE_IMAGE: ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/node:22-alpine
        lint:
          script: npm run lint
          image: $NODE_IMAGE
        test:
          script: make test
          image: ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/bitnami/kubectl:1.31
          services:
            - name: $CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX/library/postgres:16
              alias: db
        odd:
          script: x
          image: registry.example.com/$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/x:1
        """)
        assertRefs(result, [
            Ref(5, "gitlab-ci/image", "$NODE_IMAGE", lit("node:22-alpine")),
            Ref(8, "gitlab-ci/image", "${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/bitnami/kubectl:1.31", lit("bitnami/kubectl:1.31")),
            Ref(10, "gitlab-ci/service", "$CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX/library/postgres:16",
                lit("library/postgres:16")),
            Ref(14, "gitlab-ci/image", "registry.example.com/$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/x:1",
                .unresolved(reason: "CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX is a GitLab predefined variable, set when the pipeline runs")),
        ])
        XCTAssertEqual(contexts(result), [
            "lint (through the GitLab dependency proxy)", "test (through the GitLab dependency proxy)",
            "test.services[db] (through the GitLab dependency proxy)", "odd",
        ])
        XCTAssertEqual(ImageReference.parse("bitnami/kubectl:1.31").normalized, "docker.io/bitnami/kubectl:1.31")
    }

    // MARK: - Repeated merge keys

    func testRepeatedMergeKeysInOneJobKeepTheDocument() {
        let result = facts(".gitlab-ci.yml", """
        .rules: &rules
          rules:
            - if: $CI_COMMIT_BRANCH
        .python: &python
          image: python:3.12-slim
        lint:
          <<: *rules
          <<: *python
          script: ruff check
        test:
          <<: *python
          script: pytest
        """)
        XCTAssertEqual(result.warnings, [])
        assertRefs(result, [
            Ref(5, "gitlab-ci/image", "python:3.12-slim", lit("python:3.12-slim")),
            Ref(8, "gitlab-ci/image", "python:3.12-slim", lit("python:3.12-slim")),
            Ref(11, "gitlab-ci/image", "python:3.12-slim", lit("python:3.12-slim")),
        ])
        XCTAssertEqual(contexts(result), [".python", "lint (via *python)", "test (via *python)"])
    }

    // MARK: - Variables that hold images

    func testVariablesHoldingImagesAreRecordedWhereTheirValueIsWritten() {
        let result = facts(".gitlab-ci.yml", """
        variables:
          SCANNER_IMAGE: registry.example.com/security/scanner:4.2
          BASE: alpine:3.20
          BUILD_IMAGE: docker:27
          CONFIGURATION: Release
          RUNNER_LABEL: ubuntu-latest
          VERSION: 1.2.3
          DOCS_URL: https://docs.example.com/x:1
          DOCKER_HOST: tcp://docker:2376
          REDIS_HOST: redis:6379
          GO_MODULE: github.com/acme/tool
          GIT_STRATEGY: fetch
          TIMEOUT: "10:00"
        build:
          image: $BUILD_IMAGE
          variables:
            HELPER:
              value: quay.io/acme/helper@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
              description: pulled by the script
          script:
            - docker pull "$SCANNER_IMAGE"
        """)
        assertRefs(result, [
            Ref(2, "gitlab-ci/variable", "registry.example.com/security/scanner:4.2", lit("registry.example.com/security/scanner:4.2")),
            Ref(3, "gitlab-ci/variable", "alpine:3.20", lit("alpine:3.20")),
            Ref(15, "gitlab-ci/image", "$BUILD_IMAGE", lit("docker:27")),
            Ref(18, "gitlab-ci/variable",
                "quay.io/acme/helper@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                lit("quay.io/acme/helper@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")),
            Ref(21, "script/docker-pull", "$SCANNER_IMAGE", lit("registry.example.com/security/scanner:4.2")),
        ])
        XCTAssertEqual(contexts(result), ["variables.SCANNER_IMAGE", "variables.BASE", "build", "build.variables.HELPER",
                                          "build.script[0]: docker pull"])
    }

    func testPrefixesOfImageVariablesRegistriesAndGitLabNamesAreNotImagesOfTheirOwn() {
        let result = facts(".gitlab-ci.yml", """
        variables:
          BASE_IMAGES: registry.example.com/acme/base-images
          TOOLS_REGISTRY: registry.example.com/acme/tools
          TOOLS: "${BASE_IMAGES}/tools:1.0"
        build:
          image: $TOOLS
          variables:
            CI_REGISTRY_IMAGE: registry.example.com/acme/app
          script: make
        """)
        assertRefs(result, [Ref(6, "gitlab-ci/image", "$TOOLS", lit("registry.example.com/acme/base-images/tools:1.0"))])
    }

    func testAVariablesOnlyFileFoundByContentOnlyDefinesNames() {
        let result = facts("ci/vars.yml", "variables:\n  BUILD_IMAGE: mcr.microsoft.com/dotnet/sdk:9.0\n")
        XCTAssertFalse(result.references.contains { $0.kind == "gitlab-ci/variable" })
        XCTAssertEqual(result.definitions.filter { $0.namespace == "gitlab/variable" }.map(\.name), ["BUILD_IMAGE"])
    }

    // MARK: - Bounds

    func testVariablesThatUseEachOtherManyTimesOverStopWhenTheFileBudgetIsSpent() {
        // Each level uses the next ten times: a million expansions for six levels, 10^9 for nine.
        var text = "variables:\n"
        for level in 0..<6 {
            text += "  V\(level): \"" + String(repeating: "$V\(level + 1)", count: 10) + "\"\n"
        }
        text += "  V6: \"\"\nbuild:\n  image: alpine$V0\n  script: [make]\n"
        let budget = ExtractionBudget(steps: 100_000)
        let result = YAMLExtractor.extract(path: ".gitlab-ci.yml", text: text, budget: budget)
        XCTAssertEqual(result.references.map(\.value), [.unresolved(reason: "not expanded: the file's extraction budget is spent")])
        XCTAssertEqual(result.warnings.map(\.message), [
            "stopped reading: reading it took more than 100000 steps (the extraction budget of one file); references after this point are not reported",
        ])
    }
}
