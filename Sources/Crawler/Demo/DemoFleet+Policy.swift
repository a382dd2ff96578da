/// The demo's policy: the .NET team's policy, with the standard catalog read from the demo's own
/// manifest repository instead of GitHub.
extension DemoFleet {
    /// policy.yml text whose prereqs catalog is the ImageBuilder manifest at `prereqsRepository`.
    public static func policy(prereqsRepository: String) -> String {
        """
        # Written by `census demo`: the fleet's policy, its catalog read from the demo's own manifest repository.
        standard:
          - mcr.microsoft.com/dotnet-buildtools/prereqs
          - mcr.microsoft.com/dotnet/*
          - mcr.microsoft.com/azurelinux/*
          - mcr.microsoft.com/cbl-mariner/*
        approvedBaseImages:
          - mcr.microsoft.com/azurelinux/base/core
          - mcr.microsoft.com/azurelinux/distroless/*
          - mcr.microsoft.com/dotnet/*:*azurelinux*
          - mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-*
        maxAgeDays: 180
        warnBeforeEolDays: 180  # eol-soon: warn six months ahead of an OS release's end of life
        catalogs:
          - repository: mcr.microsoft.com/dotnet-buildtools/prereqs
            git: \(prereqsRepository)
            branch: main
            manifest: manifest.json
        deprecated:
          - match: "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*"
            reason: CentOS 7 reached end of life on 2024-06-30 and its prereqs images are no longer rebuilt
            replacement: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64
          - match: "centos:*"
            reason: CentOS Linux is end of life (CentOS 7 ended 2024-06-30)
            replacement: mcr.microsoft.com/azurelinux/base/core:3.0
          - match: "ubuntu:18.04"
            reason: Ubuntu 18.04 is out of standard support since 2023-05-31
            replacement: ubuntu:24.04

        """
    }
}
