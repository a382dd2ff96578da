/// Reads back the JSON `HelmValue.storedText` writes, without going through Foundation objects.
///
/// It accepts exactly that form (`{"v":…}`: objects, arrays, strings with the writer's escapes,
/// `true`, `false`, `null`, no spaces) and answers nil for anything else, which `HelmValue.fromStored`
/// then reads through `JSONSerialization` as it always did: a number, a duplicate key, a string
/// starting with U+FEFF (which `JSONSerialization` drops), JSON from another writer.
struct HelmStoredValueReader {
    /// Deepest nesting read here (the values `HelmValue.from` keeps are far shallower).
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The value, or nil when the text is not in the writer's form.
    mutating func read() -> HelmValue? {
        guard take("{\"v\":"), let value = value(depth: 0), take("}"), position == bytes.count else { return nil }
        return value
    }

    private mutating func value(depth: Int) -> HelmValue? {
        guard depth < Self.maxDepth, position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""): return string().map(HelmValue.string)
        case UInt8(ascii: "["): return list(depth: depth)
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "t"): return take("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return take("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return take("null") ? .null : nil
        default: return nil
        }
    }

    private mutating func list(depth: Int) -> HelmValue? {
        position += 1
        var items: [HelmValue] = []
        if take("]") { return .list(items) }
        repeat {
            guard let item = value(depth: depth + 1) else { return nil }
            items.append(item)
        } while take(",")
        return take("]") ? .list(items) : nil
    }

    /// A mapping, or the tagged forms `HelmValue.stored` writes for numbers, YAML 1.1 words and what
    /// only an install knows (a single key of that name with a string).
    private mutating func object(depth: Int) -> HelmValue? {
        position += 1
        var entries: [String: HelmValue] = [:]
        if !take("}") {
            repeat {
                guard let key = string(), take(":"), let value = value(depth: depth + 1),
                      entries.updateValue(value, forKey: key) == nil else { return nil }
            } while take(",")
            guard take("}") else { return nil }
        }
        if entries.count == 1, let (key, value) = entries.first, case .string(let text) = value {
            switch key {
            case "\u{1}number": return .number(text)
            case HelmValue.ambiguousKey: return .ambiguous(text)
            case "\u{1}unknowable": return .unknowable(text)
            default: break
            }
        }
        return .map(entries)
    }

    /// A string with the escapes `FoundationJSONString` writes (and `\u` of any character).
    private mutating func string() -> String? {
        guard take("\"") else { return nil }
        // JSONSerialization drops a U+FEFF that starts a string: left to it.
        if bytes[position...].starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
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

    /// Consumes `literal` when the text continues with it.
    private mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { expected in bytes[position..<position + count].elementsEqual(expected) }
        if matches { position += count }
        return matches
    }
}
