import Foundation

/// A parsed `WWW-Authenticate` header: `Basic realm="…"` or `Bearer realm="…",service="…",scope="…"`.
struct HTTPChallenge: Equatable {
    /// `basic` or `bearer` (lowercased).
    var scheme: String
    /// The auth-params, keys lowercased.
    var parameters: [String: String]

    /// Parses the first challenge of a header value; `nil` when there is none.
    static func parse(_ header: String?) -> HTTPChallenge? {
        guard let header else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else {
            return trimmed.isEmpty ? nil : HTTPChallenge(scheme: trimmed.lowercased(), parameters: [:])
        }
        let scheme = trimmed[..<space].lowercased()
        var parameters: [String: String] = [:]
        var rest = trimmed[trimmed.index(after: space)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(character); escaped = false; continue }
                    if character == "\\" { escaped = true; continue }
                    if character == "\"" { break }
                    value.append(character)
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
        }
        return HTTPChallenge(scheme: scheme, parameters: parameters)
    }
}

/// The `rel="next"` target of a `Link` header (`</v2/x/tags/list?last=b&n=2>; rel="next"`).
enum LinkHeader {
    static func next(_ header: String?, relativeTo base: URL) -> URL? {
        guard let header else { return nil }
        for link in header.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = parts.dropFirst().contains { parameter in
                let normalized = parameter.replacingOccurrences(of: " ", with: "").lowercased()
                return normalized == "rel=\"next\"" || normalized == "rel=next"
            }
            if isNext { return URL(string: String(target.dropFirst().dropLast()), relativeTo: base)?.absoluteURL }
        }
        return nil
    }
}

/// RFC 3339 timestamps as registries write them (`2026-01-02T03:04:05.123456789Z`, `…+02:00`); the
/// fraction is ignored, so Go's nanosecond precision is accepted.
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        let characters = Array(text.trimmingCharacters(in: .whitespaces))
        guard characters.count >= 20, characters[4] == "-", characters[7] == "-",
              characters[10] == "T" || characters[10] == "t" || characters[10] == " ",
              characters[13] == ":", characters[16] == ":" else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(characters[range])) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let base = CalendarDay.date(year: year, month: month, day: day, hour: hour, minute: minute,
                                          second: min(second, 59)) else { return nil }
        var index = 19
        if index < characters.count, characters[index] == "." {
            index += 1
            while index < characters.count, characters[index].isNumber { index += 1 }
        }
        guard index < characters.count else { return nil }
        switch characters[index] {
        case "Z", "z":
            return index + 1 == characters.count ? base : nil
        case "+", "-":
            guard characters.count == index + 6, characters[index + 3] == ":",
                  let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6) else { return nil }
            let offset = TimeInterval((hours * 60 + minutes) * 60)
            return characters[index] == "+" ? base.addingTimeInterval(-offset) : base.addingTimeInterval(offset)
        default:
            return nil
        }
    }
}
