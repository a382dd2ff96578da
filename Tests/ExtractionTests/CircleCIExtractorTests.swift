import XCTest
@testable import Extraction

final class CircleCIExtractorTests: XCTestCase {
    func testDockerImagesOfJobsAndExecutorsWithParameterDefaults() {
        let result = facts(".circleci/config.yml", """
        version: 2.1
        orbs:
          node: circleci/node@5.2.0
        executors:
          py:
            parameters:
              tag:
                type: string
                default: "3.12"
            docker:
              - image: cimg/python:<< parameters.tag >>
        jobs:
          build:
            docker:
              - image: cimg/node:20.11
              - image: cimg/postgres:16.1
                environment: {POSTGRES_USER: x}
          vm:
            machine:
              image: ubuntu-2204:current
          param:
            docker:
              - image: org/tool:<< parameters.version >>
        workflows:
          main:
            jobs: [build]
        """)
        assertRefs(result, [
            Ref(11, "circleci/docker-image", "cimg/python:<< parameters.tag >>", lit("cimg/python:3.12")),
            Ref(15, "circleci/docker-image", "cimg/node:20.11", lit("cimg/node:20.11")),
            Ref(16, "circleci/docker-image", "cimg/postgres:16.1", lit("cimg/postgres:16.1")),
            Ref(23, "circleci/docker-image", "org/tool:<< parameters.version >>",
                .unresolved(reason: "CircleCI parameter << parameters.version >> has no default here; it is set where the job is used")),
        ])
        XCTAssertEqual(contexts(result)[1], "jobs.build.docker[0] (primary)")
    }

    func testOrbsDefinedInlineHaveTheirExecutorAndJobImagesRead() {
        let result = facts(".circleci/config.yml", """
        version: 2.1
        orbs:
          node: circleci/node@5.2.0
          toolkit:
            executors:
              runner:
                parameters:
                  tag:
                    type: string
                    default: "1.22"
                docker:
                  - image: cimg/go:<< parameters.tag >>
            jobs:
              lint:
                docker:
                  - image: ghcr.io/acme/linter:4.0.1
                  - image: redis:7.2
                steps: [checkout]
        workflows:
          main:
            jobs: [toolkit/lint]
        """)
        assertRefs(result, [
            Ref(12, CircleCIExtractor.kind, "cimg/go:<< parameters.tag >>", lit("cimg/go:1.22")),
            Ref(16, CircleCIExtractor.kind, "ghcr.io/acme/linter:4.0.1", lit("ghcr.io/acme/linter:4.0.1")),
            Ref(17, CircleCIExtractor.kind, "redis:7.2", lit("redis:7.2")),
        ])
        XCTAssertEqual(result.references.map(\.context), [
            "orbs.toolkit.executors.runner.docker[0] (primary)", "orbs.toolkit.jobs.lint.docker[0] (primary)",
            "orbs.toolkit.jobs.lint.docker[1] (service 1)",
        ])
    }

    func testPublishedOrbsAndOrbCommandsAreNotImages() {
        let result = facts(".circleci/config.yml", """
        version: 2.1
        orbs:
          node: circleci/node@5.2.0
          helper:
            commands:
              greet:
                steps:
                  - run: echo "image: not/an-image:1"
            orbs:
              docker: circleci/docker@2.6.0
        workflows:
          main:
            jobs: [node/test]
        """)
        assertRefs(result, [])
    }
}
