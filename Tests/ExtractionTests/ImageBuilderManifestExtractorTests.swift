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
            "src/azurelinux/manifest.json:14 imagebuilder/build-tag repos[dotnet-buildtools/prereqs].images[0].platforms[0].tags (src/azurelinux/3.0/source-build-test/amd64/Dockerfile) unresolved: registry is not defined in this branch",
            "src/azurelinux/manifest.json:15 imagebuilder/build-base repos[dotnet-buildtools/prereqs].images[0].platforms[0].buildArgs (src/azurelinux/3.0/source-build-test/amd64/Dockerfile) mcr.microsoft.com/dotnet/sdk:8.0-azurelinux3.0-amd64",
            "src/azurelinux/manifest.json:22 imagebuilder/build-tag repos[dotnet-buildtools/prereqs].images[0].platforms[1].tags (src/azurelinux/3.0/source-build-test/amd64/Dockerfile) unresolved: registry is not defined in this branch",
            "src/azurelinux/manifest.json:23 imagebuilder/build-base repos[dotnet-buildtools/prereqs].images[0].platforms[1].buildArgs (src/azurelinux/3.0/source-build-test/amd64/Dockerfile) mcr.microsoft.com/dotnet/sdk:9.0-azurelinux3.0-amd64",
            "src/azurelinux/manifest.json:30 imagebuilder/build-tag repos[dotnet-buildtools/prereqs].images[0].platforms[2].tags (src/ubuntu/24.04/helix/amd64/Dockerfile) unresolved: registry is not defined in this branch",
        ], "without the root manifest, nothing says which registry the tags are published to")
    }

    func testManifestIncludesTheDockerfileItFeeds() {
        let found = facts("src/azurelinux/manifest.json", manifest)
        XCTAssertEqual(found.includes.map(\.path), [
            "src/azurelinux/3.0/source-build-test/amd64/Dockerfile", "src/azurelinux/3.0/source-build-test/amd64/Dockerfile",
        ])
        XCTAssertEqual(found.references.filter { $0.kind == "imagebuilder/build-base" }.map(\.raw), ["DOTNET_VERSION=8.0", "DOTNET_VERSION=9.0"])
    }

    func testVariableTheManifestDoesNotDefineLeavesTheArgumentUnpassed() {
        let text = manifest.replacingOccurrences(of: "\"sdkVersion\": \"9.0\"", with: "\"other\": \"1\"")
        let found = facts("src/azurelinux/manifest.json", text)
        XCTAssertEqual(found.references.filter { $0.kind == "imagebuilder/build-base" }.map(\.raw), ["DOTNET_VERSION=8.0"])
        XCTAssertEqual(found.warnings.count, 1)
        XCTAssertTrue(found.warnings.first?.message.contains("uses a variable this manifest does not define") == true,
                      "\(found.warnings)")
    }

    func testTagsArePublishedToTheRegistryOfTheRootManifestThatIncludesThem() {
        let root = """
        {
          "registry": "mcr.microsoft.com",
          "variables": { "System:TimeStamp": "", "distro": "azurelinux" },
          "includes": [ "src/azurelinux/manifest.json" ]
        }
        """
        let included = """
        {
          "repos": [
            {
              "name": "dotnet-buildtools/prereqs",
              "images": [
                {
                  "platforms": [
                    {
                      "dockerfile": "src/azurelinux/3.0/build/amd64",
                      "tags": {
                        "$(distro)-3.0-build-amd64": {},
                        "$(distro)-3.0-build-amd64-$(System:TimeStamp)": {},
                        "local-only": { "isLocal": true }
                      }
                    }
                  ]
                }
              ]
            }
          ]
        }
        """
        XCTAssertEqual(resolved(["manifest.json": root, "src/azurelinux/manifest.json": included]), [
            "src/azurelinux/manifest.json:11 imagebuilder/build-tag repos[dotnet-buildtools/prereqs].images[0].platforms[0].tags "
                + "(src/azurelinux/3.0/build/amd64/Dockerfile) mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-build-amd64",
        ], "a tag made new by every build and a local-only tag are not published names")
        XCTAssertEqual(ReferenceRole(kind: "imagebuilder/build-tag"), .localBuild)
        XCTAssertEqual(facts("manifest.json", root).includes.map(\.path), ["src/azurelinux/manifest.json"])
    }

    func testARootManifestWithItsOwnReposPublishesToItsRegistry() {
        let root = """
        { "registry": "registry.example.com", "includes": [],
          "repos": [ { "name": "team/a", "images": [ { "platforms": [
            { "dockerfile": "docker/centos/Dockerfile", "tags": { "x": {} } } ] } ] } ] }
        """
        let found = facts("manifest.json", root)
        XCTAssertEqual(found.references.map(\.kind), ["imagebuilder/build-tag"])
        XCTAssertEqual(found.references.first?.value, .literal("registry.example.com/team/a:x"))
        XCTAssertEqual(LocalBuild.dockerfile(context: found.references.first?.context), "docker/centos/Dockerfile")
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
