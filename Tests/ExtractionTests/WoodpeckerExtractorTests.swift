import XCTest
@testable import Extraction

final class WoodpeckerExtractorTests: XCTestCase {
    func testMappedAndListedStepsServicesAndClone() {
        let result = facts(".woodpecker/build.yaml", """
        clone:
          git:
            image: woodpeckerci/plugin-git:2
        steps:
          build:
            image: golang:1.22
            commands: [go build]
        services:
          - name: db
            image: postgres:16
        when:
          event: push
        """)
        assertRefs(result, [
            Ref(3, "woodpecker/clone", "woodpeckerci/plugin-git:2", lit("woodpeckerci/plugin-git:2")),
            Ref(6, "woodpecker/step", "golang:1.22", lit("golang:1.22")),
            Ref(10, "woodpecker/service", "postgres:16", lit("postgres:16")),
        ])
    }

    func testCrowFilesUseTheirOwnKindPrefix() {
        let result = facts(".crow.yml", "steps:\n  - name: t\n    image: alpine:3.20\n")
        assertRefs(result, [Ref(3, "crow/step", "alpine:3.20", lit("alpine:3.20"))])
    }
}
