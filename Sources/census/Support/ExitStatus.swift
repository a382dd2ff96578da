import ArgumentParser
import Crawler
import Foundation

/// The documented exit codes (docs/cli.md).
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
        if !message.isEmpty { printErr(prefixed(message)) }
        if code == .validationFailure { return configuration }
        return code == .failure ? configuration : code
    }

    /// An error a command threw while running (a missing database, an unreadable file, a refused
    /// query): its message alone, never the usage text, and exit code 2; `ExitCode`s pass through.
    static func afterRun(_ error: Error) -> Error {
        if let exit = error as? ExitCode { return exit }
        if let clean = error as? CleanExit { return clean }
        // `census help <command>` runs as a command that throws its help screen.
        if Census.exitCode(for: error) == .success { return error }
        let message = (error as? ValidationError)?.message ?? String(describing: error)
        if !message.isEmpty { printErr(prefixed(message)) }
        return configuration
    }

    /// `census: error: …`, the one way every error line begins.
    private static func prefixed(_ message: String) -> String {
        let body = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
        return "census: error: " + (body.hasSuffix("\n") ? String(body.dropLast()) : body)
    }
}
