import ArgumentParser
import Foundation
import Policy

/// `--policy PATH`: the policy file, `policy.yml` in the current folder when present (docs/cli.md).
struct PolicyOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The policy file. (default: policy.yml when present)", valueName: "path"))
    var policy: String?

    /// The policy given or found, `nil` when none was given and none is present.
    func load() throws -> PolicyDocument? {
        if let policy { return try PolicyDocument.load(contentsOf: URL(fileURLWithPath: policy)) }
        guard FileManager.default.fileExists(atPath: "policy.yml") else { return nil }
        return try PolicyDocument.load(contentsOf: URL(fileURLWithPath: "policy.yml"))
    }

    /// The policy, or a usage error (exit 2) naming how to give one.
    func require() throws -> PolicyDocument {
        guard let document = try load() else {
            throw ValidationError("no policy: pass --policy PATH or put a policy.yml in the current folder")
        }
        return document
    }
}

/// Runs blocking work (libgit2) on its own thread, never on Swift's cooperative pool.
func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}
