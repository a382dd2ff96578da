/// A `branches=` glob from repos.txt: `*` matches within one `/`-separated segment, `**` across segments.
public struct BranchPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    private let segments: [Substring]

    /// Parses a glob; `nil` when it is empty or has an empty segment (`release//x`, `/main`).
    public init?(_ text: String) {
        guard !text.isEmpty, !text.hasPrefix("/"), !text.hasSuffix("/"), !text.contains("//") else { return nil }
        self.text = text
        self.segments = text.split(separator: "/", omittingEmptySubsequences: false)
    }

    public var description: String { text }

    /// Whether `branch` (a short name such as `release/8.0`) matches.
    public func matches(_ branch: String) -> Bool {
        let parts = branch.split(separator: "/", omittingEmptySubsequences: false)
        return Self.match(segments[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ parts: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            // `**` takes zero or more whole segments.
            var index = parts.startIndex
            while true {
                if match(rest, parts[index...]) { return true }
                if index == parts.endIndex { return false }
                index += 1
            }
        }
        guard let part = parts.first, segmentMatches(Array(first.utf8), Array(part.utf8)) else { return false }
        return match(pattern.dropFirst(), parts.dropFirst())
    }

    /// `*` (any run of characters) and `?` (one character) within one segment; iterative with backtracking.
    private static func segmentMatches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var p = 0, t = 0
        var star: Int? = nil, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p; resume = t; p += 1
            } else if let s = star {
                p = s + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
