import XCTest
@testable import Extraction

final class BitbucketPipelinesExtractorTests: XCTestCase {
    func testGlobalStepAndServiceImagesWhereverStepsStand() {
        let result = facts("bitbucket-pipelines.yml", """
        image: atlassian/default-image:4
        definitions:
          services:
            redis:
              image: redis:7
          steps:
            - step: &lint
                name: Lint
                image: node:20
                script: [npm run lint]
        pipelines:
          default:
            - step: *lint
            - parallel:
                - step:
                    image:
                      name: python:3.12
                      username: $USER
                    script: [pytest]
                - step:
                    script: [echo]
            - stage:
                steps:
                  - step:
                      image: golang:1.22
                      script:
                        - pipe: atlassian/aws-s3-deploy:1.1.0
        """)
        assertRefs(result, [
            Ref(1, "bitbucket-pipelines/image", "atlassian/default-image:4", lit("atlassian/default-image:4")),
            Ref(5, "bitbucket-pipelines/service", "redis:7", lit("redis:7")),
            Ref(9, "bitbucket-pipelines/step-image", "node:20", lit("node:20")),
            Ref(13, "bitbucket-pipelines/step-image", "node:20", lit("node:20")),
            Ref(17, "bitbucket-pipelines/step-image", "python:3.12", lit("python:3.12")),
            Ref(25, "bitbucket-pipelines/step-image", "golang:1.22", lit("golang:1.22")),
        ])
    }

    func testPipeGivenAsADockerImageIsAPull() {
        let result = facts("bitbucket-pipelines.yml", """
        pipelines:
          branches:
            main:
              - step:
                  name: Deploy
                  script:
                    - echo deploying
                    - pipe: docker://registry.example.com/platform/deploy-pipe:3.2.1
                      variables:
                        TARGET: production
                  after-script:
                    - pipe: "docker://acme/notify-pipe:1"
        """)
        assertRefs(result, [
            Ref(8, "bitbucket-pipelines/pipe", "docker://registry.example.com/platform/deploy-pipe:3.2.1",
                lit("registry.example.com/platform/deploy-pipe:3.2.1")),
            Ref(12, "bitbucket-pipelines/pipe", "docker://acme/notify-pipe:1", lit("acme/notify-pipe:1")),
        ])
        XCTAssertEqual(result.references.map(\.context), [
            "pipelines.branches.main[0].step.script[1] (Deploy)", "pipelines.branches.main[0].step.after-script[0] (Deploy)",
        ])
    }

    func testPipeNamedByItsBitbucketRepositoryIsNotAnImage() {
        let result = facts("bitbucket-pipelines.yml", """
        pipelines:
          default:
            - step:
                script:
                  - pipe: atlassian/aws-s3-deploy:1.1.0
                  - pipe: myworkspace/custom-pipe:2.0
                  - echo "pipe: docker://not/a-pipe:1"
        """)
        assertRefs(result, [])
    }
}
