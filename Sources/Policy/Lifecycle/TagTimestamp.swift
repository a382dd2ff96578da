import Foundation

/// The build stamp inside a legacy immutable tag: `<base>-<sha7>-<yyyyMMddHHmmss>` or
/// `<base>-<yyyyMMddHHmmss>-<sha7>` (e.g. `centos-7-20210714125435-9b5bbc2`), which dates the image
/// content without any registry access.
public struct TagTimestamp: Sendable, Hashable {
    /// The floating tag the build was made from (`centos-7`).
    public var base: String
    /// The abbreviated commit of the build definition (`9b5bbc2`).
    public var commit: String
    /// When the image was built (UTC).
    public var date: Date

    /// The stamp in `tag`, or `nil` when the tag does not end in one of the two forms.
    public static func parse(_ tag: String) -> TagTimestamp? {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        let last = parts[parts.count - 1], previous = parts[parts.count - 2]
        let base = parts.dropLast(2).joined(separator: "-")
        guard !base.isEmpty else { return nil }
        if isCommit(previous), let date = date(last) {
            return TagTimestamp(base: base, commit: String(previous), date: date)
        }
        if let date = date(previous), isCommit(last) {
            return TagTimestamp(base: base, commit: String(last), date: date)
        }
        return nil
    }

    /// 7 to 40 lowercase hex digits with at least one letter, so a plain number is never taken for a commit.
    static func isCommit(_ text: Substring) -> Bool {
        (7...40).contains(text.count)
            && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
            && text.contains { $0.isLetter }
    }

    /// `yyyyMMddHHmmss` as a UTC instant, validated.
    static func date(_ text: Substring) -> Date? {
        guard text.count == 14, text.allSatisfy(\.isNumber) else { return nil }
        let digits = Array(text)
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range])) ?? -1 }
        return CalendarDay.date(year: number(0..<4), month: number(4..<6), day: number(6..<8),
                                hour: number(8..<10), minute: number(10..<12), second: number(12..<14))
    }
}
