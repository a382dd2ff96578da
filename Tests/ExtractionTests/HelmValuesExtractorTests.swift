import XCTest
@testable import Extraction

final class HelmValuesExtractorTests: XCTestCase {
    func testImageMappingsAreReassembledAtTheRepositoryLineAndStringsTakenAsWritten() {
        let result = facts("charts/app/values.yaml", """
        replicaCount: 2
        image:
          registry: docker.io
          repository: bitnami/nginx
          tag: 1.27.3
          pullPolicy: IfNotPresent
        metrics:
          exporterImage:
            repository: prom/nginx-exporter
            digest: sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79
        sidecar:
          image: "busybox:1.36"
          imagePullPolicy: Always
        default:
          image:
            repository: ghcr.io/org/app
            tag: ""
        """)
        assertRefs(result, [
            Ref(4, "helm/values-image", "docker.io/bitnami/nginx:1.27.3", lit("docker.io/bitnami/nginx:1.27.3")),
            Ref(9, "helm/values-image", "prom/nginx-exporter@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79",
                lit("prom/nginx-exporter@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79")),
            Ref(12, "helm/values-image", "busybox:1.36", lit("busybox:1.36")),
            Ref(16, "helm/values-image", "ghcr.io/org/app",
                .unresolved(reason: "no tag in the values: the chart's templates decide it (often .Chart.AppVersion)")),
        ])
        XCTAssertEqual(contexts(result), ["image", "metrics.exporterImage", "sidecar.image", "default.image"])
        XCTAssertTrue(result.definitions.contains(SymbolDefinition(namespace: "helm/value", name: "image.tag", value: "1.27.3", line: 5)))
        XCTAssertFalse(result.definitions.contains { $0.namespace == "helm/value" && $0.name == "replicaCount" })
    }

    func testChartFileDefinesAppVersionForTemplates() {
        let result = facts("charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\nappVersion: \"2.0\"\n")
        XCTAssertTrue(result.references.isEmpty)
        XCTAssertEqual(result.definitions, [
            SymbolDefinition(namespace: "helm/chart", name: "appVersion", value: "2.0", line: 4),
            SymbolDefinition(namespace: "helm/chart", name: "version", value: "1.0.0", line: 3),
            SymbolDefinition(namespace: "helm/chart", name: "name", value: "app", line: 2),
        ])
    }

    func testImageMappingWithVersionInsteadOfTagIsReassembled() {
        let result = facts("charts/cache/values.yaml", """
        redis:
          image:
            repository: bitnami/redis
            version: 7.2.4
        exporter:
          image:
            repository: oliver006/redis_exporter
            tag: v1.62.0
            version: ignored
        """)
        assertRefs(result, [
            Ref(3, "helm/values-image", "bitnami/redis:7.2.4", lit("bitnami/redis:7.2.4")),
            Ref(7, "helm/values-image", "oliver006/redis_exporter:v1.62.0", lit("oliver006/redis_exporter:v1.62.0")),
        ])
        XCTAssertEqual(contexts(result), ["redis.image", "exporter.image"])
    }
}
