import XCTest
@testable import Extraction

final class ProwUtilityImagesTests: XCTestCase {
    func testProwConfigDefaultDecorationEntriesNameTheUtilityImages() {
        let result = facts("config/prow/config.yaml", """
        plank:
          pod_pending_timeout: 15m
          default_decoration_config_entries:
          - config:
              timeout: 2h
              utility_images:
                clonerefs: "us-docker.pkg.dev/k8s-infra-prow/images/clonerefs:v20261101-a1b2c3d4e"
                initupload: "us-docker.pkg.dev/k8s-infra-prow/images/initupload:v20261101-a1b2c3d4e"
                entrypoint: "us-docker.pkg.dev/k8s-infra-prow/images/entrypoint:v20261101-a1b2c3d4e"
                sidecar: "us-docker.pkg.dev/k8s-infra-prow/images/sidecar:v20261101-a1b2c3d4e"
              gcs_configuration:
                bucket: "ci-logs"
          - repo: "org/special"
            config:
              utility_images:
                clonerefs: "registry.example.com/prow/clonerefs:v2"
        sinker:
          resync_period: 1m
        prowjob_namespace: default
        presets:
        - labels:
            preset-service-account: "true"
          env:
          - name: GOOGLE_APPLICATION_CREDENTIALS
            value: /etc/service-account/service-account.json
        """)
        let base = "us-docker.pkg.dev/k8s-infra-prow/images/"
        assertRefs(result, [
            Ref(7, "prow/utility-image", base + "clonerefs:v20261101-a1b2c3d4e", lit(base + "clonerefs:v20261101-a1b2c3d4e")),
            Ref(8, "prow/utility-image", base + "initupload:v20261101-a1b2c3d4e", lit(base + "initupload:v20261101-a1b2c3d4e")),
            Ref(9, "prow/utility-image", base + "entrypoint:v20261101-a1b2c3d4e", lit(base + "entrypoint:v20261101-a1b2c3d4e")),
            Ref(10, "prow/utility-image", base + "sidecar:v20261101-a1b2c3d4e", lit(base + "sidecar:v20261101-a1b2c3d4e")),
            Ref(16, "prow/utility-image", "registry.example.com/prow/clonerefs:v2", lit("registry.example.com/prow/clonerefs:v2")),
        ])
        XCTAssertEqual(contexts(result).first, "plank.default_decoration_config_entries[0].config.utility_images.clonerefs")
        XCTAssertEqual(contexts(result).last, "plank.default_decoration_config_entries[1].config.utility_images.clonerefs")
    }

    func testOlderPlankDefaultDecorationConfigsAreRead() {
        let result = facts("prow/config.yaml", """
        plank:
          default_decoration_configs:
            '*':
              utility_images:
                clonerefs: "gcr.io/k8s-prow/clonerefs:v20191108-08fbf64ac"
                initupload: "gcr.io/k8s-prow/initupload:v20191108-08fbf64ac"
        ---
        plank:
          default_decoration_config:
            utility_images:
              entrypoint: "gcr.io/k8s-prow/entrypoint:v20190823-9f991db2d"
        """)
        assertRefs(result, [
            Ref(5, "prow/utility-image", "gcr.io/k8s-prow/clonerefs:v20191108-08fbf64ac", lit("gcr.io/k8s-prow/clonerefs:v20191108-08fbf64ac")),
            Ref(6, "prow/utility-image", "gcr.io/k8s-prow/initupload:v20191108-08fbf64ac", lit("gcr.io/k8s-prow/initupload:v20191108-08fbf64ac")),
            Ref(11, "prow/utility-image", "gcr.io/k8s-prow/entrypoint:v20190823-9f991db2d", lit("gcr.io/k8s-prow/entrypoint:v20190823-9f991db2d")),
        ])
        XCTAssertEqual(contexts(result), [
            "plank.default_decoration_configs.*.utility_images.clonerefs",
            "plank.default_decoration_configs.*.utility_images.initupload",
            "plank.default_decoration_config.utility_images.entrypoint",
        ])
    }

    func testAJobsDecorationConfigNamesItsOwnUtilityImages() {
        let result = facts("config/jobs/org/repo/repo-periodics.yaml", """
        periodics:
        - name: ci-repo-canary
          interval: 6h
          decorate: true
          decoration_config:
            timeout: 3h
            utility_images:
              clonerefs: gcr.io/k8s-staging-test-infra/clonerefs:canary
              sidecar: gcr.io/k8s-staging-test-infra/sidecar:canary
          spec:
            containers:
            - image: golang:1.23
              command: [go]
        presubmits:
          org/repo:
          - name: pull-repo-canary
            decoration_config:
              utility_images:
                entrypoint: gcr.io/k8s-staging-test-infra/entrypoint:canary
            spec:
              containers:
              - image: golang:1.23
                command: [go]
        """)
        assertRefs(result, [
            Ref(8, "prow/utility-image", "gcr.io/k8s-staging-test-infra/clonerefs:canary", lit("gcr.io/k8s-staging-test-infra/clonerefs:canary")),
            Ref(9, "prow/utility-image", "gcr.io/k8s-staging-test-infra/sidecar:canary", lit("gcr.io/k8s-staging-test-infra/sidecar:canary")),
            Ref(12, "prow/container", "golang:1.23", lit("golang:1.23")),
            Ref(19, "prow/utility-image", "gcr.io/k8s-staging-test-infra/entrypoint:canary", lit("gcr.io/k8s-staging-test-infra/entrypoint:canary")),
            Ref(22, "prow/container", "golang:1.23", lit("golang:1.23")),
        ])
        XCTAssertEqual(contexts(result), [
            "periodics[ci-repo-canary].decoration_config.utility_images.clonerefs",
            "periodics[ci-repo-canary].decoration_config.utility_images.sidecar",
            "periodics[ci-repo-canary].spec.containers[0]",
            "presubmits.org/repo[pull-repo-canary].decoration_config.utility_images.entrypoint",
            "presubmits.org/repo[pull-repo-canary].spec.containers[0]",
        ])
    }

    func testUtilityImagesOutsideADecorationConfigAreNotReferences() {
        // Another tool's `utility_images`, a `plank` without decoration defaults, keys Prow does not have,
        // and a decoration config that is not where Prow reads one.
        let result = facts("deploy/settings.yaml", """
        plank:
          pod_pending_timeout: 15m
          utility_images:
            clonerefs: gcr.io/k8s-prow/clonerefs:v1
        battlegroup:
          utility_images:
            director: registry.example.com/game/director:1.0
        decoration_config:
          utility_images:
            clonerefs: gcr.io/k8s-prow/clonerefs:v1
        """)
        assertRefs(result, [])
        let unknownUtility = facts("config/prow/config.yaml", """
        plank:
          default_decoration_config_entries:
          - config:
              utility_images:
                reporter: gcr.io/k8s-prow/reporter:v1
                clonerefs: {image: gcr.io/k8s-prow/clonerefs:v1}
        """)
        assertRefs(unknownUtility, [])
    }
}
