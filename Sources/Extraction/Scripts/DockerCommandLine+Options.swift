/// Which options of the `docker`/`podman` command lines take a value, so the image argument after
/// them is found the way the CLI finds it.
struct OptionTable {
    /// What one option word does to the words after it.
    enum Step: Equatable {
        /// A flag, or an option with its value attached (`--env=X`, `-eX`, `-it`).
        case flag
        /// The next word is the option's value.
        case valueFollows
        /// `--`: the next word is the first argument.
        case endOfOptions
        /// `--help`: nothing is run.
        case help
        /// An option census does not know.
        case unknown(String)
    }

    var shortWithValue: Set<Character> = []
    var shortFlags: Set<Character> = []
    var longWithValue: Set<String> = []
    var longFlags: Set<String> = []

    /// What the option word `text` (starting with `-`) does.
    func step(_ text: String) -> Step {
        if text == "--" { return .endOfOptions }
        if text.hasPrefix("--") {
            let name = String(text.split(separator: "=", maxSplits: 1).first ?? "")
            if name == "--help" { return .help }
            if text.contains("=") { return longWithValue.contains(name) || longFlags.contains(name) ? .flag : .unknown(name) }
            if longWithValue.contains(name) { return .valueFollows }
            return longFlags.contains(name) ? .flag : .unknown(name)
        }
        // A cluster of short options: flags, then at most one option whose value is the rest or the next word.
        var letters = Substring(text.dropFirst())
        while let letter = letters.first {
            letters = letters.dropFirst()
            if shortWithValue.contains(letter) { return letters.isEmpty ? .valueFollows : .flag }
            if !shortFlags.contains(letter) { return letter == "h" ? .help : .unknown("-" + String(letter)) }
        }
        return .flag
    }
}

extension DockerCommandLine {
    /// `docker` options written before the subcommand.
    static let dockerGlobal = OptionTable(
        shortWithValue: ["H", "c", "l"], shortFlags: ["D"],
        longWithValue: ["--host", "--context", "--config", "--log-level", "--tlscacert", "--tlscert", "--tlskey"],
        longFlags: ["--debug", "--tls", "--tlsverify"])

    /// `podman` options written before the subcommand.
    static let podmanGlobal = OptionTable(
        shortWithValue: ["c"], shortFlags: ["r"],
        longWithValue: ["--connection", "--url", "--identity", "--root", "--runroot", "--storage-driver", "--storage-opt",
                        "--log-level", "--cgroup-manager", "--events-backend", "--runtime", "--tmpdir", "--imagestore",
                        "--module", "--config", "--conmon", "--hooks-dir", "--network-config-dir", "--ssh",
                        "--network-cmd-path", "--volumepath"],
        longFlags: ["--remote", "--syslog", "--noout", "--debug"])

    /// `docker buildx` options written before `build`.
    static let buildxGroup = OptionTable(longWithValue: ["--builder"], longFlags: ["--debug"])

    /// Options of `docker run`/`docker create`.
    static let dockerRun = OptionTable(
        shortWithValue: ["a", "c", "e", "h", "l", "m", "p", "u", "v", "w"], shortFlags: ["d", "i", "t", "P", "q"],
        longWithValue: runValueOptions, longFlags: runFlags)

    /// Options of `podman run`/`podman create`: docker's and podman's own.
    static let podmanRun = OptionTable(
        shortWithValue: ["a", "c", "e", "h", "l", "m", "p", "u", "v", "w"], shortFlags: ["d", "i", "t", "P", "q"],
        longWithValue: runValueOptions.union([
            "--arch", "--os", "--variant", "--pod", "--pod-id-file", "--secret", "--cgroups", "--conmon-pidfile",
            "--uidmap", "--gidmap", "--subuidname", "--subgidname", "--authfile", "--creds", "--cert-dir",
            "--decryption-key", "--preserve-fds", "--sdnotify", "--seccomp-policy", "--timeout", "--requires",
            "--passwd-entry", "--group-entry", "--image-volume", "--init-path", "--personality", "--pidfile",
            "--retry", "--retry-delay", "--umask", "--unsetenv", "--chrootdirs", "--env-merge", "--hostuser",
            "--health-on-failure", "--health-startup-cmd", "--health-startup-interval", "--health-startup-retries",
            "--health-startup-success", "--health-startup-timeout", "--rdt-class", "--tz", "--hooks-dir",
            "--log-level", "--cidfile", "--gpus", "--hosts-file", "--cpu-rt-period"]),
        longFlags: runFlags.union(["--replace", "--tls-verify", "--rootfs", "--env-host", "--http-proxy", "--no-hosts",
                                   "--passwd", "--read-only-tmpfs", "--systemd", "--quiet", "--rmi"]))

