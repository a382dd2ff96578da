import XCTest
@testable import Extraction

final class VelaExtractorTests: XCTestCase {
    func testStepsStagesServicesAndSecretOrigins() {
        let result = facts(".vela.yml", """
        version: "1"
        services:
          - name: redis
            image: redis:7
        stages:
          test:
            steps:
              - name: unit
                image: golang:1.22
                commands: [go test]
        secrets:
          - origin:
              name: vault
              image: target/secret-vault:latest
        """)
        assertRefs(result, [
            Ref(4, "vela/service", "redis:7", lit("redis:7")),
            Ref(9, "vela/step", "golang:1.22", lit("golang:1.22")),
            Ref(14, "vela/secret-origin", "target/secret-vault:latest", lit("target/secret-vault:latest")),
        ])
    }

    func testVelaFileIsRecognisedByContent() {
        let result = facts("ci/pipeline.yml", "version: \"1\"\nsteps:\n  - name: a\n    image: alpine:3.20\n    commands: [ls]\n")
        assertRefs(result, [Ref(4, "vela/step", "alpine:3.20", lit("alpine:3.20"))])
    }
}
