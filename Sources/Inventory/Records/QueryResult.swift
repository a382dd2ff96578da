/// The answer to a read-only query: column names and rows in SQLite's order.
public struct QueryResult: Sendable, Hashable {
    /// Column names as the statement names them.
    public var columns: [String]
    /// One array per row, one value per column.
    public var rows: [[QueryValue]]

    /// A result with every field given.
    public init(columns: [String], rows: [[QueryValue]]) {
        self.columns = columns
        self.rows = rows
    }
}
