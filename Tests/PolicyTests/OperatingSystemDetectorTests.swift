import Extraction
import XCTest
@testable import Policy

final class OperatingSystemDetectorTests: XCTestCase {
    private let now = CalendarDay.parse("2026-11-22")!

    func testPrereqsTagsNameTheirOS() {
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-18.04-helix-amd64", .ubuntu, "18.04", eol: "2023-05-31")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:alpine-3.13-WithNode", .alpine, "3.13", eol: "2022-11-01")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7-20210714125435-9b5bbc2", .centos, "7", eol: "2024-06-30")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:centos-stream9", .centosStream, "9", eol: "2027-05-31")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:debian-11-helix-arm64v8", .debian, "11", eol: "2026-08-31")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:cbl-mariner-2.0-cross-arm64", .azureLinux, "2.0", eol: "2025-07-31")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64", .azureLinux, "3.0", eol: "2027-08-31")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:fedora-38-helix", .fedora, "38", eol: "2024-05-21")
        assertDetects("mcr.microsoft.com/dotnet-buildtools/prereqs:opensuse-15.4-helix-amd64", .opensuseLeap, "15.4", eol: "2023-12-07")
    }

    func testOfficialDistributionImagesUseTheirTag() {
        assertDetects("debian:buster", .debian, "10", eol: "2024-06-30")
        assertDetects("debian:10.13-slim", .debian, "10", eol: "2024-06-30")
        assertDetects("ubuntu:16.04", .ubuntu, "16.04", eol: "2021-04-30")
        assertDetects("ubuntu:xenial-20210416", .ubuntu, "16.04", eol: "2021-04-30")
        assertDetects("centos:7", .centos, "7", eol: "2024-06-30")
        assertDetects("centos:centos7.9.2009", .centos, "7", eol: "2024-06-30")
        assertDetects("quay.io/centos/centos:stream8", .centosStream, "8", eol: "2024-05-31")
        assertDetects("alpine:3.13", .alpine, "3.13", eol: "2022-11-01")
        assertDetects("alpine:3.13.5", .alpine, "3.13", eol: "2022-11-01")
        assertDetects("mcr.microsoft.com/cbl-mariner/base/core:2.0", .azureLinux, "2.0", eol: "2025-07-31")
        assertDetects("mcr.microsoft.com/azurelinux/base/core:3.0", .azureLinux, "3.0", eol: "2027-08-31")
        assertDetects("amazonlinux:2", .amazonLinux, "2", eol: "2026-06-30")
        assertDetects("amazonlinux:2.0.20230119.1", .amazonLinux, "2", eol: "2026-06-30")
        assertDetects("fedora:39", .fedora, "39", eol: "2024-11-26")
        assertDetects("opensuse/leap:15.6", .opensuseLeap, "15.6", eol: "2026-04-30")
        assertDetects("registry.access.redhat.com/ubi8/ubi-minimal:8.9", .rhel, "8", eol: "2029-05-31")
    }

    func testOSMarkersInsideOtherImagesTags() {
        assertDetects("node:16-alpine3.13", .alpine, "3.13", eol: "2022-11-01")
        assertDetects("python:3.9-slim-buster", .debian, "10", eol: "2024-06-30")
        assertDetects("mcr.microsoft.com/dotnet/sdk:8.0-bookworm-slim", .debian, "12", eol: "2028-06-30")
        assertDetects("mcr.microsoft.com/dotnet/runtime:6.0-cbl-mariner2.0", .azureLinux, "2.0", eol: "2025-07-31")
        assertDetects("mcr.microsoft.com/dotnet/sdk:8.0-jammy", .ubuntu, "22.04", eol: "2027-06-01")
    }

    func testNothingIsGuessedWithoutAnOSMarker() {
        for image in ["ubuntu", "ubuntu:latest", "alpine:edge", "mcr.microsoft.com/dotnet/sdk:8.0",
                      "mcr.microsoft.com/dotnet/sdk:8.0-alpine", "nginx:1.27", "redis:7.2-alpine",
                      "myorg/ubiquity:1", "grafana/grafana:10.4.1"] {
            XCTAssertNil(OperatingSystemDetector.detect(in: .parse(image)), image)
        }
    }

    func testTagRangeCoversTheMarker() throws {
        let found = try XCTUnwrap(OperatingSystemDetector.detect(inTag: "ubuntu-18.04-cross-arm64"))
        XCTAssertEqual(found.tagRange, 0..<12)
    }

    func testEndOfLifeIsInclusiveOfTheDay() throws {
        let release = try XCTUnwrap(EndOfLifeTable.release(.debian, codename: "bullseye"))
        XCTAssertFalse(release.isEndOfLife(at: CalendarDay.parse("2026-08-30")!))
        XCTAssertTrue(release.isEndOfLife(at: CalendarDay.parse("2026-08-31")!))
    }

    func testNewestSupportedReleasePerDistribution() {
        XCTAssertEqual(EndOfLifeTable.newestSupported(.ubuntu, at: now)?.version, "24.04")
        XCTAssertEqual(EndOfLifeTable.newestSupported(.debian, at: now)?.version, "13")
        XCTAssertEqual(EndOfLifeTable.newestSupported(.alpine, at: now)?.version, "3.23")
        XCTAssertEqual(EndOfLifeTable.newestSupported(.azureLinux, at: now)?.version, "3.0")
        XCTAssertNil(EndOfLifeTable.newestSupported(.centos, at: now))
    }

    func testEveryTableDateIsAValidDay() {
        for release in EndOfLifeTable.releases {
            if let text = release.endOfLife {
                XCTAssertNotNil(CalendarDay.parse(text), release.displayName)
            }
        }
        let keys = EndOfLifeTable.releases.map { "\($0.os.rawValue) \($0.version)" }
        XCTAssertEqual(Set(keys).count, keys.count, "each release appears once")
    }

    private func assertDetects(_ image: String, _ os: OperatingSystem, _ version: String, eol: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        guard let found = OperatingSystemDetector.detect(in: .parse(image)) else {
            return XCTFail("no OS detected in \(image)", file: file, line: line)
        }
        XCTAssertEqual(found.release.os, os, image, file: file, line: line)
        XCTAssertEqual(found.release.version, version, image, file: file, line: line)
        XCTAssertEqual(found.release.endOfLife, eol, image, file: file, line: line)
    }
}
