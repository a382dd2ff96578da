import Foundation

/// The demo's `dotnet-buildtools-prereqs-docker`: an ImageBuilder manifest whose history adds and
/// removes standard tags, the source of "current", "removed" and "how old" for the policy.
extension DemoFleetContent {
    /// One platform of the manifest: where its Dockerfile lives, its OS, and its floating tag.
    struct PrereqsImage {
        var os: String          // include file: src/<os>/manifest.json
        var osVersion: String
        var dockerfile: String
        var tag: String
        var base: String
        var architecture: String = "amd64"
    }

    static let prereqsCatalog: [String: PrereqsImage] = {
        let images = [
            PrereqsImage(os: "ubuntu", osVersion: "bionic", dockerfile: "src/ubuntu/18.04/cross/arm64",
                         tag: "ubuntu-18.04-cross-arm64", base: "ubuntu:18.04", architecture: "arm64"),
            PrereqsImage(os: "ubuntu", osVersion: "bionic", dockerfile: "src/ubuntu/18.04/helix/amd64",
                         tag: "ubuntu-18.04-helix-amd64", base: "ubuntu:18.04"),
            PrereqsImage(os: "ubuntu", osVersion: "focal", dockerfile: "src/ubuntu/20.04/amd64",
                         tag: "ubuntu-20.04", base: "ubuntu:20.04"),
            PrereqsImage(os: "ubuntu", osVersion: "jammy", dockerfile: "src/ubuntu/22.04/helix/amd64",
                         tag: "ubuntu-22.04-helix-amd64", base: "ubuntu:22.04"),
            PrereqsImage(os: "ubuntu", osVersion: "noble", dockerfile: "src/ubuntu/24.04/helix/amd64",
                         tag: "ubuntu-24.04-helix-amd64", base: "ubuntu:24.04"),
            PrereqsImage(os: "centos", osVersion: "centos7", dockerfile: "src/centos/7/amd64",
                         tag: "centos-7", base: "centos:7"),
            PrereqsImage(os: "centos", osVersion: "centos-stream9", dockerfile: "src/centos/stream9/amd64",
                         tag: "centos-stream9", base: "quay.io/centos/centos:stream9"),
            PrereqsImage(os: "alpine", osVersion: "alpine3.13", dockerfile: "src/alpine/3.13/withnode/amd64",
                         tag: "alpine-3.13-WithNode", base: "alpine:3.13"),
            PrereqsImage(os: "alpine", osVersion: "alpine3.13", dockerfile: "src/alpine/3.13/helix/amd64",
                         tag: "alpine-3.13-helix-amd64", base: "alpine:3.13"),
            PrereqsImage(os: "alpine", osVersion: "alpine3.21", dockerfile: "src/alpine/3.21/withnode/amd64",
                         tag: "alpine-3.21-WithNode", base: "alpine:3.21"),
            PrereqsImage(os: "debian", osVersion: "bullseye", dockerfile: "src/debian/11/helix/amd64",
                         tag: "debian-11-helix-amd64", base: "debian:bullseye"),
            PrereqsImage(os: "debian", osVersion: "bookworm", dockerfile: "src/debian/12/helix/amd64",
                         tag: "debian-12-helix-amd64", base: "debian:bookworm"),
            PrereqsImage(os: "cbl-mariner", osVersion: "cbl-mariner2.0", dockerfile: "src/cbl-mariner/2.0/cross/amd64",
                         tag: "cbl-mariner-2.0-cross-amd64", base: "mcr.microsoft.com/cbl-mariner/base/core:2.0"),
            PrereqsImage(os: "azurelinux", osVersion: "azurelinux3.0", dockerfile: "src/azurelinux/3.0/net9.0/build/amd64",
                         tag: "azurelinux-3.0-net9.0-build-amd64", base: "mcr.microsoft.com/azurelinux/base/core:3.0"),
            PrereqsImage(os: "azurelinux", osVersion: "azurelinux3.0", dockerfile: "src/azurelinux/3.0/net10.0/build/amd64",
                         tag: "azurelinux-3.0-net10.0-build-amd64", base: "mcr.microsoft.com/azurelinux/base/core:3.0"),
            PrereqsImage(os: "azurelinux", osVersion: "azurelinux3.0", dockerfile: "src/azurelinux/3.0/net10.0/cross/amd64",
                         tag: "azurelinux-3.0-net10.0-cross-amd64", base: "mcr.microsoft.com/azurelinux/base/core:3.0"),
            PrereqsImage(os: "azurelinux", osVersion: "azurelinux3.0", dockerfile: "src/azurelinux/3.0/net10.0/cross/arm64",
                         tag: "azurelinux-3.0-net10.0-cross-arm64", base: "mcr.microsoft.com/azurelinux/base/core:3.0",
                         architecture: "arm64"),
            PrereqsImage(os: "azurelinux", osVersion: "azurelinux3.0", dockerfile: "src/azurelinux/3.0/net10.0/fpm/amd64",
                         tag: "azurelinux-3.0-net10.0-fpm-amd64", base: "mcr.microsoft.com/azurelinux/base/core:3.0"),
        ]
        return Dictionary(uniqueKeysWithValues: images.map { ($0.tag, $0) })
    }()

