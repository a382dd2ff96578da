import XCTest
@testable import Extraction

final class DroneExtractorTests: XCTestCase {
    func testStepsAndServicesOfEveryPipelineDocument() {
        let result = facts(".drone.yml", """
        kind: pipeline
        type: docker
        name: default
        steps:
          - name: test
            image: golang:1.22
            commands: [go test ./...]
        services:
          - name: db
            image: mysql:8
        ---
        kind: secret
        name: token
        ---
        kind: pipeline
        name: arm
        steps:
          - name: build
            image: plugins/docker:20
        """)
        assertRefs(result, [
            Ref(6, "drone/step", "golang:1.22", lit("golang:1.22")),
            Ref(10, "drone/service", "mysql:8", lit("mysql:8")),
            Ref(19, "drone/step", "plugins/docker:20", lit("plugins/docker:20")),
        ])
        XCTAssertEqual(contexts(result), ["pipeline default steps[test]", "pipeline default services[db]", "pipeline arm steps[build]"])
    }
}