    /// Options of `docker pull`/`podman pull`.
    static let pull = OptionTable(
        shortFlags: ["a", "q"],
        longWithValue: ["--platform", "--arch", "--os", "--variant", "--authfile", "--creds", "--cert-dir",
                        "--decryption-key", "--retry", "--retry-delay", "--policy"],
        longFlags: ["--all-tags", "--quiet", "--disable-content-trust", "--tls-verify"])

    /// Long options of `docker build` that take a value (the others are flags).
    static let buildValueOptions: Set<String> = [
        "-f", "--file", "-o", "--output", "-m", "--memory", "--target", "--platform", "--label", "--cache-from",
        "--cache-to", "--network", "--progress", "--secret", "--ssh", "--iidfile", "--metadata-file", "--add-host",
        "--build-context", "--shm-size", "--ulimit", "--cgroup-parent", "--isolation", "--memory-swap",
        "--cpu-shares", "--cpu-period", "--cpu-quota", "--cpuset-cpus", "--cpuset-mems", "--builder", "--allow",
        "--annotation", "--attest", "--provenance", "--sbom", "--call", "--no-cache-filter", "--security-opt",
        "--authfile", "--creds", "--arch", "--os", "--variant", "--layers", "--format", "--jobs", "--build-arg-file",
    ]

    private static let runValueOptions: Set<String> = [
        "--add-host", "--annotation", "--attach", "--blkio-weight", "--blkio-weight-device", "--cap-add", "--cap-drop",
        "--cgroup-parent", "--cgroupns", "--cidfile", "--cpu-count", "--cpu-percent", "--cpu-period", "--cpu-quota",
        "--cpu-rt-period", "--cpu-rt-runtime", "--cpu-shares", "--cpus", "--cpuset-cpus", "--cpuset-mems",
        "--detach-keys", "--device", "--device-cgroup-rule", "--device-read-bps", "--device-read-iops",
        "--device-write-bps", "--device-write-iops", "--dns", "--dns-opt", "--dns-option", "--dns-search",
        "--domainname", "--entrypoint", "--env", "--env-file", "--expose", "--gpus", "--group-add", "--health-cmd",
        "--health-interval", "--health-retries", "--health-start-interval", "--health-start-period",
        "--health-timeout", "--hostname", "--io-maxbandwidth", "--io-maxiops", "--ip", "--ip6", "--ipc",
        "--isolation", "--kernel-memory", "--label", "--label-file", "--link", "--link-local-ip", "--log-driver",
        "--log-opt", "--mac-address", "--memory", "--memory-reservation", "--memory-swap", "--memory-swappiness",
        "--mount", "--name", "--net", "--net-alias", "--network", "--network-alias", "--oom-score-adj", "--pid",
        "--pids-limit", "--platform", "--publish", "--pull", "--restart", "--runtime", "--security-opt",
        "--shm-size", "--stop-signal", "--stop-timeout", "--storage-opt", "--sysctl", "--tmpfs", "--ulimit",
        "--user", "--userns", "--uts", "--volume", "--volume-driver", "--volumes-from", "--workdir",
    ]

    private static let runFlags: Set<String> = [
        "--detach", "--disable-content-trust", "--init", "--interactive", "--no-healthcheck", "--oom-kill-disable",
        "--privileged", "--publish-all", "--quiet", "--read-only", "--rm", "--sig-proxy", "--tty", "--use-api-socket",
    ]
}