    /// The tags defined at each point of the repository's history.
    static let prereqsHistory: [(date: String, message: String, tags: [String])] = [
        ("2024-03-04", "Initial images", [
            "ubuntu-18.04-cross-arm64", "ubuntu-18.04-helix-amd64", "ubuntu-20.04", "ubuntu-22.04-helix-amd64",
            "centos-7", "alpine-3.13-WithNode", "alpine-3.13-helix-amd64", "debian-11-helix-amd64",
            "cbl-mariner-2.0-cross-amd64",
        ]),
        ("2024-11-12", "Add Azure Linux 3.0 for .NET 9; retire CentOS 7", [
            "ubuntu-18.04-cross-arm64", "ubuntu-18.04-helix-amd64", "ubuntu-20.04", "ubuntu-22.04-helix-amd64",
            "alpine-3.13-WithNode", "alpine-3.13-helix-amd64", "debian-11-helix-amd64", "debian-12-helix-amd64",
            "cbl-mariner-2.0-cross-amd64", "azurelinux-3.0-net9.0-build-amd64", "centos-stream9",
        ]),
        ("2025-05-20", "Alpine 3.21 replaces 3.13", [
            "ubuntu-18.04-cross-arm64", "ubuntu-18.04-helix-amd64", "ubuntu-20.04", "ubuntu-22.04-helix-amd64",
            "alpine-3.21-WithNode", "debian-11-helix-amd64", "debian-12-helix-amd64",
            "cbl-mariner-2.0-cross-amd64", "azurelinux-3.0-net9.0-build-amd64", "centos-stream9",
        ]),
        ("2025-10-01", "Azure Linux 3.0 images for .NET 10", [
            "ubuntu-18.04-cross-arm64", "ubuntu-18.04-helix-amd64", "ubuntu-20.04", "ubuntu-22.04-helix-amd64",
            "ubuntu-24.04-helix-amd64", "alpine-3.21-WithNode", "debian-11-helix-amd64", "debian-12-helix-amd64",
            "cbl-mariner-2.0-cross-amd64", "azurelinux-3.0-net9.0-build-amd64", "azurelinux-3.0-net10.0-build-amd64",
            "azurelinux-3.0-net10.0-cross-amd64", "azurelinux-3.0-net10.0-cross-arm64",
            "azurelinux-3.0-net10.0-fpm-amd64", "centos-stream9",
        ]),
        ("2026-04-16", "Remove Ubuntu 18.04, Ubuntu 20.04, Debian 11 and CBL-Mariner 2.0", [
            "ubuntu-22.04-helix-amd64", "ubuntu-24.04-helix-amd64", "alpine-3.21-WithNode", "debian-12-helix-amd64",
            "azurelinux-3.0-net9.0-build-amd64", "azurelinux-3.0-net10.0-build-amd64",
            "azurelinux-3.0-net10.0-cross-amd64", "azurelinux-3.0-net10.0-cross-arm64",
            "azurelinux-3.0-net10.0-fpm-amd64", "centos-stream9",
        ]),
    ]

    static var prereqsDocker: DemoFleet.Member {
        let commits = prereqsHistory.map { entry in
            DemoFleet.DemoCommit(files: prereqsFiles(tags: entry.tags), message: entry.message, date: day(entry.date))
        }
        return DemoFleet.Member(name: "dotnet-buildtools-prereqs-docker", team: "dnceng",
                                branches: ["main": commits], defaultBranch: "main")
    }

    /// The repository's files when `tags` are the defined floating tags.
    static func prereqsFiles(tags: [String]) -> [String: String] {
        let images = tags.compactMap { prereqsCatalog[$0] }
        let byOS = Dictionary(grouping: images, by: \.os)
        var files: [String: String] = ["README.md": "# dotnet-buildtools-prereqs-docker\n"]
        let includes = byOS.keys.sorted().map { "    \"src/\($0)/manifest.json\"" }.joined(separator: ",\n")
        files["manifest.json"] = """
        {
          "readme": "README.md",
          "registry": "mcr.microsoft.com",
          "variables": {
            "System:TimeStamp": "",
            "System:DockerfileGitCommitSha": ""
          },
          "includes": [
        \(includes)
          ]
        }

        """
        for (os, osImages) in byOS {
            let platforms = osImages.sorted { $0.tag < $1.tag }.map { image in
                """
                        {
                          "platforms": [
                            {
                              "architecture": "\(image.architecture)",
                              "dockerfile": "\(image.dockerfile)",
                              "os": "linux",
                              "osVersion": "\(image.osVersion)",
                              "tags": {
                                "\(image.tag)": {},
                                "\(image.tag)-$(System:TimeStamp)-$(System:DockerfileGitCommitSha)": { "isLocal": true }
                              }
                            }
                          ]
                        }
                """
            }.joined(separator: ",\n")
            files["src/\(os)/manifest.json"] = """
            {
              "repos": [
                {
                  "name": "dotnet-buildtools/prereqs",
                  "images": [
            \(platforms)
                  ]
                }
              ]
            }

            """
            for image in osImages {
                files[image.dockerfile + "/Dockerfile"] = "FROM \(image.base)\nRUN echo build tools for \(image.tag)\n"
            }
        }
        return files
    }
}
