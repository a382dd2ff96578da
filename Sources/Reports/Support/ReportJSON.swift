import Foundation

/// The JSON encoding every report uses: pretty-printed, keys sorted, ISO 8601 dates, so outputs are
/// stable and diff well.
public enum ReportJSON {
    /// `value` as pretty JSON text ending in a newline.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// Dates as reports print them, in UTC and independent of the machine's locale.
public enum ReportDate {
    /// `2026-01-15`.
    public static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// `2026-01-15 08:30 UTC`.
    public static func minute(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return String(formatter.string(from: date).prefix(16)) + " UTC"
    }
}
