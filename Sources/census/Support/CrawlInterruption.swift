import Crawler
import Extraction
import Foundation

/// Ctrl-C during a crawl: ends the progress line, says what the run recorded and that the next crawl
/// finishes it, and exits 130 (128 + SIGINT, as shells report it).
///
/// The run row stays `running`: what it recorded is committed, the process holding the writer lock
/// is gone once it exits, and the next crawl marks such a run `interrupted` before starting its own
/// (`AppDatabase.markUnfinishedRunsInterrupted`). That crawl reuses every commit the cut-off run
/// stored and fetches only branches that moved.
final class CrawlInterruption {
    private let source: DispatchSourceSignal

    /// Catches SIGINT from now until `end()`.
    init(progress: CrawlProgressPrinter) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "census-interrupt"))
        source.setEventHandler {
            let state = progress.interrupt()
            printErr(Self.message(state))
            _exit(ExitStatus.interrupted.rawValue)
        }
        source.resume()
    }

    /// Restores the default Ctrl-C (the crawl is over).
    func end() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    /// What the user is told after Ctrl-C.
    static func message(_ state: CrawlProgressPrinter.Interruption) -> String {
        guard let runID = state.runID else { return "census: interrupted before the crawl started; nothing was recorded" }
        return "census: interrupted; run \(runID) recorded \(state.recorded) of "
            + "\(state.total.counted("repository")), which are kept.\n"
            + "The next census crawl marks run \(runID) interrupted and finishes the crawl, reusing what it recorded."
    }
}
