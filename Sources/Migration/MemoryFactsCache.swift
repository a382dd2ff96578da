import Crawler
import Extraction
import Foundation

/// Facts extracted during one migration run, kept in memory by blob: the re-scan of a change and the
/// scans of a repository's other branches read again only the files whose bytes differ.
final class MemoryFactsCache: FactsCache, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [FactsKey: FileFacts] = [:]

    func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts] {
        lock.withLock {
            var found: [FactsKey: FileFacts] = [:]
            for key in keys { found[key] = stored[key] }
            return found
        }
    }

    func store(_ facts: [FactsKey: FileFacts]) {
        lock.withLock { stored.merge(facts) { _, new in new } }
    }
}
