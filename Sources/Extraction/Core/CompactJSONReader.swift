import Foundation

/// A byte cursor over JSON written without spaces, with the escapes `FoundationJSONString` writes (and
/// `\u` of any character): for readers that take back exactly what the census wrote and leave
/// anything else to Foundation (`HelmStoredValueReader`, the facts cache). Every read answers nil
/// when the text is not in that form, and the caller falls back.
public struct CompactJSONReader {
    private let bytes: [UInt8]
    private var position = 0
    /// Whether a string starting with a raw U+FEFF is refused (`JSONSerialization` drops that character;
    /// `JSONDecoder` keeps it).
    private let refusesLeadingByteOrderMark: Bool

    /// A reader of `text`; `refusingLeadingByteOrderMark` for texts `JSONSerialization` would read.
    public init(_ text: String, refusingLeadingByteOrderMark: Bool) {
        bytes = Array(text.utf8)
        refusesLeadingByteOrderMark = refusingLeadingByteOrderMark
    }

    /// A reader of `data`; `refusingLeadingByteOrderMark` for texts `JSONSerialization` would read.
    public init(_ data: Data, refusingLeadingByteOrderMark: Bool) {
        bytes = Array(data)
        refusesLeadingByteOrderMark = refusingLeadingByteOrderMark
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { position == bytes.count }

    /// The next byte, not consumed.
    public var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Consumes `literal` when the text continues with it.
    public mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { expected in bytes[position..<position + count].elementsEqual(expected) }
        if matches { position += count }
        return matches
    }

    /// A whole number (`-12`, `0`), nil for anything else or one that does not fit.
    public mutating func integer() -> Int? {
        let negative = take("-")
        var value = 0
        var digits = 0
        while let byte = next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAgain) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow, !overflowAgain else { return nil }
            value = sum
            digits += 1
            position += 1
        }
        // A negative number one past Int.max cannot be read this way: left to Foundation.
        return digits > 0 ? (negative ? -value : value) : nil
    }

    /// A string (nil for one starting with a raw U+FEFF when the reader refuses those).
    public mutating func string() -> String? {
        guard take("\"") else { return nil }
        if refusesLeadingByteOrderMark, bytes[position...].starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
        var out: [UInt8] = []
        var runStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                out += bytes[runStart..<position]
                position += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            guard byte == UInt8(ascii: "\\") else {
                position += 1
                continue
            }
            out += bytes[runStart..<position]
            position += 1
            guard position < bytes.count else { return nil }
            let escaped = bytes[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let scalar = unicodeEscape() else { return nil }
                out += Array(String(Character(scalar)).utf8)
            default: return nil
            }
            runStart = position
        }
        return nil
    }

    /// The character of `\uXXXX` (a surrogate pair as two escapes); nil for a lone surrogate.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let first = hexQuad() else { return nil }
        if (0xD800..<0xDC00).contains(first) {
            guard take("\\u"), let second = hexQuad(), (0xDC00..<0xE000).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        }
        return Unicode.Scalar(first)
    }

    private mutating func hexQuad() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[position..<position + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }
}
