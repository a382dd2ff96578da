import Foundation

/// Shows a crawl's progress: one rewritten status line on a terminal, plain log lines when piped.
/// Writes to standard error so standard output stays parseable.
public final class CrawlProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private var total = 0
    private var done = 0
    private var references = 0
    private var running: [String] = []

    /// `interactive` defaults to whether standard error is a terminal.
    public init(interactive: Bool = isatty(STDERR_FILENO) == 1) {
        self.interactive = interactive
    }

    /// Feeds one crawl event.
    public func handle(_ event: CrawlEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let runID, let repositories):
            total = repositories
            if !interactive { emit("run \(runID): crawling \(repositories) repositories") }
        case .repositoryStarted(let name):
            running.append(name)
        case .repositoryFinished(let outcome):
            done += 1
            references += outcome.references
            running.removeAll { $0 == outcome.name }
            if interactive {
                if outcome.failed || !outcome.branchErrors.isEmpty || outcome.repaired != nil {
                    clearLine()
                    emit(Self.describe(outcome))
                }
            } else {
                emit(Self.describe(outcome))
            }
        }
        if interactive { redraw() }
    }

    /// Clears the status line once the crawl is over.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if interactive { clearLine() }
    }

    /// One log line for a finished repository.
    public static func describe(_ outcome: RepositoryOutcome) -> String {
        let repaired = outcome.repaired.map { "\n  repaired: \($0)" } ?? ""
        if let error = outcome.error {
            return "FAILED \(outcome.name): \(error)" + repaired
        }
        var line: String
        switch outcome.status {
        case .partial:
            line = "PARTIAL \(outcome.name): \(outcome.branches) branches (\(outcome.branchesFailed) failed), "
                + "\(outcome.references) references"
        case .ok, .failed:
            line = "ok \(outcome.name): \(outcome.branches) branches, \(outcome.references) references"
        }
        if outcome.fetchSkipped { line += ", unchanged" }
        line += String(format: " (%.1fs)", outcome.seconds)
        line += repaired
        for failure in outcome.branchErrors { line += "\n  branch failed: \(failure)" }
        return line
    }

    private func redraw() {
        let current = running.last.map { " — \($0)" } ?? ""
        let text = "[\(done)/\(total)] repositories, \(references) references\(current)"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + String(text.prefix(160))).utf8))
    }

    private func clearLine() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func emit(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
