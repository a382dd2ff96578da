import Foundation

extension ImageReference {
    /// Parsed references by text, shared by every thread of the process: a crawl meets the same few
    /// thousand image strings on every branch of every repository, and parsing is a pure function of
    /// the text, so each distinct string is parsed once while it stays in use.
    ///
    /// Bounded: two generations of at most `generationSize` entries each (a hit in the old generation
    /// moves the entry back to the young one; a full young generation replaces the old one), and texts
    /// longer than `longestKey` bytes are parsed every time.
    final class ParseMemo: @unchecked Sendable {
        static let generationSize = 8_192
        static let longestKey = 512

        private let lock = NSLock()
        private var young: [String: ImageReference] = [:]
        private var old: [String: ImageReference] = [:]

        /// The parse of `text`, computed by `parse` when not held.
        func reference(for text: String, parse: (String) -> ImageReference) -> ImageReference {
            guard text.utf8.count <= Self.longestKey else { return parse(text) }
            if let known = lookUp(text) { return known }
            let parsed = parse(text)
            lock.withLock { insertLocked(text, parsed) }
            return parsed
        }

        /// How many entries are held (for tests).
        var count: Int { lock.withLock { young.count + old.count } }

        private func lookUp(_ text: String) -> ImageReference? {
            lock.withLock {
                if let value = young[text] { return value }
                guard let value = old.removeValue(forKey: text) else { return nil }
                insertLocked(text, value)
                return value
            }
        }

        private func insertLocked(_ text: String, _ value: ImageReference) {
            if young.count >= Self.generationSize, young[text] == nil {
                old = young
                young = [:]
            }
            young[text] = value
        }
    }

    /// The process's memo of `parse(_:)`.
    static let parseMemo = ParseMemo()
}
