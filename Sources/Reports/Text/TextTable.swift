/// A plain-text table with left-aligned columns, for terminals and emails.
public struct TextTable {
    /// The column titles.
    public var headers: [String]
    /// The rows, one cell per header.
    public var rows: [[String]]
    /// Cells wider than this are cut with an ellipsis so a row stays on one screen line.
    public var maxCellWidth: Int

    /// A table with its headers and rows.
    public init(headers: [String], rows: [[String]] = [], maxCellWidth: Int = 120) {
        self.headers = headers
        self.rows = rows
        self.maxCellWidth = maxCellWidth
    }

    /// The table as lines of text, a header rule under the headers.
    public func render() -> String {
        let cells = ([headers] + rows).map { row in
            row.map { cell -> String in
                let flat = cell.replacingOccurrences(of: "\n", with: " ")
                return flat.count > maxCellWidth ? String(flat.prefix(maxCellWidth - 1)) + "…" : flat
            }
        }
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
}
