import Foundation

/// An ISO 8601 week such as `2026-W47` (weeks start on Monday; week 1 holds the year's first Thursday).
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The ISO week-numbering year (differs from the calendar year around New Year).
    public let year: Int
    /// The week number, 1 to 52 or 53.
    public let week: Int

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()

    /// The week holding `date` (in UTC).
    public init(containing date: Date) {
        let parts = Self.calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        year = parts.yearForWeekOfYear ?? 1970
        week = parts.weekOfYear ?? 1
    }

    /// Parses `YYYY-Www` (also `YYYY-ww`); `nil` when the text is no such week of that year.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]) else { return nil }
        let weekText = parts[1].hasPrefix("W") ? parts[1].dropFirst() : parts[1]
        guard (1...2).contains(weekText.count), weekText.allSatisfy(\.isASCII), let week = Int(weekText),
              (1...53).contains(week) else { return nil }
        var components = DateComponents()
        components.yearForWeekOfYear = year
        components.weekOfYear = week
        components.weekday = 2
        guard let monday = Self.calendar.date(from: components),
              ISOWeek(containing: monday) == ISOWeek(year: year, week: week) else { return nil }
        self.year = year
        self.week = week
    }

    private init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// Monday 00:00 UTC of the week.
    public var start: Date {
        var components = DateComponents()
        components.yearForWeekOfYear = year
        components.weekOfYear = week
        components.weekday = 2
        return Self.calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// The week before.
    public var previous: ISOWeek { ISOWeek(containing: start.addingTimeInterval(-3 * 86_400)) }

    /// `YYYY-Www`, as report folders are named.
    public var description: String { String(format: "%04d-W%02d", year, week) }

    /// Orders by year, then week.
    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }

    /// Encodes as its `YYYY-Www` text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes `YYYY-Www` text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let week = ISOWeek(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO week: \(text)"))
        }
        self = week
    }
}
