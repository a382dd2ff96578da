import Foundation

/// The files of the demo fleet. Dates are fixed so every build of the fleet is identical.
enum DemoFleetContent {
    static let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"

    static func day(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static var members: [DemoFleet.Member] {
        [runtime, aspnetcore, sdk, arcade, prereqsDocker, legacyTools]
    }

    // MARK: dotnet/runtime

    static func runtimeFiles(crossTag: String, helixQueue: String, alpineTag: String, extra: [String: String] = [:]) -> [String: String] {
        var files: [String: String] = [
            "README.md": "# runtime\n",
            ".github/CODEOWNERS": "* @dotnet/runtime-infrastructure\n/src/libraries/System.Net.Http/ @dotnet/ncl\n/eng/docker/ @dotnet/dotnet-docker\n",
            "eng/pipelines/runtime.yml": #"""
            trigger:
              branches:
                include: [main, release/*]
            resources:
              containers:
              - container: linux_x64
                image: mcr.microsoft.com/dotnet-buildtools/prereqs:\#(crossTag)
              - container: linux_musl_x64
                image: mcr.microsoft.com/dotnet-buildtools/prereqs:\#(alpineTag)
            variables:
            - template: /eng/pipelines/common/variables.yml
            stages:
            - stage: Build
              jobs:
              - template: /eng/pipelines/common/global-build-job.yml
                parameters:
                  container: linux_x64
                  platform: linux_x64
              - job: Musl
                pool:
                  vmImage: ubuntu-22.04
                container: linux_musl_x64
                steps:
                - script: ./build.sh -ci
            """#,
            "eng/pipelines/common/variables.yml": #"""
            variables:
            - name: sourceBuildImage
              value: mcr.microsoft.com/dotnet-buildtools/prereqs:centos-stream9
            - name: isOfficialBuild
              value: false
            """#,
            "eng/pipelines/common/global-build-job.yml": #"""
            parameters:
              container: ''
              platform: ''
            jobs:
            - job: build_${{ parameters.platform }}
              container: ${{ parameters.container }}
              pool:
                name: NetCore-Public
                demands: ImageOverride -equals build.ubuntu.2204.amd64.open
              steps:
              - script: ./build.sh -ci -os linux
            - job: sourcebuild_${{ parameters.platform }}
              container: $(sourceBuildImage)
              steps:
              - script: ./build.sh -sb
            """#,
            "eng/docker/build/Dockerfile": #"""
            # syntax=docker/dockerfile:1.7
            ARG PREREQS=mcr.microsoft.com/dotnet-buildtools/prereqs
            ARG TAG=\#(crossTag)
            FROM ${PREREQS}:${TAG} AS build
            WORKDIR /src
            COPY . .
            RUN ./build.sh -c Release \
                # keep the build output small
                -p:ContinuousIntegrationBuild=true

            FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-azurelinux3.0 AS final
            COPY --from=build /src/artifacts /app
            """#,
            "src/libraries/System.Net.Http/tests/StressTests/HttpStress/Dockerfile": #"""
            ARG SDK_BASE_IMAGE=mcr.microsoft.com/dotnet/nightly/sdk:10.0
            FROM $SDK_BASE_IMAGE
            RUN <<EOF
            echo "FROM ubuntu:14.04 is text inside a heredoc, not an instruction"
            EOF
            """#,
            "src/libraries/sendtohelix.proj": #"""
            <Project>
              <PropertyGroup>
                <HelixTargetQueue>(Ubuntu.2204.Amd64)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:\#(helixQueue)</HelixTargetQueue>
              </PropertyGroup>
              <ItemGroup>
                <HelixAvailableTargetQueue Include="Windows.11.Amd64.Client.Open" />
              </ItemGroup>
            </Project>
            """#,
        ]
        files.merge(extra) { _, new in new }
        return files
    }

    static var runtime: DemoFleet.Member {
        let main = runtimeFiles(crossTag: "azurelinux-3.0-net10.0-cross-amd64",
                                helixQueue: "ubuntu-22.04-helix-amd64", alpineTag: "alpine-3.21-WithNode")
        let mainLater = runtimeFiles(crossTag: "azurelinux-3.0-net10.0-cross-amd64",
                                     helixQueue: "ubuntu-24.04-helix-amd64", alpineTag: "alpine-3.21-WithNode")
        let release8 = runtimeFiles(
            crossTag: "ubuntu-18.04-cross-amd64-20220907200035-a6ad474",
            helixQueue: "ubuntu-18.04-helix-amd64", alpineTag: "alpine-3.13-WithNode",
            extra: ["eng/docker/centos7/Dockerfile": "FROM mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7\nRUN yum install -y rpm-build\n"])
        let release9 = runtimeFiles(crossTag: "cbl-mariner-2.0-cross-amd64",
                                    helixQueue: "ubuntu-22.04-helix-amd64", alpineTag: "alpine-3.21-WithNode")
        return DemoFleet.Member(name: "runtime", team: "runtime", branches: [
            "main": [
                DemoFleet.DemoCommit(files: main, message: "Build on Azure Linux 3.0", date: day("2026-09-01")),
                DemoFleet.DemoCommit(files: mainLater, message: "Move Helix to Ubuntu 24.04", date: day("2026-10-20")),
            ],
            "release/8.0": [DemoFleet.DemoCommit(files: release8, message: "Servicing", date: day("2024-10-01"))],
            "release/9.0": [DemoFleet.DemoCommit(files: release9, message: "Servicing", date: day("2025-06-10"))],
        ], defaultBranch: "main")
    }

    // MARK: dotnet/aspnetcore

    static func aspnetcoreFiles(sdk: String, testBase: String) -> [String: String] {
        [
            "README.md": "# aspnetcore\n",
            ".azure/pipelines/ci.yml": #"""
            pr:
              branches:
                include: ['*']
            jobs:
            - job: Linux_Build
              pool:
                vmImage: ubuntu-22.04
              container: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-20.04
              steps:
              - script: ./eng/build.sh -ci
            - job: Helix
              variables:
                HelixQueues: (Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-helix-amd64
              steps:
              - script: ./eng/helix.sh
            """#,
            "src/Components/Web.JS/Dockerfile": #"""
            FROM node:18 AS web
            WORKDIR /web
            COPY package.json .
            RUN npm ci

            FROM \#(sdk) AS build
            COPY --from=web /web/dist /src/wwwroot
            RUN --mount=type=cache,target=/root/.nuget \
                dotnet publish -c Release -o /out

            FROM alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
            COPY --from=build /out /app
            """#,
            "src/Servers/Kestrel/test/Interop.FunctionalTests/Dockerfile": "FROM \(testBase)\nRUN apt-get update && apt-get install -y curl\n",
            "docker-compose.yml": #"""
            services:
              cache:
                image: ${REDIS_IMAGE:-redis:6.2}
              sql:
                image: mcr.microsoft.com/mssql/server:2019-latest
              app:
                build:
                  context: .
                  dockerfile: src/Components/Web.JS/Dockerfile
            """#,
        ]
    }

    static var aspnetcore: DemoFleet.Member {
        DemoFleet.Member(name: "aspnetcore", team: "aspnetcore", branches: [
            "main": [DemoFleet.DemoCommit(files: aspnetcoreFiles(sdk: "mcr.microsoft.com/dotnet/sdk:10.0", testBase: "ubuntu:24.04"),
                                          message: "Update SDK", date: day("2026-10-05"))],
            "release/8.0": [DemoFleet.DemoCommit(files: aspnetcoreFiles(sdk: "mcr.microsoft.com/dotnet/sdk:8.0", testBase: "ubuntu:18.04"),
                                                 message: "Servicing", date: day("2024-05-14"))],
        ], defaultBranch: "main")
    }

    // MARK: dotnet/sdk

    static func sdkFiles(image: String) -> [String: String] {
        [
            "README.md": "# sdk\n",
            ".vsts-ci.yml": #"""
            variables:
              containerImage: \#(image)
              _TeamName: DotNet-Cli
            jobs:
            - job: Linux
              container: $(containerImage)
              pool:
                vmImage: ubuntu-latest
              steps:
              - script: ./build.sh
            - job: Docs
              container: $(Build.ContainerImage)
              steps:
              - script: echo docs
            """#,
            "src/Tests/TestAssets/Dockerfile": #"""
            ARG BASE
            FROM ${BASE}
            COPY . /app
            """#,
            ".github/workflows/ci.yml": #"""
            on: [push]
            jobs:
              test:
                runs-on: ubuntu-latest
                strategy:
                  matrix:
                    distro: ["debian:12", "ubuntu:22.04"]
                container: ${{ matrix.distro }}
                services:
                  db:
                    image: postgres:15
                steps:
                - uses: actions/checkout@v4
                - uses: docker://mcr.microsoft.com/dotnet/sdk:9.0
            """#,
        ]
    }

    static var sdk: DemoFleet.Member {
        DemoFleet.Member(name: "sdk", team: "sdk", branches: [
            "main": [DemoFleet.DemoCommit(files: sdkFiles(image: "\(prereqs):azurelinux-3.0-net10.0-build-amd64"),
                                          message: "Use Azure Linux", date: day("2026-08-12"))],
            "release/9.0.1xx": [DemoFleet.DemoCommit(files: sdkFiles(image: "\(prereqs):azurelinux-3.0-net9.0-build-amd64"),
                                                     message: "Servicing", date: day("2025-03-02"))],
        ], defaultBranch: "main")
    }

    // MARK: dotnet/arcade

    static var arcade: DemoFleet.Member {
        let files: [String: String] = [
            "README.md": "# arcade\n",
            "azure-pipelines.yml": #"""
            extends:
              template: v1/1ES.Official.PipelineTemplate.yml@1ESPipelineTemplates
              parameters:
                pool:
                  name: NetCore1ESPool-Internal
                  image: 1es-windows-2022
                  os: windows
                containers:
                  LinuxContainer:
                    image: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64
                    env:
                      DOTNET_CLI_TELEMETRY_OPTOUT: 1
                stages:
                - stage: build
                  jobs:
                  - job: Linux
                    container: LinuxContainer
                    steps:
                    - script: ./eng/common/cibuild.sh
                  - ${{ if eq(variables['System.TeamProject'], 'internal') }}:
                    - job: SourceBuild
                      container: mcr.microsoft.com/dotnet-buildtools/prereqs:centos-stream9
                      steps:
                      - script: ./build.sh -sb
            """#,
            "tests/UnitTests.proj": #"""
            <Project>
              <ItemGroup>
                <HelixAvailableTargetQueue Include="(Debian.11.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:debian-11-helix-amd64" />
                <HelixAvailableTargetQueue Include="(Alpine.313.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:alpine-3.13-helix-amd64" />
              </ItemGroup>
            </Project>
            """#,
            ".devcontainer/devcontainer.json": #"""
            {
              // The dev container used by Codespaces
              "image": "mcr.microsoft.com/devcontainers/dotnet:1-8.0",
            }
            """#,
        ]
        return DemoFleet.Member(name: "arcade", team: "dnceng", branches: [
            "main": [DemoFleet.DemoCommit(files: files, message: "1ES templates", date: day("2026-07-01"))],
        ], defaultBranch: "main")
    }

    // MARK: dotnet/legacy-tools

    static var legacyTools: DemoFleet.Member {
        let files: [String: String] = [
            "README.md": "# legacy-tools\n",
            ".gitlab-ci.yml": #"""
            variables:
              BASE_IMAGE: centos:7
            image: $BASE_IMAGE
            build:
              script: make
            package:
              image: debian:buster
              script: make package
            publish:
              image: $CI_REGISTRY/tools/publisher:latest
              script: ./publish.sh
            """#,
            "docker/Dockerfile": "FROM ubuntu\nRUN apt-get update\n",
            "deploy/k8s.yaml": #"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: tools
            spec:
              template:
                spec:
                  containers:
                  - name: tools
                    image: registry.example.com/tools/api:1.4.2
            """#,
        ]
        return DemoFleet.Member(name: "legacy-tools", team: "tools", branches: [
            "main": [DemoFleet.DemoCommit(files: files, message: "Initial import", date: day("2023-02-01"))],
        ], defaultBranch: "main")
    }
}
