import Foundation
import Git

/// The remote listings of a crawl's first repositories, started before its inventory is open.
/// Creating a new inventory takes tens of milliseconds on one core (migrations, a first sync to
/// disk), while the network and the other cores would otherwise wait; a listing does not need the
/// inventory. `FleetCrawler.synchronize` takes a repository's listing from here, once (waiting for
/// it when it is still running), and lists every other repository itself.
public final class EarlyListings: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished: [String: Result<RemoteHeads, any Error>] = [:]
    private var running: Set<String> = []

    /// Lists the first `count` network repositories of `specs` (local paths are read in place, never
    /// listed), each on a thread of its own, as `synchronize` would list them.
    public init(_ specs: [RepositorySpec], count: Int, credentials: Credentials, timeout: Duration?) {
        let urls = specs.map(\.url).filter { RepositoryLocation.localPath(of: $0) == nil }.prefix(max(0, count))
        running = Set(urls)
        for url in urls {
            DispatchQueue.global(qos: .userInitiated).async {
                let result = Result<RemoteHeads, any Error> {
                    try Remote.listBranches(url: url, credentials: credentials, timeout: timeout ?? Remote.defaultListTimeout)
                }
                self.condition.withLock {
                    self.running.remove(url)
                    self.finished[url] = result
                    self.condition.broadcast()
                }
            }
        }
    }

    /// Returns once every listing started here is done.
    func waitForAll() {
        condition.withLock {
            while !running.isEmpty { condition.wait() }
        }
    }

    /// The listing of `url` made here, once it is done; nil when none was started (or it was taken).
    func take(_ url: String) -> Result<RemoteHeads, any Error>? {
        condition.withLock {
            while running.contains(url) { condition.wait() }
            return finished.removeValue(forKey: url)
        }
    }
}
