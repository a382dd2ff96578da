import ArgumentParser
import Crawler
import Foundation

/// The documented exit codes (SPEC §8).
enum ExitStatus {
    static let violations = ExitCode(1)
    static let configuration = ExitCode(2)
    static let partialCrawl = ExitCode(3)
    /// Ctrl-C during a crawl: 128 + SIGINT, as a shell reports a process the signal ended.
    static let interrupted = ExitCode(130)

    /// Turns argument-parser usage failures (64) and configuration errors into exit code 2 with a
    /// message; leaves `ExitCode`s and help requests alone.
    static func normalize(_ error: Error) -> Error {
        if let exit = error as? ExitCode { return exit }
        if let clean = error as? CleanExit { return clean }
        let code = Census.exitCode(for: error)
        if code == .success { return error }
        let message = Census.fullMessage(for: error)
        if !message.isEmpty { FileHandle.standardError.write(Data(("census: " + message + "\n").utf8)) }
        if code == .validationFailure { return configuration }
        return code == .failure ? configuration : code
    }
}
