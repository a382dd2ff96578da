import Extraction

/// The one status line a crawl rewrites on a terminal: "[3/40] repositories, 1234 references — name".
///
/// It always fits the terminal: a line wider than the terminal wraps, and every later redraw (which
/// returns to the start of the current row only) would leave the wrapped part behind as a new line.
/// The repository name is shortened in the middle (its owner and its number at the end both stay
/// readable), and the last column is never written, so no terminal wraps early.
public struct ProgressLine: Sendable, Hashable {
    /// Repositories finished (recorded).
    public var done: Int
    /// Repositories in the crawl.
    public var total: Int
    /// References found so far.
    public var references: Int
    /// The repository being worked on, if any.
    public var current: String?

    /// A status line for `done` of `total` repositories.
    public init(done: Int, total: Int, references: Int, current: String?) {
        self.done = done
        self.total = total
        self.references = references
        self.current = current
    }

    /// The fewest columns worth giving a repository name; with less room it is left out.
    static let shortestName = 8

    /// The line for a terminal `columns` wide: at most `columns - 1` columns.
    public func rendered(columns: Int) -> String {
        let limit = max(0, columns - 1)
        let noun = total == 1 ? "repository" : "repositories"
        let counts = "[\(done)/\(total)] \(noun), \(references.counted("reference"))"
        guard TerminalColumns.width(counts) <= limit else { return TerminalColumns.truncated(counts, toWidth: limit) }
        guard let current else { return counts }
        let separator = " — "
        let room = limit - TerminalColumns.width(counts) - TerminalColumns.width(separator)
        let name = TerminalColumns.printable(current)
        guard room >= min(Self.shortestName, TerminalColumns.width(name)) else { return counts }
        return counts + separator + TerminalColumns.shortenedInMiddle(name, toWidth: room)
    }
}
