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
