import Foundation

/// A child process run to completion with `posix_spawn`, waited for with `wait4` so its own peak
/// resident memory (`ru_maxrss`) is known.
struct ChildProcess {
    /// How a child ended.
    struct Result {
        var status: Int32
        var seconds: Double
        /// Peak resident set size in bytes.
        var maxResidentBytes: Int
        /// User and system CPU time of the child, in seconds.
        var cpuSeconds: Double = 0
        var command: [String]
        /// What the resident memory was made of at its largest sample (`runMeasured` only, on Linux).
        var peakSplit: MemorySplit? = nil

        /// Throws unless the child exited with 0 (or one of `allowed`).
        func check(_ what: String, allowed: Set<Int32> = [0]) throws {
            guard allowed.contains(status) else { throw BenchError.childFailed(what: what, status: status) }
        }
    }

    /// Runs `arguments` (the first found on PATH unless it holds a `/`), with standard input read from
    /// `stdinPath` (or empty), standard output written
    /// to `stdoutPath` (or discarded) and standard error to `stderrPath` (or inherited).
    static func run(_ arguments: [String], stdinPath: String? = nil, stdoutPath: String? = nil,
                    stderrPath: String? = nil, environment: [String: String]? = nil) throws -> Result {
        let started = Date()
        let pid = try spawn(arguments, stdinPath: stdinPath, stdoutPath: stdoutPath, stderrPath: stderrPath,
                            environment: environment)
        return try wait(pid, started: started, command: arguments)
    }

    /// The first argument that makes `census-bench` a measuring parent (see `runMeasured`).
    static let measuringFlag = "--measure-child"

    /// Runs `arguments` like `run`, but from a fresh `census-bench` process started for it, which spawns
    /// the command, waits for it and reports the command's own peak resident memory.
    ///
    /// Linux carries a process's peak resident memory across `exec`: a child spawned straight from this
    /// process (whose fleet generation may have peaked at a few hundred MB) would report at least this
    /// process's peak. The measuring parent is small (about 15 MB), so only it is counted against the
    /// command, and only when the command stays below it. The parent also samples the command's
    /// memory (`MemorySampler`) to say what its peak was made of.
    static func runMeasured(_ arguments: [String], stdoutPath: String? = nil, stderrPath: String? = nil) throws -> Result {
        let report = NSTemporaryDirectory() + "/census-bench-usage-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: report) }
        var result = try run(["/proc/self/exe", measuringFlag, report] + arguments, stdoutPath: stdoutPath,
                             stderrPath: stderrPath)
        result.command = arguments
        let fields = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(separator: " ").compactMap { Int($0) }
        guard fields.count >= 4 else { throw BenchError.cannotStart(command: arguments[0], code: ENOENT) }
        result.status = Int32(fields[0])
        result.maxResidentBytes = fields[1]
        result.cpuSeconds = Double(fields[2]) / 1_000_000
        // The command's own time, without the measuring parent's start and finish.
        result.seconds = Double(fields[3]) / 1_000_000
        result.peakSplit = MemorySplit(fields: Array(fields.dropFirst(4)))
        return result
    }

    /// The measuring parent's work: runs `arguments` with this process's standard streams, writes
    /// "<exit status> <peak resident bytes> <CPU microseconds> <wall microseconds>", then the largest
    /// sample's split (`MemorySplit.fields`) when there was one, to `report` and exits with the
    /// command's status.
    static func measure(report: String, arguments: [String]) -> Never {
        do {
            let (result, split) = try runSampled(arguments)
            let line = "\(result.status) \(result.maxResidentBytes) \(Int(result.cpuSeconds * 1_000_000))"
                + " \(Int(result.seconds * 1_000_000))" + (split.map { " " + $0.fields } ?? "")
            try line.write(toFile: report, atomically: true, encoding: .utf8)
            exit(result.status)
        } catch {
            FileHandle.standardError.write(Data("census-bench: \(error)\n".utf8))
            exit(127)
        }
    }

    /// Runs `arguments` with this process's standard streams while a `MemorySampler` samples it every
    /// `interval`. The wall time ends when the command exits, not when the sampler has stopped.
    static func runSampled(_ arguments: [String], interval: TimeInterval = 0.05) throws -> (Result, MemorySplit?) {
        let started = Date()
        let pid = try spawn(arguments, stdinPath: nil, stdoutPath: nil, stderrPath: nil, environment: nil,
                            inheritingOutput: true)
        let sampler = MemorySampler(pid: pid, interval: interval)
        sampler.start()
        waitForExit(pid)
        let seconds = Date().timeIntervalSince(started)
        let split = sampler.stop()
        var result = try wait(pid, started: started, command: arguments)
        result.seconds = seconds
        return (result, split)
    }

    /// Starts a child and returns its process id.
    static func spawn(_ arguments: [String], stdinPath: String? = nil, stdoutPath: String?, stderrPath: String?,
                      environment: [String: String]?, inheritingOutput: Bool = false) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        if !inheritingOutput {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        guard code == 0 else { throw BenchError.cannotStart(command: arguments[0], code: code) }
        return pid
    }

    /// One command of `runAll`.
    struct Command {
        var arguments: [String]
        var stdinPath: String? = nil
        var stdoutPath: String? = nil
        /// Exit statuses that count as success.
        var allowed: Set<Int32> = [0]
        /// What the command is, for errors.
        var what: String
    }

    /// Runs `commands`, `parallel` at a time; returns the wall time in seconds.
    static func runAll(_ commands: [Command], parallel: Int) throws -> Double {
        let started = Date()
        var pending = commands[...]
        var running: [pid_t: Command] = [:]
        while !pending.isEmpty || !running.isEmpty {
            while running.count < max(1, parallel), let command = pending.popFirst() {
                running[try spawn(command.arguments, stdinPath: command.stdinPath, stdoutPath: command.stdoutPath,
                                  stderrPath: nil, environment: nil)] = command
            }
            var status: Int32 = 0
            let pid = Glibc.wait(&status)
            guard pid > 0, let command = running.removeValue(forKey: pid) else {
                if pid < 0 && errno != EINTR { throw BenchError.cannotStart(command: "wait", code: errno) }
                continue
            }
            let exit = (status >> 8) & 0xff
            if (status & 0x7f) != 0 || !command.allowed.contains(exit) {
                throw BenchError.childFailed(what: command.what, status: exit)
            }
        }
        return Date().timeIntervalSince(started)
    }

    /// Waits until `pid` has exited without reaping it, so that its pid stays its own until `wait`.
    static func waitForExit(_ pid: pid_t) {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
    }

    /// Waits for `pid` and collects its resource usage.
    static func wait(_ pid: pid_t, started: Date, command: [String]) throws -> Result {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError.cannotStart(command: command[0], code: errno) }
        }
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return Result(status: exit, seconds: Date().timeIntervalSince(started),
                      maxResidentBytes: Int(usage.ru_maxrss) * 1024,
                      cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), command: command)
    }
}

/// What can stop the benchmark.
enum BenchError: Error, CustomStringConvertible {
    case childFailed(what: String, status: Int32)
    case cannotStart(command: String, code: Int32)
    case usage(String)
    case missingBinary(String)

    var description: String {
        switch self {
        case .childFailed(let what, let status): "\(what) failed with exit status \(status)"
        case .cannotStart(let command, let code): "cannot run \(command): \(String(cString: strerror(code)))"
        case .usage(let message): message
        case .missingBinary(let path): "\(path) not found: build it first (swift build -c release)"
        }
    }
}
