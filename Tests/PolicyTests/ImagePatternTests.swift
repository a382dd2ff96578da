import Extraction
import XCTest
@testable import Policy

final class ImagePatternTests: XCTestCase {
    func testExactRepositoryMatchesEveryTagOfThatRepositoryOnly() throws {
        let pattern = try ImagePattern("mcr.microsoft.com/dotnet-buildtools/prereqs")
        XCTAssertTrue(pattern.matches(.parse("mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-22.04")))
        XCTAssertTrue(pattern.matches(.parse("mcr.microsoft.com/dotnet-buildtools/prereqs@sha256:" + String(repeating: "a", count: 64))))
        XCTAssertFalse(pattern.matches(.parse("mcr.microsoft.com/dotnet-buildtools/prereqs-extra:x")))
    }

    func testPrefixStarCoversNestedRepositoriesButNotSiblings() throws {
        let pattern = try ImagePattern("mcr.microsoft.com/dotnet/*")
        XCTAssertTrue(pattern.matches(.parse("mcr.microsoft.com/dotnet/sdk:8.0")))
        XCTAssertTrue(pattern.matches(.parse("mcr.microsoft.com/dotnet/nightly/sdk:10.0")))
        XCTAssertFalse(pattern.matches(.parse("mcr.microsoft.com/dotnet-buildtools/prereqs:x")))
    }

    func testShortNamesNormalizeLikeDocker() throws {
        let pattern = try ImagePattern("ubuntu:16.04")
        XCTAssertEqual(pattern.name.text, "docker.io/library/ubuntu")
        XCTAssertTrue(pattern.matches(.parse("docker.io/library/ubuntu:16.04")))
        XCTAssertTrue(pattern.matches(.parse("index.docker.io/ubuntu:16.04")))
        XCTAssertFalse(pattern.matches(.parse("ubuntu:18.04")))
    }

    func testTagGlobMatchesTheEffectiveTag() throws {
        let pattern = try ImagePattern("mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*")
        XCTAssertTrue(pattern.matches(.parse("mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7-20210714125435-9b5bbc2")))
        XCTAssertFalse(pattern.matches(.parse("mcr.microsoft.com/dotnet-buildtools/prereqs:centos-stream9")))
        let latest = try ImagePattern("nginx:latest")
        XCTAssertTrue(latest.matches(.parse("nginx")))
    }

    func testSetsAndQuestionMarks() throws {
        let glob = try Glob("alpine-3.1[0-3]?")
        XCTAssertTrue(glob.matches("alpine-3.12x"))
        XCTAssertFalse(glob.matches("alpine-3.14x"))
        XCTAssertFalse(glob.matches("alpine-3.12"))
        XCTAssertTrue(try Glob("[!a]*").matches("bcd"))
        XCTAssertFalse(try Glob("[!a]*").matches("abc"))
    }

    func testStarBacktracks() throws {
        XCTAssertTrue(try Glob("*-amd64*-x").matches("ubuntu-amd64-amd64-y-x"))
        XCTAssertFalse(try Glob("*-amd64").matches("ubuntu-arm64"))
        XCTAssertTrue(try Glob("*").matches(""))
    }

    func testDigestPatternsAreRefused() {
        XCTAssertThrowsError(try ImagePattern("ubuntu@sha256:abc")) { error in
            XCTAssertEqual((error as? Glob.SyntaxError)?.problem,
                           "digests cannot be matched; name the repository and, optionally, a tag")
        }
    }
}
