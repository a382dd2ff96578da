import XCTest
@testable import Extraction

final class ImageBuilderManifestExtractorTests: XCTestCase {
    /// `(path:line kind context image-or-reason)` of every reference of a branch.
    func resolved(_ files: [String: String]) -> [String] {
        var all: [String: FileFacts] = [:]
        for (path, text) in files { all[path] = facts(path, text) }
        return BranchResolver.resolve(all).map {
            "\($0.path):\($0.line) \($0.kind) \($0.context ?? "-") \($0.image ?? "unresolved: \($0.reason ?? "")")"
        }
    }

    let manifest = """
    {
      "variables": {
        "sdkVersion": "9.0"
      },
      "repos": [
        {
          "name": "dotnet-buildtools/prereqs",
          "images": [
            {
              "platforms": [
                {
                  "dockerfile": "src/azurelinux/3.0/source-build-test/amd64",
                  "os": "linux",
                  "tags": { "azurelinux-3.0-source-build-test-amd64": {} },
                  "buildArgs": {
                    "DOTNET_VERSION": "8.0"
                  }
                },
                {
                  "dockerfile": "src/azurelinux/3.0/source-build-test/amd64/Dockerfile",
                  "os": "linux",
                  "tags": { "azurelinux-3.0-source-build-test-9-amd64": {} },
                  "buildArgs": {
                    "DOTNET_VERSION": "$(sdkVersion)"
                  }
                },
                {
                  "dockerfile": "src/ubuntu/24.04/helix/amd64",
                  "os": "linux",
                  "tags": { "ubuntu-24.04-helix-amd64": {} }
                }
              ]
            }
          ]
        }
      ]
    }
    """

    let dockerfile = """
    ARG DOTNET_VERSION
    FROM mcr.microsoft.com/dotnet/sdk:$DOTNET_VERSION-azurelinux3.0-amd64 AS installer
    RUN echo building
    FROM mcr.microsoft.com/dotnet/sdk:$DOTNET_VERSION-azurelinux3.0-amd64

    """

    func testPlatformBuildArgsResolveTheNamedDockerfilesFrom() {
        XCTAssertEqual(resolved([
            "src/azurelinux/manifest.json": manifest,
            "src/azurelinux/3.0/source-build-test/amd64/Dockerfile": dockerfile,
        ]), [
            "src/azurelinux/3.0/source-build-test/amd64/Dockerfile:2 dockerfile/from stage installer unresolved: build argument DOTNET_VERSION has no default",
            "src/azurelinux/3.0/source-build-test/amd64/Dockerfile:4 dockerfile/from stage 1 unresolved: build argument DOTNET_VERSION has no default",
            "src/azurelinux/manifest.json:15 imagebuilder/build-base repos[dotnet-buildtools/prereqs].images[0].platforms[0].buildArgs (src/azurelinux/3.0/source-build-test/amd64/Dockerfile) mcr.microsoft.com/dotnet/sdk:8.0-azurelinux3.0-amd64",
            "src/azurelinux/manifest.json:23 imagebuilder/build-base repos[dotnet-buildtools/prereqs].images[0].platforms[1].buildArgs (src/azurelinux/3.0/source-build-test/amd64/Dockerfile) mcr.microsoft.com/dotnet/sdk:9.0-azurelinux3.0-amd64",
        ])
    }

    func testManifestIncludesTheDockerfileItFeeds() {
        let found = facts("src/azurelinux/manifest.json", manifest)
        XCTAssertEqual(found.includes.map(\.path), [
            "src/azurelinux/3.0/source-build-test/amd64/Dockerfile", "src/azurelinux/3.0/source-build-test/amd64/Dockerfile",
        ])
        XCTAssertEqual(found.references.map(\.raw), ["DOTNET_VERSION=8.0", "DOTNET_VERSION=9.0"])
    }

    func testVariableTheManifestDoesNotDefineLeavesTheArgumentUnpassed() {
        let text = manifest.replacingOccurrences(of: "\"sdkVersion\": \"9.0\"", with: "\"other\": \"1\"")
        let found = facts("src/azurelinux/manifest.json", text)
        XCTAssertEqual(found.references.map(\.raw), ["DOTNET_VERSION=8.0"])
        XCTAssertEqual(found.warnings.count, 1)
        XCTAssertTrue(found.warnings.first?.message.contains("uses a variable this manifest does not define") == true,
                      "\(found.warnings)")
    }

    func testOtherManifestJsonFilesGiveNothing() {
        let webApp = """
        { "name": "app", "icons": [ { "src": "icon.png" } ], "repos": "none", "platforms": [] }
        """
        let found = facts("web/manifest.json", webApp)
        XCTAssertEqual(found.references, [])
        XCTAssertEqual(found.warnings, [])
        XCTAssertEqual(facts("src/manifest.json", "{ not json").warnings, [])
    }

    func testDockerfileOfAPlatformIsTheFileOrTheFoldersDockerfile() {
        XCTAssertEqual(ImageBuilderManifestExtractor.dockerfilePath("src/x/amd64"), "src/x/amd64/Dockerfile")
        XCTAssertEqual(ImageBuilderManifestExtractor.dockerfilePath("./src/x/amd64/Dockerfile.cross"), "src/x/amd64/Dockerfile.cross")
        XCTAssertEqual(FileKind.classify(path: "src/alpine/manifest.json"), .imageBuilderManifest)
    }
}
