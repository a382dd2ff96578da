import Foundation
import Git
import Migration
import TestSupport
import XCTest

/// `census migrate` on Dockerfiles: the literal, the ARG default and `COPY --from`, byte for byte.
final class DockerfileMigrationTests: XCTestCase {
    func testLiteralArgDefaultAndCopyFromAreRewrittenWhereWritten() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("app", texts: [
            "Dockerfile": """
                # syntax=docker/dockerfile:1
                ARG BASE="centos:7"
                FROM ${BASE} AS build
                FROM centos:7   # the runtime
                COPY --from=centos:7 /etc/os-release /etc/
                FROM ubuntu:24.04

                """,
        ])
        try await fleet.crawl()
        let results = try fleet.migrate(from: "centos:7", to: "mcr.microsoft.com/azurelinux/base/core:3.0")
        let app = try XCTUnwrap(results.first)
        XCTAssertEqual(results.count, 1)
        XCTAssertNil(app.problem)
        XCTAssertEqual(app.verification, .passed)
        XCTAssertEqual(app.leftAlone, [])
        XCTAssertEqual(app.changes.map { "\($0.site.location) \($0.from) → \($0.to)" }, [
            "Dockerfile:2 centos:7 → mcr.microsoft.com/azurelinux/base/core:3.0",
            "Dockerfile:4 centos:7 → mcr.microsoft.com/azurelinux/base/core:3.0",
            "Dockerfile:5 centos:7 → mcr.microsoft.com/azurelinux/base/core:3.0",
        ])
        let commit = try XCTUnwrap(app.commit)
        XCTAssertEqual(try fleet.text("Dockerfile", at: commit, in: "app"), """
            # syntax=docker/dockerfile:1
            ARG BASE="mcr.microsoft.com/azurelinux/base/core:3.0"
            FROM ${BASE} AS build
            FROM mcr.microsoft.com/azurelinux/base/core:3.0   # the runtime
            COPY --from=mcr.microsoft.com/azurelinux/base/core:3.0 /etc/os-release /etc/
            FROM ubuntu:24.04

            """)
        let parent = try fleet.migrationRepository("app").commitInfo(try XCTUnwrap(ObjectID(hex: commit))).parents
        XCTAssertEqual(parent.map(\.hex), [app.scannedCommit], "the change follows the scanned tip")
        XCTAssertTrue(app.message.contains("- Dockerfile:3 centos:7 → mcr.microsoft.com/azurelinux/base/core:3.0 (written at Dockerfile:2)"),
                      app.message)
    }

    func testCRLFLinesAndAMissingFinalNewlineArePreserved() async throws {
        let fleet = try MigrationFleet()
        let original = "# base\r\nFROM  'centos:7'  AS build\r\nRUN echo centos:7 \\\r\n  && true\r\nFROM centos:7"
        try fleet.repository("app", branches: ["main": ["build/Dockerfile": .bytes(Array(original.utf8))]])
        try await fleet.crawl()
        let app = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: "azurelinux:3.0").first)
        XCTAssertEqual(app.verification, .passed)
        let bytes = try fleet.file("build/Dockerfile", at: try XCTUnwrap(app.commit), in: "app")
        XCTAssertEqual(bytes, Array("# base\r\nFROM  'azurelinux:3.0'  AS build\r\nRUN echo centos:7 \\\r\n  && true\r\nFROM azurelinux:3.0".utf8),
                       "only the image text changes; the RUN line's words are not an image")
        let diff = try XCTUnwrap(app.files.first?.diff)
        XCTAssertTrue(diff.contains("-FROM centos:7\n\\ No newline at end of file\n+FROM azurelinux:3.0\n\\ No newline at end of file\n"), diff)
        XCTAssertTrue(diff.contains("-FROM  'centos:7'  AS build\r\n+FROM  'azurelinux:3.0'  AS build\r\n"), diff)
    }

    func testADefinitionSharedWithAUsageThatDoesNotMatchIsLeftAloneAndReported() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("app", texts: [
            "Dockerfile": "ARG BASE=centos:7\nFROM ${BASE}\nFROM ${BASE}-slim\nFROM centos:7\n",
        ])
        try await fleet.crawl()
        let app = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: "azurelinux:3.0").first)
        XCTAssertEqual(app.verification, .passed)
        XCTAssertEqual(app.changes.map(\.site.location), ["Dockerfile:4"])
        XCTAssertEqual(app.leftAlone.map { "\($0.location) \($0.image): \($0.reason)" }, [
            "Dockerfile:2 centos:7: Dockerfile:1 writes centos:7, only part of the image centos:7-slim at Dockerfile:3",
        ])
        XCTAssertEqual(try fleet.text("Dockerfile", at: try XCTUnwrap(app.commit), in: "app"),
                       "ARG BASE=centos:7\nFROM ${BASE}\nFROM ${BASE}-slim\nFROM azurelinux:3.0\n")
        XCTAssertTrue(app.message.contains("Left alone:\n- Dockerfile:2 centos:7: Dockerfile:1 writes centos:7"), app.message)
    }

    func testNothingUnresolvedIsEditedAndNoBranchIsCreatedByDefault() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("app", texts: ["Dockerfile": "ARG BASE\nFROM ${BASE}\n"])
        try await fleet.crawl()
        let app = try XCTUnwrap(try fleet.migrate(from: "*", to: "azurelinux:3.0").first)
        XCTAssertNil(app.commit)
        XCTAssertEqual(app.changes, [])
        XCTAssertEqual(app.leftAlone.map(\.location), ["Dockerfile:2"])
        XCTAssertTrue(app.leftAlone.first?.reason.hasPrefix("unresolved") ?? false)
    }

    func testCommitOptionPutsTheVerifiedChangeOnANewBranchOfTheMirror() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("app", texts: ["Dockerfile": "FROM centos:7\n"])
        try await fleet.crawl()
        func objectFiles() throws -> [String] {
            let objects = try fleet.gitRepository("app").path + "/objects"
            return try FileManager.default.subpathsOfDirectory(atPath: objects).sorted()
        }
        let before = try objectFiles()
        let dry = try XCTUnwrap(try fleet.migrate(from: "centos:*", to: "azurelinux:3.0").first)
        XCTAssertNil(dry.createdBranch)
        XCTAssertNotNil(dry.commit)
        XCTAssertEqual(try objectFiles(), before, "a plan writes nothing into the user's repository")
        XCTAssertNil(try fleet.gitRepository("app").reference("refs/heads/census/migrate/azurelinux-3.0/main"))
        let app = try XCTUnwrap(try fleet.migrate(from: "centos:*", to: "azurelinux:3.0", createBranches: true).first)
        XCTAssertEqual(app.createdBranch, "census/migrate/azurelinux-3.0/main")
        XCTAssertEqual(try fleet.gitRepository("app").reference("refs/heads/census/migrate/azurelinux-3.0/main")?.hex, app.commit)
        XCTAssertEqual(dry.commit, app.commit, "the same change is the same commit")
    }

    func testAnImageBuiltFromTwoArgsMovesThroughThePartThatDiffers() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("app", texts: [
            "Dockerfile": """
                ARG PREREQS=mcr.microsoft.com/dotnet-buildtools/prereqs
                ARG TAG=ubuntu-18.04-cross-amd64
                FROM ${PREREQS}:${TAG} AS build
                FROM ${PREREQS}:centos-7

                """,
        ])
        try await fleet.crawl()
        let app = try XCTUnwrap(try fleet.migrate(from: "*prereqs:ubuntu-18.04*",
                                                   to: "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-cross-amd64").first)
        XCTAssertEqual(app.verification, .passed)
        XCTAssertEqual(app.changes.map { "\($0.site.location) \($0.from) → \($0.to)" },
                       ["Dockerfile:2 ubuntu-18.04-cross-amd64 → azurelinux-3.0-cross-amd64"], "PREREQS also serves line 4: kept")
        XCTAssertEqual(try fleet.text("Dockerfile", at: try XCTUnwrap(app.commit), in: "app"), """
            ARG PREREQS=mcr.microsoft.com/dotnet-buildtools/prereqs
            ARG TAG=azurelinux-3.0-cross-amd64
            FROM ${PREREQS}:${TAG} AS build
            FROM ${PREREQS}:centos-7

            """)
        XCTAssertTrue(app.message.contains("- Dockerfile:3 mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-18.04-cross-amd64 → "
            + "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-cross-amd64 (written at Dockerfile:2: "
            + "ubuntu-18.04-cross-amd64 → azurelinux-3.0-cross-amd64)"), app.message)
    }

    func testAPartSharedWithAnotherImageOrATargetNoPartCanReachIsLeftAlone() async throws {
        let fleet = try MigrationFleet()
        try fleet.repository("app", texts: [
            "Dockerfile": "ARG TAG=7\nARG REPO=centos\nFROM centos:${TAG}\nFROM rockylinux:${TAG}\nFROM ${REPO}:8\n",
        ])
        try await fleet.crawl()
        let tagged = try XCTUnwrap(try fleet.migrate(from: "centos:7", to: "centos:stream9").first)
        XCTAssertNil(tagged.commit)
        XCTAssertEqual(tagged.leftAlone.map { "\($0.location): \($0.reason)" }, [
            "Dockerfile:3: Dockerfile:1 writes 7, only part of the image rockylinux:7 at Dockerfile:4",
        ])
        let other = try XCTUnwrap(try fleet.migrate(from: "centos:8", to: "quay.io/centos/centos:stream9").first)
        XCTAssertNil(other.commit)
        XCTAssertEqual(other.leftAlone.map { "\($0.location): \($0.reason)" }, [
            "Dockerfile:5: no single place in the branch writes centos:8 or the one part of it that differs from "
                + "quay.io/centos/centos:stream9 (its parts are written at Dockerfile:2)",
        ])
    }
}
