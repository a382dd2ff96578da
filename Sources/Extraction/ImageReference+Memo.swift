import Foundation

extension ImageReference {
    /// Parsed references by text, shared by every thread of the process: a crawl meets the same few
    /// thousand image strings on every branch of every repository, and parsing is a pure function of
    /// the text, so each distinct string is parsed once while it stays in use.
    ///
    /// Bounded (`BoundedMemo`: two generations of `generationSize` entries); texts longer than
    /// `longestKey` bytes are parsed every time.
    final class ParseMemo: @unchecked Sendable {
        static let generationSize = 8_192
        static let longestKey = 512

        private let memo = BoundedMemo<String, ImageReference>(generationSize: generationSize)

        /// The parse of `text`, computed by `parse` when not held.
        func reference(for text: String, parse: (String) -> ImageReference) -> ImageReference {
            guard text.utf8.count <= Self.longestKey else { return parse(text) }
            return memo.value(for: text) { parse(text) }
        }

        /// How many entries are held (for tests).
        var count: Int { memo.count }
    }

    /// The process's memo of `parse(_:)`.
    static let parseMemo = ParseMemo()
}
