import Extraction
import Foundation
import Inventory

/// Prints the rows of `census sql` as a table for people, CSV for spreadsheets or JSON for programs.
public enum QueryResultFormatter {
    /// The output formats of `census sql`.
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, json
    }

    /// `result` in `format`.
    public static func render(_ result: QueryResult, as format: Format) -> String {
        switch format {
        case .table: return table(result)
        case .csv: return csv(result)
        case .json: return json(result)
        }
    }

    /// Aligned columns, `NULL` for SQL NULL, and the row count.
    public static func table(_ result: QueryResult) -> String {
        let rows = result.rows.map { $0.map { TerminalText.clean($0.text ?? "NULL") } }
        let count = result.rows.count.counted("row")
        if result.columns.isEmpty { return count + "\n" }
        return TextTable(headers: result.columns, rows: rows).render() + count + "\n"
    }

    /// RFC 4180 CSV with a header row; NULL is an empty field.
    public static func csv(_ result: QueryResult) -> String {
        CSVTable(headers: result.columns, rows: result.rows.map { $0.map(cell) }).render()
    }

    /// A JSON array with one object per row, keys in column order; NULL is `null`, blobs are `x'…'` hex.
    public static func json(_ result: QueryResult) -> String {
        if result.rows.isEmpty { return "[]\n" }
        let keys = result.columns.map(JSONText.string)
        let objects = result.rows.map { row in
            "  {" + zip(keys, row).map { "\($0): \(value($1))" }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    static func cell(_ value: QueryValue) -> CSVTable.Cell {
        switch value {
        case .null: return .empty
        case .integer(let number): return Int(exactly: number).map(CSVTable.Cell.number) ?? .text(String(number))
        case .real(let number): return .decimal(number)
        case .text, .blob: return .text(value.text ?? "")
        }
    }

    static func value(_ value: QueryValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number): return String(number)
        case .real(let number): return number.isFinite ? String(number) : "null"
        case .text, .blob: return JSONText.string(value.text ?? "")
        }
    }
}
