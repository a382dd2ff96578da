/// A CSV file (RFC 4180) that opens cleanly in a spreadsheet: every field that needs it is quoted,
/// lines end in CRLF, and text that a spreadsheet would run as a formula is defused.
public struct CSVTable: Sendable {
    /// One field.
    public enum Cell: Sendable, Hashable {
        /// Text from anywhere (repository content included); defused when it starts like a formula.
        case text(String)
        /// A whole number; written as is.
        case number(Int)
        /// A decimal number; written as is.
        case decimal(Double)
        /// An empty field.
        case empty
    }

    /// The header row.
    public var headers: [String]
    /// The data rows, one cell per header.
    public var rows: [[Cell]]

    /// A table with its headers and rows.
    public init(headers: [String], rows: [[Cell]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// The file's text: a header line, then one line per row, each ending in CRLF.
    public func render() -> String {
        var out = headers.map(Self.quoted).joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map(Self.field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return quoted(defused(text))
        case .number(let number): return String(number)
        case .decimal(let number): return number.isFinite ? String(number) : quoted(String(number))
        case .empty: return ""
        }
    }

    /// Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
    /// spreadsheet shows it instead of evaluating it (OWASP CSV injection).
    static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FE63}", "\u{FF0D}", "\u{FF20}":
            return "'" + text
        default:
            return text
        }
    }

    /// The field quoted when it holds a comma, a quote, a line break or leading/trailing spaces.
    static func quoted(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
