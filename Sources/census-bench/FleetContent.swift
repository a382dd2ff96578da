import Git

/// The files of one branch of one generated repository: mostly source files, a few percent Dockerfiles
/// and pipeline YAML (Azure Pipelines, GitHub Actions, GitLab CI, docker-compose, Kubernetes) naming
/// images in the forms real repositories use, and an `eng/common` folder shared by every repository.
///
/// Release branches are the main branch with a few dozen files changed (image tags moved, sources
/// edited), the way release branches of a real product share most of their content.
struct FleetContent {
    let repository: Int
    let fileCount: Int

    static let registries = [
        "mcr.microsoft.com/dotnet-buildtools/prereqs", "mcr.microsoft.com/dotnet/sdk", "mcr.microsoft.com/dotnet/runtime",
        "mcr.microsoft.com/dotnet/aspnet", "mcr.microsoft.com/azurelinux/base/core", "docker.io/library/ubuntu",
        "alpine", "node", "golang", "registry.example.com/platform/base", "ghcr.io/example/tools/builder",
    ]
    static let tags = ["8.0", "9.0", "10.0", "3.0", "22.04", "3.20", "20-bookworm", "1.22", "azurelinux-3.0-net9.0-build-amd64",
                       "ubuntu-22.04-helix-amd64", "alpine-3.19-helix-amd64", "latest", "2024.06.1"]
    static let words = ["var", "result", "return", "public", "static", "async", "await", "context", "builder", "options",
                        "value", "string", "int", "if", "else", "foreach", "new", "this", "null", "true", "false",
                        "Configure", "Services", "Request", "Response", "Handler", "Logger", "Task", "List", "Map"]

    /// Every file of `branch` (0 is `main`, n is `release/n.0`).
    func files(branch: Int) -> [String: FileContent] {
        var files = baseFiles()
        if branch > 0 {
            for (path, content) in releaseChanges(branch: branch) { files[path] = content }
        }
        return files
    }

    /// Branch names: `main` then `release/1.0` … in order.
    static func branchName(_ index: Int) -> String {
        index == 0 ? "main" : "release/\(index).0"
    }

    // MARK: Layout

    /// The paths and roles of the main branch's files.
    private func layout() -> [(path: String, role: Role)] {
        var rng = SplitMix("layout", repository)
        var result: [(String, Role)] = []
        let dockerfiles = max(2, fileCount * 15 / 1000)
        let pipelines = max(2, fileCount * 20 / 1000)
        let configs = max(1, fileCount * 10 / 1000)
        // Shared engineering files, identical in every repository (like arcade's eng/common).
        for index in 0..<8 { result.append(("eng/common/templates/job-\(index).yml", .sharedTemplate(index))) }
        for index in 0..<12 { result.append(("eng/common/scripts/tool-\(index).sh", .source(1_000 + index))) }
        result.append((".gitlab-ci.yml", .gitlab))
        result.append(("docker-compose.yml", .compose))
        for index in 0..<dockerfiles {
            let folder = "src/Service\(index % 17)/docker"
            let name = index % 3 == 0 ? "Dockerfile" : (index % 3 == 1 ? "Dockerfile.\(index)" : "build-\(index).dockerfile")
            result.append(("\(folder)/\(name)", .dockerfile(index)))
        }
        for index in 0..<pipelines {
            switch index % 4 {
            case 0: result.append(("eng/pipelines/ci-\(index).yml", .azurePipeline(index)))
            case 1: result.append((".github/workflows/build-\(index).yml", .githubWorkflow(index)))
            case 2: result.append(("deploy/k8s/app-\(index).yaml", .kubernetes(index)))
            default: result.append(("eng/pipelines/templates/jobs-\(index).yml", .azurePipeline(index)))
            }
        }
        for index in 0..<configs { result.append(("src/Service\(index % 17)/appsettings-\(index).yml", .config(index))) }
        // One project file per service (MSBuild files are candidates too).
        for index in 0..<17 { result.append(("src/Service\(index)/Service\(index).csproj", .project(index))) }
        var index = 0
        while result.count < fileCount {
            let top = rng.pick(["src", "src", "src", "tests", "docs", "tools"])
            let area = rng.int(0...16)
            let sub = rng.int(0...5)
            // Shell scripts are candidates (docker command lines): about 2% of the files here with
            // eng/common's, against 1.5% in 13 real repositories (median 1.3%).
            let ext = top == "docs" ? "md" : (rng.int(0...99) < 2 ? "sh" : rng.pick(["cs", "cs", "cs", "cs", "json", "txt"]))
            result.append(("\(top)/Area\(area)/Part\(sub)/File\(index).\(ext)", .source(index)))
            index += 1
        }
        return result
    }

