import XCTest
@testable import Extraction

final class ScorecardExtractorTests: XCTestCase {
    func testBundleScorecardConfigurationNamesEachTestsImage() {
        let result = facts("bundle/tests/scorecard/config.yaml", """
        apiVersion: scorecard.operatorframework.io/v1alpha3
        kind: Configuration
        metadata:
          name: config
        stages:
        - parallel: true
          tests:
          - entrypoint:
            - scorecard-test
            - basic-check-spec
            image: quay.io/operator-framework/scorecard-test:v1.39.0
            labels:
              suite: basic
              test: basic-check-spec-test
            storage:
              spec:
                mountPath: {}
          - entrypoint:
            - custom-scorecard-tests
            - customtest1
            image: quay.io/example/custom-scorecard-tests:v0.0.1
        storage:
          spec:
            mountPath: {}
        """)
        assertRefs(result, [
            Ref(11, "scorecard/test", "quay.io/operator-framework/scorecard-test:v1.39.0",
                lit("quay.io/operator-framework/scorecard-test:v1.39.0")),
            Ref(21, "scorecard/test", "quay.io/example/custom-scorecard-tests:v0.0.1",
                lit("quay.io/example/custom-scorecard-tests:v0.0.1")),
        ])
        XCTAssertEqual(contexts(result), [
            "Configuration/config stages[0].tests[basic-check-spec-test]",
            "Configuration/config stages[0].tests[1]",
        ])
    }

    func testScaffoldedScorecardPatchesAddTests() {
        let result = facts("config/scorecard/patches/olm.config.yaml", """
        - op: add
          path: /stages/0/tests/-
          value:
            entrypoint:
            - scorecard-test
            - olm-bundle-validation
            image: quay.io/operator-framework/scorecard-test:v1.39.0
            labels:
              suite: olm
              test: olm-bundle-validation-test
        - op: add
          path: /stages/0/tests/-
          value:
            entrypoint:
            - scorecard-test
            - olm-crds-have-validation
            image: quay.io/operator-framework/scorecard-test:v1.39.0
        """)
        assertRefs(result, [
            Ref(7, "scorecard/test", "quay.io/operator-framework/scorecard-test:v1.39.0",
                lit("quay.io/operator-framework/scorecard-test:v1.39.0")),
            Ref(17, "scorecard/test", "quay.io/operator-framework/scorecard-test:v1.39.0",
                lit("quay.io/operator-framework/scorecard-test:v1.39.0")),
        ])
        XCTAssertEqual(contexts(result), [
            "patch /stages/0/tests/- [olm-bundle-validation-test]",
            "patch /stages/0/tests/-",
        ])
    }

    func testLookAlikePatchesAndConfigurationsAreNotReferences() {
        // A JSON patch of something else, a patch mixing other paths, and another API's Configuration.
        let otherPatch = facts("config/default/patch.yaml", """
        - op: replace
          path: /spec/template/spec/containers/0/image
          value:
            entrypoint: [run]
            image: registry.example.com/app:1
        """)
        assertRefs(otherPatch, [])
        let mixed = facts("config/scorecard/patches/mixed.yaml", """
        - op: add
          path: /stages/0/tests/-
          value:
            entrypoint: [scorecard-test]
            image: quay.io/operator-framework/scorecard-test:v1.39.0
        - op: remove
          path: /stages/1
        """)
        assertRefs(mixed, [])
        let notATest = facts("config/scorecard/patches/labels.yaml", """
        - op: add
          path: /stages/0/tests/-
          value:
            image: quay.io/operator-framework/scorecard-test:v1.39.0
        """)
        assertRefs(notATest, [])
        let otherAPI = facts("config/app/config.yaml", """
        apiVersion: example.com/v1
        kind: Configuration
        stages:
        - tests:
          - image: registry.example.com/tool:1
            entrypoint: [run]
        """)
        assertRefs(otherAPI, [])
    }

    func testPatchPathsNameAStagesTests() {
        XCTAssertEqual(ScorecardExtractor.testIndex(ofPatchPath: "/stages/0/tests/-"), "-")
        XCTAssertEqual(ScorecardExtractor.testIndex(ofPatchPath: "/stages/12/tests/3"), "3")
        XCTAssertNil(ScorecardExtractor.testIndex(ofPatchPath: "/stages/x/tests/-"))
        XCTAssertNil(ScorecardExtractor.testIndex(ofPatchPath: "/stages/0/tests"))
        XCTAssertNil(ScorecardExtractor.testIndex(ofPatchPath: "stages/0/tests/-"))
        XCTAssertNil(ScorecardExtractor.testIndex(ofPatchPath: "/stages/0/tests/-/image"))
    }
}
