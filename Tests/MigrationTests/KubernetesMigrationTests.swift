import Foundation
import Migration
import TestSupport
import XCTest

/// `census migrate` where Kubernetes manifests get their images from elsewhere: a Helm chart's values, a
/// kustomization's `newTag`. The part that differs is rewritten where it is written.
final class KubernetesMigrationTests: XCTestCase {
    private static let files = [
        "k8s/kustomization.yaml": "resources:\n- deployment.yaml\nimages:\n- name: centos\n  newTag: \"7\"\n",
        "k8s/deployment.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: centos

            """,
        "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
        "chart/values.yaml": "image:\n  repository: centos\n  tag: \"7\"   # the OS release\n",
        "chart/templates/deployment.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"

            """,
    ]

    func testAHelmValueAndAKustomizeTagMoveWhereTheyAreWritten() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("deploy", texts: Self.files)
        try await fleet.crawl()
        let branch = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: "centos:stream9").first)
        XCTAssertEqual(branch.verification, .passed)
        XCTAssertEqual(branch.leftAlone, [])
        XCTAssertEqual(branch.changes.map { "\($0.site.location) \($0.from) → \($0.to) (\($0.usages.count) usages)" }, [
            "chart/values.yaml:3 7 → stream9 (2 usages)",
            "k8s/kustomization.yaml:5 7 → stream9 (2 usages)",
        ])
        let commit = try XCTUnwrap(branch.commit)
        XCTAssertEqual(try fleet.text("chart/values.yaml", at: commit, in: "deploy"),
                       "image:\n  repository: centos\n  tag: \"stream9\"   # the OS release\n")
        XCTAssertEqual(try fleet.text("k8s/kustomization.yaml", at: commit, in: "deploy"),
                       "resources:\n- deployment.yaml\nimages:\n- name: centos\n  newTag: \"stream9\"\n")
    }

    func testATargetThatChangesMoreThanOnePartIsLeftAlone() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("deploy", texts: Self.files)
        try await fleet.crawl()
        let branch = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: "quay.io/centos/centos:stream9").first)
        XCTAssertNil(branch.commit)
        XCTAssertEqual(branch.leftAlone.map(\.location),
                       ["chart/templates/deployment.yaml:10", "chart/values.yaml:2", "k8s/deployment.yaml:10", "k8s/kustomization.yaml:5"])
        XCTAssertTrue(branch.leftAlone.allSatisfy { $0.reason.hasPrefix("no single place in the branch writes centos:7 or the one part") },
                      "\(branch.leftAlone.map(\.reason))")
    }
}
