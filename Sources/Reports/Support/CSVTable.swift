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

    /// Text a spreadsheet would evaluate gets a leading `'`, so it is shown instead of run (OWASP CSV
    /// injection): anything starting with `=`, `+`, a tab, a carriage return or a line feed (or a full-width
    /// `=`, `+`, `-`, `@`); `-` unless the whole text is a plain number or a lone `-`; `@` unless the whole
    /// text is owner handles (`@user`, `@org/team`, `@a @org/b`). Those exceptions hold no function call,
    /// no `|` and no `!`, so a spreadsheet can at most show them as a number or a name error, and a script
    /// filtering on an owner or a negative number finds it as written (docs/reports.md).
    static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "\t", "\r", "\n", "\u{FF1D}", "\u{FF0B}", "\u{FE63}", "\u{FF0D}", "\u{FF20}":
            return "'" + text
        case "-":
            return text == "-" || isPlainNumber(text) ? text : "'" + text
        case "@":
            return isOwnerHandle(text) ? text : "'" + text
        default:
            return text
        }
    }

    /// `-12` or `-1.5`: a sign, then digits with at most one decimal point between digits.
    static func isPlainNumber(_ text: String) -> Bool {
        let parts = text.unicodeScalars.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isDigit) }
    }

    /// CODEOWNERS handles: `@user` or `@org/team`, each name ASCII letters, digits, `-`, `_` and `.`,
    /// starting with a letter or digit; several handles (the owners of one rule) separated by one space.
    static func isOwnerHandle(_ text: String) -> Bool {
        text.split(separator: " ", omittingEmptySubsequences: false).allSatisfy { handle in
            guard handle.first == "@" else { return false }
            let parts = handle.unicodeScalars.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
            return (1...2).contains(parts.count) && parts.allSatisfy { name in
                guard let lead = name.first, isLetterOrDigit(lead), name.count <= 100 else { return false }
                return name.allSatisfy { isLetterOrDigit($0) || $0 == "-" || $0 == "_" || $0 == "." }
            }
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// The field quoted when it holds a comma, a quote, a line break or leading/trailing spaces.
    static func quoted(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
