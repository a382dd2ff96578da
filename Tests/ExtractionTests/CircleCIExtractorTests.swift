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
}
