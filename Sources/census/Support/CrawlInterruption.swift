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
///
/// Ctrl-C is caught by a plain signal handler, installed before `init` returns, that writes one byte
/// to a pipe (all a handler may safely do); a thread of its own reads the pipe and does the rest. A
/// dispatch signal source was used before: it ignored SIGINT at once but registered its watcher later,
/// on another thread, so a Ctrl-C in between was lost and the crawl ran on to its end.
final class CrawlInterruption {
    private let reader: Thread
    private let writeEnd: Int32

    /// Catches SIGINT from now until `end()`.
    init(progress: CrawlProgressPrinter) {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        let readEnd = ends[0]
        writeEnd = ends[1]
        reader = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                // 0: `end()` closed the pipe; the crawl is over.
                guard count == 1 else {
                    close(readEnd)
                    return
                }
                let state = progress.interrupt()
                printErr(Self.message(state))
                _exit(ExitStatus.interrupted.rawValue)
            }
        }
        reader.name = "census-interrupt"
        // Without a pipe (no file descriptor left) Ctrl-C keeps its default: the process ends at once
        // and the next crawl marks the run interrupted all the same.
        guard writeEnd >= 0 else { return }
        reader.start()
        interruptionPipe = writeEnd
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptionPipe, &byte, 1)
        }
    }

    /// Restores the default Ctrl-C (the crawl is over).
    func end() {
        guard writeEnd >= 0 else { return }
        signal(SIGINT, SIG_DFL)
        interruptionPipe = -1
        close(writeEnd)
    }

    /// What the user is told after Ctrl-C.
    static func message(_ state: CrawlProgressPrinter.Interruption) -> String {
        guard let runID = state.runID else { return "census: interrupted before the crawl started; nothing was recorded" }
        return "census: interrupted; run \(runID) recorded \(state.recorded) of "
            + "\(state.total.counted("repository")), which are kept.\n"
            + "The next census crawl marks run \(runID) interrupted and finishes the crawl, reusing what it recorded."
    }
}

/// Where the SIGINT handler writes: a C signal handler captures nothing, so it reads this global (an
/// `Int32` write is atomic on every platform census runs on; `-1` when no crawl is catching Ctrl-C).
nonisolated(unsafe) private var interruptionPipe: Int32 = -1