    private enum Role {
        case source(Int), dockerfile(Int), azurePipeline(Int), githubWorkflow(Int), kubernetes(Int), config(Int), project(Int)
        case sharedTemplate(Int), gitlab, compose
    }

    /// The files of `main`.
    func baseFiles() -> [String: FileContent] {
        var files: [String: FileContent] = [:]
        for (path, role) in layout() { files[path] = .text(text(for: role, variant: 0)) }
        return files
    }

    /// The files a release branch changes against `main`: about 1% of them (image tags in a few
    /// Dockerfiles and pipelines, and some sources).
    func releaseChanges(branch: Int) -> [String: FileContent] {
        var rng = SplitMix("release", repository, branch)
        let entries = layout()
        var changes: [String: FileContent] = [:]
        for _ in 0..<max(3, fileCount / 100) {
            let (path, role) = entries[rng.int(0...(entries.count - 1))]
            if case .sharedTemplate = role { continue }
            changes[path] = .text(text(for: role, variant: branch))
        }
        return changes
    }

    // MARK: Contents

    private func image(_ rng: inout SplitMix, variant: Int) -> String {
        let repositoryName = rng.pick(Self.registries)
        let tag = rng.pick(Self.tags)
        return variant == 0 ? "\(repositoryName):\(tag)" : "\(repositoryName):\(tag)-r\(variant)"
    }

    private func text(for role: Role, variant: Int) -> String {
        switch role {
        case .source(let index): return source(index, variant: variant)
        case .dockerfile(let index): return dockerfile(index, variant: variant)
        case .azurePipeline(let index): return azurePipeline(index, variant: variant)
        case .githubWorkflow(let index): return githubWorkflow(index, variant: variant)
        case .kubernetes(let index): return kubernetes(index, variant: variant)
        case .config(let index): return "# settings\nlogging:\n  level: info\nfeature\(index): true\nretries: \(variant + 3)\n"
        case .project(let index): return project(index, variant: variant)
        case .sharedTemplate(let index): return sharedTemplate(index)
        case .gitlab: return gitlab(variant: variant)
        case .compose: return compose(variant: variant)
        }
    }

