import Foundation

/// A plain-text table with left-aligned columns, for terminals and emails.
public struct TextTable {
    /// The column titles.
    public var headers: [String]
    /// The rows, one cell per header.
    public var rows: [[String]]
    /// Cells wider than this are cut with an ellipsis so a row stays on one screen line.
    public var maxCellWidth: Int

    /// When set, no cell is cut: the last column wraps at spaces, continuing under itself, so that
    /// lines stay within this many columns wherever its words allow (a word longer than the room
    /// left keeps a line of its own). For text that must arrive whole, such as a CI log.
    public var wrapWidth: Int?

    /// The fewest columns the wrapped last column gets, however wide the others are.
    static let minimumWrappedWidth = 30

    /// A table with its headers and rows.
    public init(headers: [String], rows: [[String]] = [], maxCellWidth: Int = 120, wrapWidth: Int? = nil) {
        self.headers = headers
        self.rows = rows
        self.maxCellWidth = maxCellWidth
        self.wrapWidth = wrapWidth
    }

    /// The table as lines of text, a header rule under the headers.
    public func render() -> String {
        let cells = ([headers] + rows).map { row in
            row.map { cell -> String in
                let flat = cell.replacingOccurrences(of: "\n", with: " ")
                guard wrapWidth == nil, flat.count > maxCellWidth else { return flat }
                return String(flat.prefix(maxCellWidth - 1)) + "…"
            }
        }
        if let wrapWidth { return wrapped(cells, lineWidth: wrapWidth) }
        var widths = Array(repeating: 0, count: headers.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ row: [String]) -> String {
            var out = ""
            for (index, cell) in row.enumerated() {
                let last = index == row.count - 1
                out += last ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            return out
        }
        var lines = [line(cells[0]), line(widths.map { String(repeating: "-", count: $0) })]
        lines += cells.dropFirst().map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table with every cell whole, the last column wrapped to keep lines within `lineWidth`.
    private func wrapped(_ cells: [[String]], lineWidth: Int) -> String {
        let last = headers.count - 1
        var widths = Array(repeating: 0, count: headers.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < last { widths[index] = max(widths[index], cell.count) }
        }
        let indent = widths.prefix(last).reduce(0) { $0 + $1 + 2 }
        let room = max(Self.minimumWrappedWidth, lineWidth - indent)
        widths[last] = min(room, cells.map { $0.count > last ? $0[last].count : 0 }.max() ?? 0)
        func lines(_ row: [String]) -> [String] {
            let start = row.prefix(last).enumerated()
                .map { $0.element.padding(toLength: widths[$0.offset] + 2, withPad: " ", startingAt: 0) }.joined()
            let pieces = row.count > last ? Self.wrap(row[last], width: room) : [""]
            return [start + pieces[0]] + pieces.dropFirst().map { String(repeating: " ", count: indent) + $0 }
        }
        var out = lines(cells[0]) + lines(widths.map { String(repeating: "-", count: $0) })
        for row in cells.dropFirst() { out += lines(row) }
        return out.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n") + "\n"
    }

    /// `text` split at spaces into lines of at most `width` characters; a longer word stays whole.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }
}
