import Extraction
import Foundation

/// Shows a crawl's progress: one rewritten status line on a terminal, plain log lines when piped.
/// Writes to standard error so standard output stays parseable.
public final class CrawlProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let columns: @Sendable () -> Int
    private var runID: Int64?
    private var total = 0
    private var done = 0
    private var references = 0
    private var running: [String] = []
    private var stopped = false

    /// `interactive` defaults to whether standard error is a terminal; `columns` gives the terminal's
    /// width at each redraw (it may be resized during a crawl).
    public init(interactive: Bool = isatty(STDERR_FILENO) == 1,
                columns: @escaping @Sendable () -> Int = { TerminalColumns.width(of: STDERR_FILENO) }) {
        self.interactive = interactive
        self.columns = columns
    }

    /// Feeds one crawl event.
    public func handle(_ event: CrawlEvent) {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        switch event {
        case .started(let runID, let repositories):
            self.runID = runID
            total = repositories
            if !interactive { emit("run \(runID): crawling \(repositories.counted("repository"))") }
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

    /// What a crawl cut off (Ctrl-C) had recorded when it was stopped.
    public struct Interruption: Sendable, Hashable {
        /// The run, once it was started.
        public var runID: Int64?
        /// Repositories finished and recorded.
        public var recorded: Int
        /// Repositories in the crawl.
        public var total: Int
    }

    /// Ends the status line (keeping it, as the last state of the crawl) and stops all further output;
    /// returns what had been recorded.
    public func interrupt() -> Interruption {
        lock.lock()
        defer { lock.unlock() }
        if interactive && !stopped { FileHandle.standardError.write(Data("\n".utf8)) }
        stopped = true
        return Interruption(runID: runID, recorded: done, total: total)
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
            line = "PARTIAL \(outcome.name): \(outcome.branches.counted("branch")) (\(outcome.branchesFailed) failed), "
                + outcome.references.counted("reference")
        case .ok, .failed:
            line = "ok \(outcome.name): \(outcome.branches.counted("branch")), \(outcome.references.counted("reference"))"
        }
        if outcome.unchanged { line += ", unchanged" }
        line += String(format: " (%.1fs)", outcome.seconds)
        line += repaired
        for failure in outcome.branchErrors { line += "\n  branch failed: \(failure)" }
        return line
    }

    private func redraw() {
        let line = ProgressLine(done: done, total: total, references: references, current: running.last)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line.rendered(columns: columns())).utf8))
    }

    private func clearLine() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func emit(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