    private func source(_ index: Int, variant: Int) -> String {
        var rng = SplitMix("source", index < 1_000 ? repository : -1, index, variant)
        var lines = ["// File \(index) of repository \(repository)", "namespace Product\(repository).Area\(index % 17);", ""]
        for _ in 0..<rng.int(15...60) {
            let count = rng.int(3...12)
            lines.append("    " + (0..<count).map { _ in rng.pick(Self.words) }.joined(separator: " ") + ";")
        }
        if variant > 0 { lines.append("// release \(variant)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func dockerfile(_ index: Int, variant: Int) -> String {
        var rng = SplitMix("dockerfile", repository, index)
        var tagRng = SplitMix("dockerfile-tag", repository, index, variant)
        let build = image(&tagRng, variant: variant)
        let runtime = image(&tagRng, variant: variant)
        switch index % 4 {
        case 0:
            return """
                # syntax=docker/dockerfile:1
                ARG BASE=\(runtime)
                FROM \(build) AS build
                WORKDIR /src
                COPY . .
                RUN dotnet publish -c Release -o /out
                FROM build AS test
                RUN dotnet test
                FROM ${BASE} AS final
                COPY --from=build /out /app
                ENTRYPOINT ["/app/service\(index)"]

                """
        case 1:
            return """
                FROM \(build)
                # FROM an-old-image:1.0 was used before
                RUN apt-get update && apt-get install -y curl \\
                    && rm -rf /var/lib/apt/lists/*
                COPY scripts/ /scripts/
                CMD ["/scripts/run.sh"]

                """
        case 2:
            return """
                FROM --platform=$BUILDPLATFORM \(build) AS builder
                WORKDIR /work
                COPY . .
                RUN make -j\(rng.int(2...8))
                FROM scratch
                COPY --from=builder /work/bin /bin
                FROM \(runtime)
                COPY --from=builder /work/bin/tool /usr/local/bin/tool

                """
        default:
            return """
                FROM \(runtime)
                LABEL maintainer="team\(repository)@example.com"
                ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
                RUN echo building \(index)

                """
        }
    }

    private func project(_ index: Int, variant: Int) -> String {
        """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net\(8 + index % 3).0</TargetFramework>
            <AssemblyName>Service\(index)</AssemblyName>
            <Version>\(variant + 1).0.0</Version>
          </PropertyGroup>
        </Project>

        """
    }

    private func azurePipeline(_ index: Int, variant: Int) -> String {
        var rng = SplitMix("azure", repository, index, variant)
        let linux = image(&rng, variant: variant)
        let alpine = image(&rng, variant: variant)
        let literal = image(&rng, variant: variant)
        return """
            # Pipeline \(index) of repository \(repository)
            trigger:
              branches:
                include:
                - main
                - release/*

            resources:
              containers:
              - container: linux_x64
                image: \(linux)
              - container: alpine_x64
                image: \(alpine)

            variables:
            - name: Configuration
              value: Release

            jobs:
            - job: Build_Linux
              pool:
                vmImage: ubuntu-22.04
              container: linux_x64
              steps:
              - script: ./build.sh --configuration $(Configuration)
            - job: Build_Alpine
              pool:
                vmImage: ubuntu-22.04
              container: alpine_x64
              steps:
              - script: ./build.sh
            - job: Test
              pool:
                vmImage: ubuntu-22.04
              container: \(literal)
              steps:
              - script: ./test.sh

            """
    }

    private func githubWorkflow(_ index: Int, variant: Int) -> String {
        var rng = SplitMix("github", repository, index, variant)
        let container = image(&rng, variant: variant)
        return """
            name: build-\(index)
            on: [push, pull_request]
            jobs:
              build:
                runs-on: ubuntu-latest
                container: \(container)
                services:
                  redis:
                    image: redis:7
                  postgres:
                    image: postgres:16
                steps:
                  - uses: actions/checkout@v4
                  - run: make test

            """
    }

    private func kubernetes(_ index: Int, variant: Int) -> String {
        var rng = SplitMix("k8s", repository, index, variant)
        let app = image(&rng, variant: variant)
        return """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app-\(index)
            spec:
              replicas: 2
              template:
                spec:
                  initContainers:
                  - name: migrate
                    image: \(app)
                  containers:
                  - name: app
                    image: \(app)
                    ports:
                    - containerPort: 8080

            """
    }

    private func sharedTemplate(_ index: Int) -> String {
        """
        # Shared job template \(index), identical in every repository.
        parameters:
        - name: image
          type: string
          default: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64

        jobs:
        - job: Shared\(index)
          pool:
            vmImage: ubuntu-22.04
          container: ${{ parameters.image }}
          steps:
          - script: echo shared \(index)

        """
    }

    private func gitlab(variant: Int) -> String {
        var rng = SplitMix("gitlab", repository, variant)
        let base = image(&rng, variant: variant)
        return """
            image: \(base)

            stages: [build, test]

            build:
              stage: build
              script: make

            test:
              stage: test
              image: node:20-bookworm
              services:
                - name: postgres:16
              script: make test

            """
    }

    private func compose(variant: Int) -> String {
        var rng = SplitMix("compose", repository, variant)
        let database = image(&rng, variant: variant)
        return """
            services:
              web:
                build: ./src
                ports:
                  - "8080:8080"
              db:
                image: \(database)
              cache:
                image: redis:7-alpine

            """
    }
}
